import { apiPath, StoreCertificateSummaryListSchema } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

// The whole store at once: the list filters and sorts in the browser, instantly, like the Windows dialog.
// Only the columns it shows: a store of 20,000 certificates is then half the bytes.
const WHOLE_STORE = 50_000;

export function getStoreCertificates(computer: string, signal?: AbortSignal) {
  return apiGet(
    `${apiPath`/api/computers/${computer}/stores/other-people/certificates`}?limit=${WHOLE_STORE}&view=summary`,
    StoreCertificateSummaryListSchema,
    signal,
  );
}

export const storeCertificatesQueryOptions = (computer: string) =>
  queryOptions({
    queryKey: ['stores', computer, 'other-people'],
    queryFn: ({ signal }) => getStoreCertificates(computer, signal),
  });

export function useStoreCertificates(computer: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...storeCertificatesQueryOptions(computer), enabled: options.enabled ?? true });
}
