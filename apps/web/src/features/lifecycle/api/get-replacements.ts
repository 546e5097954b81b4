import { apiPath, ScheduledReplacementListSchema } from '@bts-console/domain';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiRequest } from '../../../lib/api-client';

export const REPLACEMENTS_PAGE_SIZE = 100;

/** Scheduled replacements, pending ones first as the API lists them. */
export function getReplacements(signal?: AbortSignal) {
  return apiGet(
    `/api/certificate-replacements?limit=${REPLACEMENTS_PAGE_SIZE}`,
    ScheduledReplacementListSchema,
    signal,
  );
}

export const replacementsQueryOptions = () =>
  queryOptions({
    queryKey: ['certificate-replacements', 'list'],
    queryFn: ({ signal }) => getReplacements(signal),
  });

export function useReplacements() {
  return useQuery(replacementsQueryOptions());
}

export async function cancelReplacement(id: string) {
  await apiRequest(apiPath`/api/certificate-replacements/${id}`, null, { method: 'DELETE' });
}

export function useCancelReplacement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelReplacement,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['certificate-replacements'] }),
  });
}
