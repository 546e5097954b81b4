import { GroupResponseSchema, type GroupResponse } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export function getGroup(signal?: AbortSignal): Promise<GroupResponse> {
  return apiGet('/api/group', GroupResponseSchema, signal);
}

export const groupQueryOptions = () =>
  queryOptions({ queryKey: ['group'], queryFn: ({ signal }) => getGroup(signal), staleTime: 5 * 60_000 });

export function useGroup() {
  return useQuery(groupQueryOptions());
}
