import { AuditListSchema } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export type AuditFilters = {
  target?: string;
  user?: string;
  action?: string;
  since?: string;
  until?: string;
};

export const AUDIT_PAGE_SIZE = 1000;

export function getAudit(filters: AuditFilters, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  return apiGet(`/api/audit?${query.toString()}`, AuditListSchema, signal);
}

export const auditQueryOptions = (filters: AuditFilters) =>
  queryOptions({ queryKey: ['audit', filters], queryFn: ({ signal }) => getAudit(filters, signal) });

export function useAudit(filters: AuditFilters) {
  return useQuery(auditQueryOptions(filters));
}
