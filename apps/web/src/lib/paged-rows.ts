import { useCallback, useState } from 'react';

/**
 * The pages of a list that the server pages which the grid has scrolled to, for one view (filter and order):
 * the first at once, the others as rows come into view; a new view starts again at the first page.
 */
export function useWantedPages(viewKey: string, pageSize: number) {
  const [wanted, setWanted] = useState<{ viewKey: string; pages: number[] }>({ viewKey, pages: [1] });
  const pages = wanted.viewKey === viewKey ? wanted.pages : [1];
  const onRowsInView = useCallback(
    (firstRow: number, lastRow: number) => {
      const needed: number[] = [];
      for (
        let page = Math.floor(firstRow / pageSize) + 1;
        page <= Math.floor(lastRow / pageSize) + 1;
        page += 1
      ) {
        needed.push(page);
      }
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
  return { pages, onRowsInView };
}

/** The rows read so far, each at its index in the whole list; the others are holes. */
export function rowsAtIndexes<T>(
  pages: readonly number[],
  pageRows: readonly (readonly T[] | undefined)[],
  pageSize: number,
): T[] {
  const rows: T[] = [];
  pages.forEach((page, index) => {
    pageRows[index]?.forEach((item, offset) => {
      rows[(page - 1) * pageSize + offset] = item;
    });
  });
  return rows;
}
