import { MessageInstanceListSchema, type MessageInstanceStatus } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export type InstancesFilter = { status?: MessageInstanceStatus; sendPort?: string };

/** The API's page limit: a group with more suspended instances than this has a bigger problem to show. */
export const INSTANCES_PAGE_SIZE = 1000;

export function getInstances(filter: InstancesFilter, signal?: AbortSignal) {
  const search = new URLSearchParams({ limit: String(INSTANCES_PAGE_SIZE) });
  if (filter.status) search.set('status', filter.status);
  if (filter.sendPort) search.set('sendPort', filter.sendPort);
  return apiGet(`/api/instances?${search.toString()}`, MessageInstanceListSchema, signal);
}

export const instancesQueryOptions = (filter: InstancesFilter) =>
  queryOptions({
    queryKey: ['instances', filter],
    queryFn: ({ signal }) => getInstances(filter, signal),
  });

export function useInstances(filter: InstancesFilter) {
  return useQuery(instancesQueryOptions(filter));
}
