import { apiPath, CertificateDetailSchema } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export function getCertificate(thumbprint: string, signal?: AbortSignal) {
  return apiGet(apiPath`/api/certificates/${thumbprint}`, CertificateDetailSchema, signal);
}

export const certificateQueryOptions = (thumbprint: string) =>
  queryOptions({
    queryKey: ['certificates', thumbprint],
    queryFn: ({ signal }) => getCertificate(thumbprint, signal),
  });

export function useCertificate(thumbprint: string | null) {
  return useQuery({ ...certificateQueryOptions(thumbprint ?? ''), enabled: thumbprint !== null });
}
