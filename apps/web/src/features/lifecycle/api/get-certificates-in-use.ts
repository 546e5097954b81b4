import { CertificatesInUseListSchema } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

/** One page holds every certificate a group of this size uses; the view says so when there are more. */
export const IN_USE_PAGE_SIZE = 1000;

export function getCertificatesInUse(signal?: AbortSignal) {
  return apiGet(`/api/certificates/in-use?limit=${IN_USE_PAGE_SIZE}`, CertificatesInUseListSchema, signal);
}

export const certificatesInUseQueryOptions = () =>
  queryOptions({
    queryKey: ['certificates', 'in-use'],
    queryFn: ({ signal }) => getCertificatesInUse(signal),
  });

export function useCertificatesInUse() {
  return useQuery(certificatesInUseQueryOptions());
}
