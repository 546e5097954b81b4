import { ApplicationListSchema } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export function getApplications(signal?: AbortSignal) {
  return apiGet('/api/applications', ApplicationListSchema, signal);
}

export const applicationsQueryOptions = () =>
  queryOptions({ queryKey: ['applications'], queryFn: ({ signal }) => getApplications(signal) });

export function useApplications() {
  return useQuery(applicationsQueryOptions());
}
