import {
  SEND_PORTS_CONSOLE_PAGE_SIZE,
  SEND_PORTS_OPENING_VIEW,
  parseSendPortList,
  sendPortsPagePath,
  type SendPortSort,
} from '@bts-console/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { usePagedRows } from '../../../lib/use-paged-rows';

/**
 * Rows per request. An application may have 10,000 ports: the list reads the pages scrolled into view,
 * filtered and ordered by the server, and says how many there are in all, never a silent cut.
 */
export const SEND_PORTS_PAGE_SIZE = SEND_PORTS_CONSOLE_PAGE_SIZE;

/** What a view of an application's ports asks the server for: the filter and the order. */
export type SendPortsView = { q: string; sort: SendPortSort; order: 'asc' | 'desc' };

/** The list as it opens: every port, by name. The server preloads its first page for a deep link. */
export const ALL_SEND_PORTS_VIEW: SendPortsView = { ...SEND_PORTS_OPENING_VIEW };

export function getSendPortsPage(
  application: string,
  view: SendPortsView,
  page: number,
  signal?: AbortSignal,
) {
  return apiGet(
    // The same URL as the Link preload the server sends with a Send Ports deep link, so this takes its answer.
    sendPortsPagePath(application, view, page),
    // Checked as SendPortListSchema checks it, at a fraction of the cost; a malformed answer is refused alike.
    { parse: parseSendPortList },
    signal,
  );
}

/** Every page of an application's list starts with this key; `['send-ports']` refreshes them all. */
export const sendPortsPageQueryOptions = (application: string, view: SendPortsView, page: number) =>
  queryOptions({
    queryKey: ['send-ports', { application }, view, page],
    queryFn: ({ signal }) => getSendPortsPage(application, view, page, signal),
  });

/** An application's ports as a list that pages on the server. */
export function usePagedSendPorts(application: string, view: SendPortsView) {
  return usePagedRows({
    view,
    pageSize: SEND_PORTS_PAGE_SIZE,
    pageQuery: (page) => sendPortsPageQueryOptions(application, view, page),
    unfilteredQuery: sendPortsPageQueryOptions(application, ALL_SEND_PORTS_VIEW, 1),
  });
}
