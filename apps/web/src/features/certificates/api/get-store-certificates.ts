import {
  apiPath,
  STORE_PAGE_LIMIT,
  StoreCertificateSummaryListSchema,
  type StoreCertificateSummary,
  type StoreSort,
} from '@bts-console/domain';
import { keepPreviousData, queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { apiGet } from '../../../lib/api-client';
import { rowsAtIndexes, useWantedPages } from '../../../lib/paged-rows';

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

export function getStoreCertificatesPage(
  computer: string,
  view: StoreView,
  page: number,
  signal?: AbortSignal,
) {
  const search = new URLSearchParams({
    view: 'summary',
    sort: view.sort,
    order: view.order,
    limit: String(STORE_PAGE_SIZE),
    page: String(page),
  });
  if (view.q.trim() !== '') search.set('q', view.q.trim());
  if (view.forSendPort) search.set('forSendPort', view.forSendPort);
  if (view.forSendPort && view.onlyUsable) search.set('only', 'usable');
  return apiGet(
    `${apiPath`/api/computers/${computer}/stores/other-people/certificates`}?${search.toString()}`,
    StoreCertificateSummaryListSchema,
    signal,
  );
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

export const storeCertificatesPageQueryOptions = (computer: string, view: StoreView, page: number) =>
  queryOptions({
    queryKey: [...storeCertificatesQueryKey(computer), view, page],
    queryFn: ({ signal }) => getStoreCertificatesPage(computer, view, page, signal),
  });

/**
 * A store as a list that pages on the server: the rows read so far at their indexes, the number of
 * rows the view has and the store holds, and `onRowsInView` for the grid to ask for more.
 */
export function usePagedStoreCertificates(
  computer: string,
  view: StoreView,
  options: { enabled?: boolean } = {},
) {
  const enabled = options.enabled ?? true;
  const { pages, onRowsInView } = useWantedPages(JSON.stringify(view), STORE_PAGE_SIZE);

  const results = useQueries({
    queries: pages.map((page) => ({
      ...storeCertificatesPageQueryOptions(computer, view, page),
      enabled,
      // While the next filter's first page loads, the list keeps showing the last one's.
      ...(page === 1 ? { placeholderData: keepPreviousData } : {}),
    })),
  });
  const whole = useQuery({
    ...storeCertificatesPageQueryOptions(computer, WHOLE_STORE_VIEW, 1),
    enabled,
  });

  const first = results[0];
  const total = first?.data?.total;
  // The results array is new at every render; the pages' data change only when a page arrives.
  const arrived = results.map((result) => result.dataUpdatedAt).join(',');
  const items = useMemo(
    () =>
      rowsAtIndexes(
        pages,
        results.map((result) => result.data?.items),
        STORE_PAGE_SIZE,
      ),
    [pages.join(','), arrived],
  );

  const failed = results.find((result) => result.isError) ?? (whole.isError ? whole : undefined);
  return {
    items,
    total: total ?? 0,
    unfilteredTotal: whole.data?.total,
    isPending: first?.isPending ?? true,
    isError: failed !== undefined,
    error: failed?.error ?? null,
    refetch: () => Promise.all([...results.map((result) => result.refetch()), whole.refetch()]),
    onRowsInView,
  };
}
