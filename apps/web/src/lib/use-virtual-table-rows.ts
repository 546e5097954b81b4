import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';

/**
 * The rows of a long table that are in view of its scrolling container (and a few either side), as
 * the results grids draw theirs: `before` and `after` are the heights of the rows not drawn above and
 * below, for spacer rows, and each drawn row is measured with `measureElement` (give it `data-index`).
 */
export function useVirtualTableRows(count: number, estimatedRowHeight: number) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => estimatedRowHeight,
    overscan: 10,
  });
  const inView = virtualizer.getVirtualItems();
  const before = inView[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (inView[inView.length - 1]?.end ?? 0);
  return { scrollerRef, inView, before, after, measureElement: virtualizer.measureElement };
}
