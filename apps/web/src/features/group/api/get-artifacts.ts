import { apiPath, ArtifactListSchema, type ArtifactKind } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

/** An application's artifacts of one kind, or the group's (Parties, Message Boxes, Adapters) when application is null. */
export function getArtifacts(application: string | null, kind: ArtifactKind, signal?: AbortSignal) {
  const path =
    application === null
      ? apiPath`/api/artifacts?kind=${kind}`
      : apiPath`/api/applications/${application}/artifacts?kind=${kind}`;
  return apiGet(path, ArtifactListSchema, signal);
}

export const artifactsQueryOptions = (application: string | null, kind: ArtifactKind) =>
  queryOptions({
    queryKey: ['artifacts', application, kind],
    queryFn: ({ signal }) => getArtifacts(application, kind, signal),
  });

export function useArtifacts(application: string | null, kind: ArtifactKind) {
  return useQuery(artifactsQueryOptions(application, kind));
}
