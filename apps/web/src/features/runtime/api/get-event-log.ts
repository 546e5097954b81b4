import { EventLogEntryListSchema, type EventLevel } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export type EventLogFilter = { computer: string; level?: EventLevel };

/** The API's page limit; the viewer says when older entries are not shown. */
export const EVENT_LOG_PAGE_SIZE = 1000;

export function getEventLog(filter: EventLogFilter, signal?: AbortSignal) {
  const search = new URLSearchParams({ computer: filter.computer, limit: String(EVENT_LOG_PAGE_SIZE) });
  if (filter.level) search.set('level', filter.level);
  return apiGet(`/api/event-log?${search.toString()}`, EventLogEntryListSchema, signal);
}

export const eventLogQueryOptions = (filter: EventLogFilter) =>
  queryOptions({
    queryKey: ['event-log', filter],
    queryFn: ({ signal }) => getEventLog(filter, signal),
  });

export function useEventLog(filter: EventLogFilter) {
  return useQuery(eventLogQueryOptions(filter));
}
