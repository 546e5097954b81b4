import { useCallback, useLayoutEffect, useMemo, useState, type RefObject } from 'react';

/** A row to draw: its index in the list and its distance in pixels from the top of the list. */
export type WindowRow = { index: number; start: number };

export type RowWindowOptions = {
  count: number;
  rowHeight: number;
  /** Rows drawn beyond each edge of the visible part, so a quick scroll does not show blank rows. */
  overscan: number;
  /** A row drawn wherever it is, e.g. the one in the tab order, so Tab and the arrow keys reach it. */
  keepIndex?: number;
};

/** Which rows to draw of a list whose rows all have one height, seen through `height` pixels from `top`. */
export function rowWindow(
  top: number,
  height: number,
  { count, rowHeight, overscan, keepIndex }: RowWindowOptions,
): WindowRow[] {
  if (count <= 0) return [];
  const firstShown = Math.min(count - 1, Math.floor(top / rowHeight));
  const lastShown = Math.max(firstShown, Math.ceil((top + height) / rowHeight) - 1);
  const first = Math.max(0, firstShown - overscan);
  const last = Math.min(count - 1, lastShown + overscan);
  const indexes: number[] = [];
  if (keepIndex !== undefined && keepIndex >= 0 && keepIndex < first) indexes.push(keepIndex);
  for (let index = first; index <= last; index += 1) indexes.push(index);
  if (keepIndex !== undefined && keepIndex > last && keepIndex < count) indexes.push(keepIndex);
  return indexes.map((index) => ({ index, start: index * rowHeight }));
}

/** Where to scroll so that row `index` shows: as little as needed (`auto`), or in the middle (`center`). */
export function scrollTopFor(
  index: number,
  align: 'auto' | 'center',
  top: number,
  height: number,
  { count, rowHeight }: Pick<RowWindowOptions, 'count' | 'rowHeight'>,
): number {
  const start = index * rowHeight;
  const end = start + rowHeight;
  const highest = Math.max(0, count * rowHeight - height);
  if (align === 'center') return Math.max(0, Math.min(highest, start + rowHeight / 2 - height / 2));
  if (start < top) return start;
  if (end > top + height) return Math.min(highest, end - height);
  return top;
}

/**
 * The rows of a long list to draw for the scroll position of `scroller`. Every row has the same height,
 * so which rows show is arithmetic: no measuring, and no library, on the way to the first screen.
 */
export function useRowWindow(scroller: RefObject<HTMLElement | null>, options: RowWindowOptions) {
  const [viewport, setViewport] = useState({ top: 0, height: 0 });

  const measure = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    const top = element.scrollTop;
    const height = element.clientHeight;
    setViewport((previous) =>
      previous.top === top && previous.height === height ? previous : { top, height },
    );
  }, [scroller]);

  // Measured before the first paint, so the first frame already shows the rows that fit.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resizes = new ResizeObserver(measure);
    resizes.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      resizes.disconnect();
    };
  }, [scroller, measure]);

  const { count, rowHeight, overscan, keepIndex } = options;
  const rows = useMemo(
    () => rowWindow(viewport.top, viewport.height, { count, rowHeight, overscan, keepIndex }),
    [viewport, count, rowHeight, overscan, keepIndex],
  );

  const scrollToIndex = useCallback(
    (index: number, align: 'auto' | 'center') => {
      const element = scroller.current;
      if (!element) return;
      const top = scrollTopFor(index, align, element.scrollTop, element.clientHeight, { count, rowHeight });
      if (top === element.scrollTop) return;
      element.scrollTop = top;
      // Drawn now rather than on the scroll event, so the row is there for the focus that follows.
      measure();
    },
    [scroller, measure, count, rowHeight],
  );

  return { rows, totalSize: count * rowHeight, scrollToIndex };
}
