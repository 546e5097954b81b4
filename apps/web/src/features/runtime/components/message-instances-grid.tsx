import type { MessageInstance } from '@bts-console/domain';
import {
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableCellLayout,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TableSelectionCell,
  Text,
  createTableColumn,
  makeStyles,
  mergeClasses,
  tokens,
  useTableCompositeNavigation,
  useTableFeatures,
  useTableSort,
} from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { instanceErrorSummary } from '../instance-error-summary';
import { InstanceStatusLabel } from './instance-status';

type InstanceColumn = {
  id: string;
  title: string;
  width: number;
  grow?: boolean;
  text: (instance: MessageInstance) => string;
  compare?: (a: MessageInstance, b: MessageInstance) => number;
  render?: (instance: MessageInstance) => ReactNode;
};

const COLUMNS: InstanceColumn[] = [
  {
    id: 'status',
    title: 'Status',
    width: 170,
    text: (instance) => instance.status,
    render: (instance) => <InstanceStatusLabel status={instance.status} />,
  },
  { id: 'sendPort', title: 'Send Port', width: 170, text: (instance) => instance.sendPort },
  { id: 'server', title: 'Server', width: 80, text: (instance) => instance.server ?? '(none)' },
  {
    id: 'time',
    title: 'Time',
    width: 160,
    text: (instance) => formatDateTime(instance.updatedAt),
    compare: (a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt),
  },
  {
    id: 'error',
    title: 'Error',
    width: 240,
    grow: true,
    text: (instance) => instance.error ?? '',
    render: (instance) => instanceErrorSummary(instance.error),
  },
];

const ROW_HEIGHT = 32;
const SELECTION_WIDTH = 44;

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    height: '100%',
    gap: tokens.spacingVerticalS,
  },
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  count: { color: tokens.colorNeutralForeground3, marginLeft: 'auto' },
  scroller: {
    flex: '1 1 auto',
    minHeight: '120px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  body: { position: 'relative' },
  row: { position: 'absolute', left: 0, right: 0, height: `${ROW_HEIGHT}px`, cursor: 'default' },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  current: { outline: `1px dotted ${tokens.colorNeutralStroke1}`, outlineOffset: '-1px' },
  cell: { overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' },
  message: { padding: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground3 },
});

type MessageInstancesGridProps = {
  /** The accessible name, e.g. `Suspended Instances`. */
  label: string;
  items: readonly MessageInstance[] | undefined;
  isLoading?: boolean;
  error?: ReactNode;
  emptyMessage?: string;
  selectedIds: ReadonlySet<string>;
  onSelectionChange: (ids: Set<string>) => void;
  /** The instance whose details show below the list: the one last clicked or focused. */
  currentId: string | null;
  onCurrentChange: (instance: MessageInstance) => void;
  /** Scrolled into view once it is listed, e.g. the instance a link from the test message dialog names. */
  revealId?: string | null;
  toolbar?: ReactNode;
};

/**
 * Message instances with several selectable at once, as in BizTalk's query results: click selects one,
 * Ctrl+click adds or removes, Shift+click selects a range, Space toggles the focused row and Ctrl+A
 * selects every row the filter shows. Virtualized, sortable and filterable like the other results lists.
 */
