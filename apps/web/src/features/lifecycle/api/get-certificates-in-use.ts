import { CertificatesInUseListSchema, type InUseSort } from '@bts-console/domain';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { usePagedRows } from '../../../lib/use-paged-rows';

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
  const list = usePagedRows({
    view,
    pageSize: IN_USE_PAGE_SIZE,
    pageQuery: (page) => certificatesInUsePageQueryOptions(view, page),
  });
  const first = list.firstPage;
  return {
    ...list,
    summary: first
      ? {
          unfilteredTotal: first.unfilteredTotal,
          problems: first.problems,
          warningDays: first.warningDays,
        }
      : null,
  };
}
