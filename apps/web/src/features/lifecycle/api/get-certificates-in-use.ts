import { CertificatesInUseListSchema, type InUseSort } from '@bts-console/domain';
import { keepPreviousData, queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { apiGet } from '../../../lib/api-client';
import { rowsAtIndexes, useWantedPages } from '../../../lib/paged-rows';

/**
 * Rows per request. A large group uses thousands of certificates, so In Use reads the pages scrolled into
 * view, filtered and sorted by the server, and says how many there are in all.
 */
export const IN_USE_PAGE_SIZE = 200;

/** What a view of In Use asks the server for: the filter and the order. */
export type InUseView = { q: string; sort: InUseSort; order: 'asc' | 'desc' };

export const SOONEST_FIRST: InUseView = { q: '', sort: 'daysLeft', order: 'asc' };

export function getCertificatesInUsePage(
  view: InUseView,
  page: number,
  signal?: AbortSignal,
  limit = IN_USE_PAGE_SIZE,
) {
  const search = new URLSearchParams({
    sort: view.sort,
    order: view.order,
    limit: String(limit),
    offset: String((page - 1) * limit),
  });
  if (view.q.trim() !== '') search.set('q', view.q.trim());
  return apiGet(`/api/certificates/in-use?${search.toString()}`, CertificatesInUseListSchema, signal);
}

/** Every page of In Use starts with this key, so a replacement refreshes them all. */
export const certificatesInUseQueryKey = ['certificates', 'in-use'] as const;

export const certificatesInUsePageQueryOptions = (view: InUseView, page: number) =>
  queryOptions({
    queryKey: [...certificatesInUseQueryKey, view, page],
    queryFn: ({ signal }) => getCertificatesInUsePage(view, page, signal),
  });

/** The row of one certificate in use, found by the server's filter (the wizard's title names it). */
export function useCertificateInUse(thumbprint: string) {
  return useQuery({
    ...certificatesInUsePageQueryOptions({ ...SOONEST_FIRST, q: thumbprint }, 1),
    select: (list) => list.items.find((certificate) => certificate.thumbprint === thumbprint) ?? null,
  });
}

/**
 * In Use as a list that pages on the server: the rows read so far at their indexes, how many the view has,
 * the counts of the whole list, and `onRowsInView` for the grid to ask for more.
 */
export function usePagedCertificatesInUse(view: InUseView) {
  const { pages, onRowsInView } = useWantedPages(JSON.stringify(view), IN_USE_PAGE_SIZE);
  const results = useQueries({
    queries: pages.map((page) => ({
      ...certificatesInUsePageQueryOptions(view, page),
      // While the next filter's first page loads, the list keeps showing the last one's.
      ...(page === 1 ? { placeholderData: keepPreviousData } : {}),
    })),
  });
  const first = results[0];
  // The results array is new at every render; the pages' data change only when a page arrives.
  const arrived = results.map((result) => result.dataUpdatedAt).join(',');
  const items = useMemo(
    () =>
      rowsAtIndexes(
        pages,
        results.map((result) => result.data?.items),
        IN_USE_PAGE_SIZE,
      ),
    [pages.join(','), arrived],
  );

  const failed = results.find((result) => result.isError);
  return {
    items,
    total: first?.data?.total ?? 0,
    summary: first?.data
      ? {
          unfilteredTotal: first.data.unfilteredTotal,
          problems: first.data.problems,
          warningDays: first.data.warningDays,
        }
      : null,
    isPending: first?.isPending ?? true,
    isError: failed !== undefined,
    error: failed?.error ?? null,
    refetch: () => Promise.all(results.map((result) => result.refetch())),
    onRowsInView,
  };
}