export function MessageInstancesGrid(props: MessageInstancesGridProps) {
  const styles = useStyles();
  const { selectedIds, onSelectionChange, onCurrentChange } = props;
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);

  const filtered = useMemo(() => {
    const items = props.items ?? [];
    const needle = deferredFilter.trim().toLocaleLowerCase();
    if (needle === '') return [...items];
    return items.filter((item) =>
      COLUMNS.some((column) => column.text(item).toLocaleLowerCase().includes(needle)),
    );
  }, [props.items, deferredFilter]);

  const tableColumns = useMemo(
    () =>
      COLUMNS.map((column) =>
        createTableColumn<MessageInstance>({
          columnId: column.id,
          compare:
            column.compare ??
            ((a, b) =>
              column
                .text(a)
                .localeCompare(column.text(b), undefined, { numeric: true, sensitivity: 'base' })),
        }),
      ),
    [],
  );
  const {
    getRows,
    sort: { getSortDirection, toggleColumnSort, sort },
  } = useTableFeatures({ columns: tableColumns, items: filtered }, [
    useTableSort({ defaultSortState: { sortColumn: 'time', sortDirection: 'descending' } }),
  ]);
  const rows = useMemo(() => sort(getRows()), [sort, getRows]);
  const visibleIds = useMemo(() => rows.map((row) => row.item.id), [rows]);

  const scrollerRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const { onTableKeyDown, tableTabsterAttribute, tableRowTabsterAttribute } = useTableCompositeNavigation();

  const revealed = useRef<string | null>(null);
  useEffect(() => {
    if (!props.revealId || revealed.current === props.revealId) return;
    const index = visibleIds.indexOf(props.revealId);
    if (index < 0) return;
    revealed.current = props.revealId;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [props.revealId, visibleIds, virtualizer]);

  // Where a Shift+click range starts: the row last clicked without Shift.
  const anchorId = useRef<string | null>(null);

  const toggle = (id: string) => {
    const next = new Set(selectedIds);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectionChange(next);
  };

  const onRowClick = (event: MouseEvent, instance: MessageInstance) => {
    onCurrentChange(instance);
    if (event.shiftKey && anchorId.current) {
      const from = visibleIds.indexOf(anchorId.current);
      const to = visibleIds.indexOf(instance.id);
      if (from >= 0 && to >= 0) {
        onSelectionChange(new Set(visibleIds.slice(Math.min(from, to), Math.max(from, to) + 1)));
        return;
      }
    }
    anchorId.current = instance.id;
    if (event.ctrlKey || event.metaKey) toggle(instance.id);
    else onSelectionChange(new Set([instance.id]));
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>, instance: MessageInstance) => {
    if (event.key === ' ' || event.key === 'Spacebar') {
      event.preventDefault();
      anchorId.current = instance.id;
      toggle(instance.id);
    }
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onSelectionChange(new Set(visibleIds));
      return;
    }
    onTableKeyDown(event);
  };

  const selectedVisible = visibleIds.filter((id) => selectedIds.has(id)).length;
  const allChecked = selectedVisible > 0 && selectedVisible === visibleIds.length;
  const headerChecked = allChecked ? true : selectedVisible > 0 ? 'mixed' : false;

  const minWidth = SELECTION_WIDTH + COLUMNS.reduce((sum, column) => sum + column.width, 0);
  const cellStyle = (column: InstanceColumn) => ({
    flex: column.grow ? `1 0 ${column.width}px` : `0 0 ${column.width}px`,
    minWidth: `${column.width}px`,
  });
  const selectionStyle = { flex: `0 0 ${SELECTION_WIDTH}px`, minWidth: `${SELECTION_WIDTH}px` };

  const total = props.items?.length ?? 0;
  const shown =
    filter.trim() === '' ? `${total} ${total === 1 ? 'item' : 'items'}` : `${rows.length} of ${total}`;
  return (
    <div className={styles.root}>
      <div className={styles.toolbar}>
        <SearchBox
          size="small"
          aria-label={`Filter ${props.label}`}
          placeholder={`Filter ${props.label.toLocaleLowerCase()}`}
          value={filter}
          onChange={(_, data) => setFilter(data.value)}
        />
        {props.toolbar}
        <Text size={200} className={styles.count} aria-live="polite">
          {selectedIds.size > 0 ? `${shown}, ${selectedIds.size} selected` : shown}
        </Text>
      </div>
      <div ref={scrollerRef} className={styles.scroller}>
        <Table
          noNativeElements
          size="small"
          sortable
          role="grid"
          aria-label={props.label}
          aria-multiselectable
          aria-rowcount={rows.length + 1}
          aria-busy={props.isLoading ? true : undefined}
          style={{ minWidth: `${minWidth}px` }}
          onKeyDown={onGridKeyDown}
          {...tableTabsterAttribute}
        >
          <TableHeader className={styles.header}>
            <TableRow aria-rowindex={1}>
              <TableSelectionCell
                style={selectionStyle}
                checked={headerChecked}
                checkboxIndicator={{ 'aria-label': 'Select all rows' }}
                onClick={() => onSelectionChange(allChecked ? new Set() : new Set(visibleIds))}
              />
              {COLUMNS.map((column) => (
                <TableHeaderCell
                  key={column.id}
                  style={cellStyle(column)}
                  sortDirection={getSortDirection(column.id)}
                  onClick={(event) => toggleColumnSort(event, column.id)}
                >
                  {column.title}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody className={styles.body} style={{ height: `${virtualizer.getTotalSize()}px` }}>
            {virtualizer.getVirtualItems().map((virtualRow) => {
              const row = rows[virtualRow.index];
              if (!row) return null;
              const instance = row.item;
              const selected = selectedIds.has(instance.id);
              return (
                <TableRow
                  key={instance.id}
                  data-row-id={instance.id}
                  tabIndex={0}
                  aria-rowindex={virtualRow.index + 2}
                  aria-selected={selected}
                  className={mergeClasses(
                    styles.row,
                    selected && styles.selected,
                    props.currentId === instance.id && styles.current,
                  )}
                  style={{ transform: `translateY(${virtualRow.start}px)` }}
                  onMouseDown={(event) => {
                    // Shift+click extends the selection of rows, not a selection of text.
                    if (event.shiftKey) event.preventDefault();
                  }}
                  onClick={(event) => onRowClick(event, instance)}
                  onFocus={() => {
                    if (props.currentId !== instance.id) onCurrentChange(instance);
                  }}
                  onKeyDown={(event) => onRowKeyDown(event, instance)}
                  {...tableRowTabsterAttribute}
                >
                  <TableSelectionCell
                    style={selectionStyle}
                    checked={selected}
                    checkboxIndicator={{
                      'aria-label': `Select ${instance.sendPort} instance of ${formatDateTime(instance.updatedAt)}`,
                    }}
                    onClick={(event) => {
                      event.stopPropagation();
                      anchorId.current = instance.id;
                      onCurrentChange(instance);
                      toggle(instance.id);
                    }}
                  />
                  {COLUMNS.map((column) => (
                    <TableCell
                      key={column.id}
                      role="gridcell"
                      tabIndex={0}
                      style={cellStyle(column)}
                      title={column.id === 'error' ? (instance.error ?? undefined) : undefined}
                    >
                      <TableCellLayout truncate className={styles.cell}>
                        {column.render ? column.render(instance) : column.text(instance)}
                      </TableCellLayout>
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        {props.isLoading && (
          <div className={styles.message}>
            <Spinner size="tiny" label="Loading…" />
          </div>
        )}
        {!props.isLoading && props.error}
        {!props.isLoading && !props.error && rows.length === 0 && (
          <div className={styles.message}>
            {total === 0
              ? (props.emptyMessage ?? 'There are no items to show in this view.')
              : 'No items match the filter.'}
          </div>
        )}
      </div>
    </div>
  );
}
