import { apiPath, SendPortSchema, type SendPort } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** A port with the ETag that a later PUT or DELETE must send back in If-Match. */
export type SendPortWithEtag = { port: SendPort; etag: string };

export async function getSendPort(name: string, signal?: AbortSignal): Promise<SendPortWithEtag> {
  const { body, headers } = await apiRequest(apiPath`/api/send-ports/${name}`, SendPortSchema, { signal });
  return { port: body, etag: headers.get('ETag') ?? `"${body.version}"` };
}

export const sendPortQueryOptions = (name: string) =>
  queryOptions({
    queryKey: ['send-ports', name],
    queryFn: ({ signal }) => getSendPort(name, signal),
    // The dialog edits against the version it opened; refetching behind the user's back would hide a conflict.
    staleTime: Infinity,
  });

export function useSendPort(name: string) {
  return useQuery(sendPortQueryOptions(name));
}
