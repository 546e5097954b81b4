import { ReplacementResultSchema } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** The dry run of DESIGN §12: every port that uses `from`, and what §3 says of `to` on each server. */
export async function previewReplacement(from: string, to: string, signal?: AbortSignal) {
  const { body } = await apiRequest('/api/certificate-replacements', ReplacementResultSchema, {
    method: 'POST',
    body: { from, to, dryRun: true },
    signal,
  });
  return body;
}

export const replacementPreviewQueryOptions = (from: string, to: string) =>
  queryOptions({
    queryKey: ['certificate-replacements', 'preview', from, to],
    queryFn: ({ signal }) => previewReplacement(from, to, signal),
    // What is applied is what was previewed: the preview changes only when the administrator asks again.
    staleTime: Infinity,
    gcTime: 0,
  });

export function useReplacementPreview(from: string, to: string | null) {
  return useQuery({ ...replacementPreviewQueryOptions(from, to ?? ''), enabled: to !== null });
}
