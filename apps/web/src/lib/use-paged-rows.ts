import {
  keepPreviousData,
  useQueries,
  useQuery,
  type QueryKey,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';

/**
 * One page of a list the server filters, orders and pages, with the number of rows in all: `total`, or
 * `moreThan` while the page is not the last and the server was asked for a bounded count (a keystroke then
 * costs the page alone, however many rows match).
 */
export type RowsPage<T> = { items: T[] } & ({ total: number } | { moreThan: number });

type PageQuery<P, K extends QueryKey> = UseQueryOptions<P, Error, P, K>;

/**
 * How long the view must stay unchanged before the exact number of rows is asked for, when the pages
 * only bound it. Counting a term most of a large list matches costs the server a read of every match.
 */
const EXACT_TOTAL_AFTER_MS = 400;

/** Stands in for the exact-total query of a list whose pages always say their total; never run. */
const NO_EXACT_TOTAL: UseQueryOptions<number, Error, number, QueryKey> = {
  queryKey: ['no-exact-total'],
  queryFn: () => 0,
};

/**
 * A list as a results grid reads it from a server that pages: the rows read so far at their indexes, the
 * number of rows the view has and the list holds unfiltered, and `onRowsInView` for the grid to ask for the
 * pages it shows. A new view (filter or order) starts again at its first page.
 */
export function usePagedRows<P extends RowsPage<unknown>, K extends QueryKey, KT extends QueryKey>({
  view,
  pageSize,
  pageQuery,
  unfilteredQuery,
  exactTotalQuery,
  enabled = true,
}: {
  /** What the rows are filtered and ordered by; any change to it is a new list. */
  view: unknown;
  pageSize: number;
  /** The query of the view's page, numbered from 1. */
  pageQuery: (page: number) => PageQuery<P, K>;
  /** The query whose total is the list's size without filter. */
  unfilteredQuery?: PageQuery<P, K>;
  /** For pages that may only bound their total: the query of the view's exact number of rows. */
  exactTotalQuery?: UseQueryOptions<number, Error, number, KT>;
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
  const unfiltered = useQuery<P, Error, P, QueryKey>({
    ...((unfilteredQuery as UseQueryOptions<P, Error, P, QueryKey> | undefined) ?? {
      queryKey: ['no-unfiltered-list'],
      queryFn: () => Promise.reject(new Error('This list has no unfiltered query.')),
    }),
    enabled: enabled && unfilteredQuery !== undefined,
  });

  const first = results[0];
  // Any page that reached the last row says the total; the others say more than how many there are.
  const counted = results.find((result) => result.data !== undefined && 'total' in result.data)?.data;
  const bound = Math.max(
    0,
    ...results.map((result) =>
      result.data !== undefined && 'moreThan' in result.data ? result.data.moreThan : 0,
    ),
  );
  // The exact number, once the view has stayed unchanged a moment.
  const [settled, setSettled] = useState(viewKey);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(viewKey), EXACT_TOTAL_AFTER_MS);
    return () => clearTimeout(timer);
  }, [viewKey]);
  const exact = useQuery<number, Error, number, QueryKey>({
    ...((exactTotalQuery as UseQueryOptions<number, Error, number, QueryKey> | undefined) ?? NO_EXACT_TOTAL),
    enabled:
      enabled &&
      exactTotalQuery !== undefined &&
      settled === viewKey &&
      bound > 0 &&
      !first?.isPlaceholderData,
  });
  const total =
    counted !== undefined && 'total' in counted
      ? counted.total
      : (exact.data ?? (bound > 0 ? bound + 1 : undefined));
  const unfilteredTotal =
    unfiltered.data !== undefined && 'total' in unfiltered.data ? unfiltered.data.total : undefined;
  // The results array is new at every render; the pages' data change only when a page arrives.
  const arrived = results.map((result) => result.dataUpdatedAt).join(',');
  const items = useMemo(() => {
    const rows: P['items'][number][] = [];
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

  const failed =
    results.find((result) => result.isError) ??
    (unfiltered.isError ? unfiltered : undefined) ??
    (exact.isError ? exact : undefined);
  return {
    items,
    total: total ?? 0,
    /** Set while only a bound is known: the list has more rows than this (and `total` is one more). */
    moreThan: exact.data === undefined && counted === undefined && bound > 0 ? bound : undefined,
    unfilteredTotal,
    /** The first page as the server answered it, for what a list says beside its rows. */
    firstPage: first?.data,
    isPending: first?.isPending ?? true,
    isSuccess: first?.isSuccess ?? false,
    isError: failed !== undefined,
    error: failed?.error ?? null,
    refetch: () =>
      Promise.all([...results.map((result) => result.refetch()), unfiltered.refetch(), exact.refetch()]),
    onRowsInView,
  };
}
