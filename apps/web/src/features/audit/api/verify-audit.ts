import { AuditVerifyResponseSchema } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export function verifyAudit(signal?: AbortSignal) {
  return apiGet('/api/audit/verify', AuditVerifyResponseSchema, signal);
}

export const auditVerificationQueryOptions = () =>
  queryOptions({ queryKey: ['audit', 'verify'], queryFn: ({ signal }) => verifyAudit(signal) });

export function useAuditVerification() {
  return useQuery(auditVerificationQueryOptions());
}
