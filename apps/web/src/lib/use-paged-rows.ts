import {
  keepPreviousData,
  useQueries,
  useQuery,
  type QueryKey,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';

/** One page of a list the server filters, orders and pages, with the number of rows in all. */
export type RowsPage<T> = { items: T[]; total: number };

type PageQuery<T, K extends QueryKey> = UseQueryOptions<RowsPage<T>, Error, RowsPage<T>, K>;

/**
 * A list as a results grid reads it from a server that pages: the rows read so far at their indexes, the
 * number of rows the view has and the list holds unfiltered, and `onRowsInView` for the grid to ask for the
 * pages it shows. A new view (filter or order) starts again at its first page.
 */
export function usePagedRows<T, K extends QueryKey>({
  view,
  pageSize,
  pageQuery,
  unfilteredQuery,
  enabled = true,
}: {
  /** What the rows are filtered and ordered by; any change to it is a new list. */
  view: unknown;
  pageSize: number;
  /** The query of the view's page, numbered from 1. */
  pageQuery: (page: number) => PageQuery<T, K>;
  /** The query whose total is the list's size without filter. */
  unfilteredQuery: PageQuery<T, K>;
  enabled?: boolean;
}) {
  const viewKey = JSON.stringify(view);
  const [wanted, setWanted] = useState<{ viewKey: string; pages: number[] }>({ viewKey, pages: [1] });
  const pages = wanted.viewKey === viewKey ? wanted.pages : [1];

  const results = useQueries({
    queries: pages.map((page) => ({
      ...pageQuery(page),
      enabled,
      // While the next filter's first page loads, the list keeps showing the last one's.
      ...(page === 1 ? { placeholderData: keepPreviousData } : {}),
    })),
  });
  const unfiltered = useQuery({ ...unfilteredQuery, enabled });

  const first = results[0];
  const total = first?.data?.total;
  // The results array is new at every render; the pages' data change only when a page arrives.
  const arrived = results.map((result) => result.dataUpdatedAt).join(',');
  const items = useMemo(() => {
    const rows: T[] = [];
    pages.forEach((page, index) => {
      results[index]?.data?.items.forEach((item, offset) => {
        rows[(page - 1) * pageSize + offset] = item;
      });
    });
    return rows;
  }, [pages.join(','), arrived]);

  const onRowsInView = useCallback(
    (firstRow: number, lastRow: number) => {
      const needed: number[] = [];
      for (
        let page = Math.floor(firstRow / pageSize) + 1;
        page <= Math.floor(lastRow / pageSize) + 1;
        page += 1
      )
        needed.push(page);
      setWanted((current) => {
        const known = current.viewKey === viewKey ? current.pages : [1];
        const missing = needed.filter((page) => !known.includes(page));
        return missing.length === 0 && current.viewKey === viewKey
          ? current
          : { viewKey, pages: [...known, ...missing] };
      });
    },
    [viewKey, pageSize],
  );

  const failed = results.find((result) => result.isError) ?? (unfiltered.isError ? unfiltered : undefined);
  return {
    items,
    total: total ?? 0,
    unfilteredTotal: unfiltered.data?.total,
    isPending: first?.isPending ?? true,
    isSuccess: first?.isSuccess ?? false,
    isError: failed !== undefined,
    error: failed?.error ?? null,
    refetch: () => Promise.all([...results.map((result) => result.refetch()), unfiltered.refetch()]),
    onRowsInView,
  };
}
