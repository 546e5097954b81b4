import {
  apiPath,
  STORE_PAGE_LIMIT,
  StoreCertificateSummaryListSchema,
  StoreCertificateSummaryPageSchema,
  type StoreCertificateSummary,
  type StoreSort,
} from '@bts-console/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { usePagedRows } from '../../../lib/use-paged-rows';

/**
 * Rows per request. A store may hold 100,000 certificates, so the list reads the pages scrolled into
 * view, searched and sorted by the server, and says how many there are in all: never a silent cut.
 */
export const STORE_PAGE_SIZE = 200;

/** What a view of a store asks the server for: the filter, the order, and the port to judge rows for. */
export type StoreView = {
  q: string;
  sort: StoreSort;
  order: 'asc' | 'desc';
  /** Each row then says why this port cannot use it. */
  forSendPort?: string;
  /** With forSendPort: only the certificates the port can use. */
  onlyUsable?: boolean;
};

export const WHOLE_STORE_VIEW: StoreView = { q: '', sort: 'issuedTo', order: 'asc' };

function storeQuery(view: StoreView, page: { limit: number; page: number }) {
  const search = new URLSearchParams({
    view: 'summary',
    sort: view.sort,
    order: view.order,
    limit: String(page.limit),
    page: String(page.page),
  });
  if (view.q.trim() !== '') search.set('q', view.q.trim());
  if (view.forSendPort) search.set('forSendPort', view.forSendPort);
  if (view.forSendPort && view.onlyUsable) search.set('only', 'usable');
  return search;
}

/**
 * One page of a view, and how many rows match: `total`, or `moreThan` while the page is not the last
 * (count=bounded: a keystroke then costs the page alone, however many rows match).
 */
export function getStoreCertificatesPage(
  computer: string,
  view: StoreView,
  page: number,
  signal?: AbortSignal,
) {
  const search = storeQuery(view, { limit: STORE_PAGE_SIZE, page });
  search.set('count', 'bounded');
  return apiGet(
    `${apiPath`/api/computers/${computer}/stores/other-people/certificates`}?${search.toString()}`,
    StoreCertificateSummaryPageSchema,
    signal,
  );
}

/** The exact number of rows of a view: its total, with a page of one row. */
export async function getStoreCertificatesTotal(computer: string, view: StoreView, signal?: AbortSignal) {
  const search = storeQuery(view, { limit: 1, page: 1 });
  const answer = await apiGet(
    `${apiPath`/api/computers/${computer}/stores/other-people/certificates`}?${search.toString()}`,
    StoreCertificateSummaryListSchema,
    signal,
  );
  return answer.total;
}

/**
 * Every certificate of a store, read a page of the server's largest size at a time until the total is
 * reached: for lists that must offer every certificate (the replacement wizard's successors), never a cut.
 */
export async function getWholeStore(computer: string, signal?: AbortSignal) {
  const items: StoreCertificateSummary[] = [];
  for (let page = 1; ; page += 1) {
    const search = new URLSearchParams({
      view: 'summary',
      limit: String(STORE_PAGE_LIMIT),
      page: String(page),
    });
    const answer = await apiGet(
      `${apiPath`/api/computers/${computer}/stores/other-people/certificates`}?${search.toString()}`,
      StoreCertificateSummaryListSchema,
      signal,
    );
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) return { items, total: answer.total };
  }
}

/** Every page of a store's views starts with this key, so an import or removal refreshes them all. */
export const storeCertificatesQueryKey = (computer: string) => ['stores', computer, 'other-people'] as const;

/**
 * A page of a view. The signal is handed to fetch, so a page nobody waits for any more (the filter changed
 * on the next keystroke) is cancelled, and an answer to an earlier term can never show under a later one.
 */
export const storeCertificatesPageQueryOptions = (computer: string, view: StoreView, page: number) =>
  queryOptions({
    queryKey: [...storeCertificatesQueryKey(computer), view, page],
    queryFn: ({ signal }) => getStoreCertificatesPage(computer, view, page, signal),
  });

export const storeCertificatesTotalQueryOptions = (computer: string, view: StoreView) =>
  queryOptions({
    queryKey: [...storeCertificatesQueryKey(computer), view, 'total'],
    queryFn: ({ signal }) => getStoreCertificatesTotal(computer, view, signal),
  });

/**
 * A store as a list that pages on the server: the rows read so far at their indexes, the number of
 * rows the view has (or, until it is counted, more than how many) and the store holds, and
 * `onRowsInView` for the grid to ask for more.
 */
export function usePagedStoreCertificates(
  computer: string,
  view: StoreView,
  options: { enabled?: boolean } = {},
) {
  return usePagedRows({
    view,
    pageSize: STORE_PAGE_SIZE,
    pageQuery: (page) => storeCertificatesPageQueryOptions(computer, view, page),
    unfilteredQuery: storeCertificatesPageQueryOptions(computer, WHOLE_STORE_VIEW, 1),
    exactTotalQuery: storeCertificatesTotalQueryOptions(computer, view),
    enabled: options.enabled ?? true,
  });
}
