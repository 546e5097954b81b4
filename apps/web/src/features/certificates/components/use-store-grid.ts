import { StoreSortSchema, type StoreSort } from '@bts-console/domain';
import { useDeferredValue, useState } from 'react';
import type { ServerRows } from '../../../components/results-grid';
import { usePagedStoreCertificates } from '../api/get-store-certificates';

type GridSort = ServerRows['sort'];

/**
 * A store listed by a results grid that the server filters, sorts and pages: the grid's filter box and
 * column headers become the request's `q`, `sort` and `order`.
 */
export function useStoreGrid(
  computer: string,
  options: { forSendPort?: string; onlyUsable?: boolean; enabled?: boolean } = {},
) {
  const [filter, setFilter] = useState('');
  // Typing stays instant: the request follows the box, a keystroke behind when the server is slower.
  const q = useDeferredValue(filter);
  const [sort, setSort] = useState<{ columnId: StoreSort; direction: GridSort['direction'] }>({
    columnId: 'issuedTo',
    direction: 'ascending',
  });
  const certificates = usePagedStoreCertificates(
    computer,
    {
      q,
      sort: sort.columnId,
      order: sort.direction === 'ascending' ? 'asc' : 'desc',
      ...(options.forSendPort !== undefined
        ? { forSendPort: options.forSendPort, onlyUsable: options.onlyUsable ?? false }
        : {}),
    },
    { enabled: options.enabled ?? true },
  );
  const server: ServerRows = {
    total: certificates.total,
    ...(certificates.moreThan !== undefined ? { moreThan: certificates.moreThan } : {}),
    ...(certificates.unfilteredTotal !== undefined ? { unfilteredTotal: certificates.unfilteredTotal } : {}),
    filter,
    onFilterChange: setFilter,
    sort,
    onSortChange: (next) => {
      const columnId = StoreSortSchema.safeParse(next.columnId);
      if (columnId.success) setSort({ columnId: columnId.data, direction: next.direction });
    },
    onRowsInView: certificates.onRowsInView,
  };
  return { certificates, server };
}
