import { GroupHubSchema, type GroupHub } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export function getGroupHub(signal?: AbortSignal): Promise<GroupHub> {
  return apiGet('/api/group/hub', GroupHubSchema, signal);
}

export const groupHubQueryOptions = () =>
  queryOptions({
    queryKey: ['group', 'hub'],
    queryFn: ({ signal }) => getGroupHub(signal),
    // An overview administrators leave open: it keeps itself current.
    refetchInterval: 60_000,
  });

export function useGroupHub() {
  return useQuery(groupHubQueryOptions());
}
