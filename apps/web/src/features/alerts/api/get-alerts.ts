import { AlertListSchema, type AlertList } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

/** The most alerts one page shows; the list says how many there are in all. */
export const ALERTS_PAGE_SIZE = 500;

export function getAlerts(signal?: AbortSignal): Promise<AlertList> {
  return apiGet(`/api/alerts?limit=${ALERTS_PAGE_SIZE}`, AlertListSchema, signal);
}

export const alertsQueryOptions = () =>
  queryOptions({
    queryKey: ['alerts'],
    queryFn: ({ signal }) => getAlerts(signal),
    // Webhook retries go on in the background: the attempts keep coming in.
    refetchInterval: 60_000,
  });

export function useAlerts() {
  return useQuery(alertsQueryOptions());
}
