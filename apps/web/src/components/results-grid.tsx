import {
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TableSelectionCell,
  Text,
  createTableColumn,
  makeStyles,
  mergeClasses,
  tokens,
  useTableFeatures,
  useTableSort,
  type PositioningVirtualElement,
  type SortDirection,
} from '@fluentui/react-components';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type CSSProperties,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  type RefObject,
} from 'react';
import { selectionAfter, type SelectionGesture } from './row-selection';

export type ResultsColumn<T> = {
  id: string;
  title: string;
  /** The text the filter box searches and, without `compare`, the sort order. */
  text: (item: T) => string;
  compare?: (a: T, b: T) => number;
  render?: (item: T) => ReactNode;
  /** The cell's whole text on hover, where `render` shows a summary of it. */
  hoverText?: (item: T) => string | undefined;
  width: number;
  /** Takes the width left over (URI, description). */
  grow?: boolean;
  /**
   * Left out, the last such column first, while the list is too narrow to show every column without
   * scrolling sideways (Send Handler beside a 1024-pixel window).
   */
  optional?: boolean;
};

export type ContextMenuTarget = HTMLElement | PositioningVirtualElement;

/** Several rows selected at once, as in BizTalk's query results. */
export type MultipleSelection<T> = {
  selectedIds: ReadonlySet<string>;
  onChange: (ids: Set<string>) => void;
  /** The name of a row's check box, e.g. `Select SP.Orders.AS2 instance of 25/11/2026, 10:00:00`. */
  checkboxLabel: (item: T) => string;
};

/**
 * Rows that live on the server, too many to send at once (a store of 100,000 certificates): the grid
 * shows `total` rows, asks for the ones scrolled into view, and leaves the filter and the order to the
 * server. `items` then holds the rows read so far at their indexes; the others show as loading.
 */
export type ServerRows = {
  total: number;
  /**
   * Set while the server has not counted every match: more rows than this match, and `total` is one more,
   * so that scrolling to the end asks for the next page (which moves the bound on, or says the total).
   */
  moreThan?: number;
  /** The number of rows without filter, for "N of M"; the same as total when nothing is filtered. */
  unfilteredTotal?: number;
  filter: string;
  onFilterChange: (filter: string) => void;
  sort: { columnId: string; direction: SortDirection };
  onSortChange: (sort: { columnId: string; direction: SortDirection }) => void;
  /** The rows from `first` to `last` (inclusive) are in view, or about to be. */
  onRowsInView: (first: number, last: number) => void;
};

type ResultsGridProps<T> = {
  /** The accessible name: the node's name, e.g. `Send Ports`. */
  label: string;
  items: readonly T[] | undefined;
  columns: ResultsColumn<T>[];
  getRowId: (item: T) => string;
  isLoading?: boolean;
  error?: ReactNode;
  emptyMessage?: string;
  /**
   * The selected row. With `multipleSelection`, the row whose details show instead: the one last clicked
   * or focused, drawn with a dotted outline.
   */
  selectedId?: string | null;
  /** A row was clicked or focused. */
  onSelect?: (item: T) => void;
  multipleSelection?: MultipleSelection<T>;
  /** Scrolled into view, and made the row Tab lands on, once it is listed; e.g. the instance a link names. */
  revealId?: string | null;
  /** Enter or double-click: Properties, as in the BizTalk console. */
  onOpen?: (item: T) => void;
  /** Right-click, Shift+F10 or the Menu key. */
  onContextMenu?: (item: T, target: ContextMenuTarget, fromKeyboard: boolean) => void;
  rowClassName?: (item: T) => string | undefined;
  /** null keeps the items in the order given (BizTalk's order of nodes); the default sorts by the first column. */
  defaultSort?: { columnId: string; direction: SortDirection } | null;
  toolbar?: ReactNode;
  /** The filter box's name; `Filter <label>` by default. */
  filterLabel?: string;
  /** Filtered, sorted and paged by the server; without it, `items` is the whole list. */
  server?: ServerRows;
  /** false where the screen has a filter form of its own (the audit log), so there is only one. */
  filterable?: boolean;
};

const ROW_HEIGHT = 32;
const SELECTION_WIDTH = 44;
const selectionStyle: CSSProperties = {
  boxSizing: 'border-box',
  flex: `0 0 ${SELECTION_WIDTH}px`,
  minWidth: `${SELECTION_WIDTH}px`,
};

// One collator for every comparison: localeCompare with options builds a new one each call, which is
// what makes sorting ten thousand rows slow. Built at the first comparison, not when the console's shared
// code loads: building it reads the locale's data, and a list the server orders never compares.
let nameOrder: Intl.Collator | undefined;
const compareNames = (a: string, b: string) =>
  (nameOrder ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })).compare(a, b);

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    flex: '1 1 auto',
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

/**
 * A results-pane list: sortable, filterable and virtualized, so a node with ten thousand items stays fast.
 * Rows are focusable and selection follows focus, as in the BizTalk console's list views. The arrow keys
 * are handled here rather than by Fluent's tabster-based table navigation: tabster moves only between
 * rows that exist in the DOM, which a virtualized list does not have, and the hidden focus sentinels it
 * puts in every row fail axe's aria-hidden-focus rule.
 *
 * With `multipleSelection`, several rows can be selected as in a Windows list view: click selects one,
 * Ctrl+click adds or removes it, Shift+click and Shift+arrows select a range, Space toggles the focused row,
 * Ctrl+arrows move without selecting, and Ctrl+A selects every row the filter shows. Each row also has a
 * check box for the mouse; it is not a tab stop of its own, the row is.
 */
export function ResultsGrid<T>(props: ResultsGridProps<T>) {
  const styles = useStyles();
  const { getRowId, onSelect, onOpen, onContextMenu, multipleSelection: multiple, server } = props;
  const scrollerRef = useRef<HTMLDivElement>(null);
  const scrollerWidth = useElementWidth(scrollerRef);
  const columns = useMemo(
    () => fittingColumns(props.columns, scrollerWidth - (multiple ? SELECTION_WIDTH : 0)),
    [props.columns, scrollerWidth, multiple],
  );
  const [localFilter, setLocalFilter] = useState('');
  const filter = server ? server.filter : localFilter;
  const setFilter = server ? server.onFilterChange : setLocalFilter;
  // The server filters: the browser has only the rows in view, and must not filter those again.
  const deferredFilter = useDeferredValue(server ? '' : localFilter);

  // Each item's lower-case text is built once per list, so a keystroke is a plain substring scan rather
  // than formatting every column of every item again. The columns are joined by a line break, which the
  // filter box cannot hold, so a match never spans two columns. Built only once a filter is typed, so
  // an unfiltered list draws its first rows without waiting for it.
  const searching = deferredFilter.trim() !== '';
  const searchTexts = useMemo(
    () =>
      searching
        ? (props.items ?? []).map((item) =>
            columns.map((column) => column.text(item).toLocaleLowerCase()).join('\n'),
          )
        : [],
    [props.items, columns, searching],
  );

  const filtered = useMemo(() => {
    const items = props.items ?? [];
    const needle = deferredFilter.trim().toLocaleLowerCase();
    if (needle === '') return [...items];
    return items.filter((_, index) => searchTexts[index]?.includes(needle));
  }, [props.items, searchTexts, deferredFilter]);

  const tableColumns = useMemo(
    () =>
      columns.map((column) =>
        createTableColumn<T>({
          columnId: column.id,
          compare: column.compare ?? ((a, b) => compareNames(column.text(a), column.text(b))),
        }),
      ),
    [columns],
  );

  const {
    getRows,
    sort: { getSortDirection, toggleColumnSort, sort },
  } = useTableFeatures({ columns: tableColumns, items: filtered }, [
    useTableSort({
      defaultSortState:
        props.defaultSort === null
          ? { sortColumn: undefined, sortDirection: 'ascending' }
          : props.defaultSort
            ? { sortColumn: props.defaultSort.columnId, sortDirection: props.defaultSort.direction }
            : { sortColumn: columns[0]?.id, sortDirection: 'ascending' },
    }),
  ]);
  const serverTotal = server?.total;
  const rows: { item: T | undefined }[] = useMemo(
    () =>
      serverTotal === undefined
        ? sort(getRows())
        : Array.from({ length: serverTotal }, (_, index) => ({ item: props.items?.[index] })),
    [sort, getRows, serverTotal, props.items],
  );
  // Callers pass getRowId inline; it is a pure function of the item, so the ids change with the rows alone.
  // A row not read yet from the server has a place, not an id.
  const rowIds = useMemo(
    () => rows.map((row, index) => (row.item === undefined ? `\u0000${index}` : getRowId(row.item))),
    [rows],
  );
  const sortDirectionOf = (columnId: string) =>
    server
      ? server.sort.columnId === columnId
        ? server.sort.direction
        : undefined
      : getSortDirection(columnId);
  const sortBy = (event: MouseEvent<HTMLElement>, columnId: string) => {
    if (!server) return toggleColumnSort(event, columnId);
    const same = server.sort.columnId === columnId;
    server.onSortChange({
      columnId,
      direction: same && server.sort.direction === 'ascending' ? 'descending' : 'ascending',
    });
  };

  // One row is in the tab order (roving tabindex); it stays rendered even when scrolled out of view,
  // so Tab always lands on it and the arrow keys can move on to rows the virtualizer has not drawn yet.
  const [activeIndex, setActiveIndex] = useState(0);
  const active = Math.min(activeIndex, Math.max(rows.length - 1, 0));
  const pendingFocus = useRef<number | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (active < range.count && !indexes.includes(active)) indexes.push(active);
      return indexes.sort((a, b) => a - b);
    },
    [active],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    rangeExtractor,
  });

  const inView = virtualizer.getVirtualItems();
  const firstInView = inView[0]?.index ?? 0;
  const lastInView = inView[inView.length - 1]?.index ?? -1;
  const onRowsInView = server?.onRowsInView;
  useEffect(() => {
    if (onRowsInView && lastInView >= firstInView) onRowsInView(firstInView, lastInView);
  }, [onRowsInView, firstInView, lastInView]);

  // Where a Shift range starts: the row last clicked or toggled, or the one revealed.
  const anchorId = useRef<string | null>(null);
  const revealed = useRef<string | null>(null);
  useEffect(() => {
    if (!props.revealId || revealed.current === props.revealId) return;
    const index = rowIds.indexOf(props.revealId);
    if (index < 0) return;
    revealed.current = props.revealId;
    anchorId.current = props.revealId;
    setActiveIndex(index);
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [props.revealId, rowIds, virtualizer]);

  const select = (id: string, gesture: SelectionGesture) => {
    if (!multiple) return;
    const current = { selected: multiple.selectedIds, anchor: anchorId.current };
    const next = selectionAfter(rowIds, current, id, gesture);
    anchorId.current = next.anchor;
    if (next !== current) multiple.onChange(new Set(next.selected));
  };

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const row = bodyRef.current?.querySelector<HTMLElement>(`[aria-rowindex="${pendingFocus.current + 2}"]`);
    // A row the server has not answered for yet cannot take the focus; it takes it, and with it the
    // selection, once it is read, unless the user has gone elsewhere meanwhile.
    if (!row?.hasAttribute('data-row-id')) return;
    pendingFocus.current = null;
    const focused = document.activeElement;
    if (focused === null || focused === document.body || scrollerRef.current?.contains(focused))
      row.focus({ preventScroll: true });
  });

  // A new answer from the server (another order, a refresh) replaces the rows under a focused row: the
  // focus stays at its place in the list, as it does when the list orders itself, and the row now there
  // is selected. Without this it would follow its old row to wherever the new order put it, or be lost.
  const rowHadFocus = useRef(false);
  const serverRows = server !== undefined;
  useEffect(() => {
    const body = bodyRef.current;
    if (!serverRows || !body || !rowHadFocus.current) return;
    const focused = document.activeElement;
    const lost = focused === null || focused === document.body;
    const inBody = focused instanceof HTMLElement && body.contains(focused);
    // The user is elsewhere, or the focused row is still in its place.
    if (!lost && !inBody) return;
    if (inBody && focused.getAttribute('aria-rowindex') === String(active + 2)) return;
    const row = body.querySelector<HTMLElement>(`[aria-rowindex="${active + 2}"]`);
    if (row?.hasAttribute('data-row-id')) row.focus({ preventScroll: true });
    else pendingFocus.current = active;
  }, [rowIds]);

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    virtualizer.scrollToIndex(next, { align: 'auto' });
    const rendered = bodyRef.current?.querySelector<HTMLElement>(`[aria-rowindex="${next + 2}"]`);
    if (rendered) rendered.focus({ preventScroll: true });
    else pendingFocus.current = next;
    setActiveIndex(next);
  };

  // The column headers are not Tab stops of their own: Tab reaches the grid once, on its row, and the
  // arrows move inside it (ArrowUp from the first row to the headers, Left and Right along them).
  const headerButtons = () =>
    Array.from(
      scrollerRef.current?.querySelectorAll<HTMLElement>(
        // Without native table elements, Fluent draws each header's sort button as a div.
        '[role="columnheader"] button, [role="columnheader"] [role="button"]',
      ) ?? [],
    );
  const onHeaderKeyDown = (event: KeyboardEvent<HTMLDivElement>, header: Element) => {
    const buttons = headerButtons();
    const index = buttons.findIndex((button) => header.contains(button));
    const targets: Record<string, number> = {
      ArrowLeft: index - 1,
      ArrowRight: index + 1,
      Home: 0,
      End: buttons.length - 1,
    };
    if (event.key === 'ArrowDown' && rows.length > 0) {
      event.preventDefault();
      moveTo(active);
      return;
    }
    const next = targets[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const inHeader = (event.target as HTMLElement).closest('[role="columnheader"]');
    if (rows.length === 0 && !inHeader) return;
    const ctrl = event.ctrlKey || event.metaKey;
    if (multiple && ctrl && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      multiple.onChange(new Set(rowIds));
      return;
    }
    const target = event.target as HTMLElement;
    const header = target.closest('[role="columnheader"]');
    if (header) {
      onHeaderKeyDown(event, header);
      return;
    }
    if (target.getAttribute('role') !== 'row') return;
    if (event.key === 'ArrowUp' && active === 0 && !ctrl && !event.shiftKey) {
      event.preventDefault();
      headerButtons()[0]?.focus();
      return;
    }
    const page = Math.max(1, Math.floor((scrollerRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2);
    const targets: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: rows.length - 1,
    };
    const next = targets[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const id = rowIds[Math.max(0, Math.min(rows.length - 1, next))];
    if (id !== undefined) select(id, { via: 'key', ctrl, shift: event.shiftKey });
    moveTo(next);
  };

  const minWidth = columns.reduce((sum, column) => sum + column.width, multiple ? SELECTION_WIDTH : 0);
  // A column's width includes the cell's padding, so the cells add up to the row and its background.
  const cellStyle = (column: ResultsColumn<T>) => ({
    boxSizing: 'border-box' as const,
    flex: column.grow ? `1 0 ${column.width}px` : `0 0 ${column.width}px`,
    minWidth: `${column.width}px`,
  });

  const keyboardMenuAt = useRef(-Infinity);
  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>, item: T) => {
    // From the row itself, not from a control inside a cell.
    const target = event.target as HTMLElement;
    if (target !== event.currentTarget) return;
    if (event.key === ' ' && multiple) {
      event.preventDefault();
      select(getRowId(item), { via: 'toggle', ctrl: false, shift: event.shiftKey });
    } else if (event.key === 'Enter' && onOpen) {
      event.preventDefault();
      onOpen(item);
    } else if ((event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) && onContextMenu) {
      event.preventDefault();
      keyboardMenuAt.current = event.timeStamp;
      onSelect?.(item);
      onContextMenu(item, event.currentTarget, true);
    }
  };

  const onRowContextMenu = (event: MouseEvent<HTMLDivElement>, item: T) => {
    if (!onContextMenu) return;
    event.preventDefault();
    onSelect?.(item);
    // The Menu key and Shift+F10 also fire this event after the keydown that already opened the menu.
    if (event.timeStamp - keyboardMenuAt.current < 1000) return;
    const { clientX: x, clientY: y } = event;
    onContextMenu(item, { getBoundingClientRect: () => new DOMRect(x, y, 0, 0) }, false);
  };

  const onRowClick = (event: MouseEvent<HTMLDivElement>, item: T) => {
    onSelect?.(item);
    select(getRowId(item), { via: 'click', ctrl: event.ctrlKey || event.metaKey, shift: event.shiftKey });
  };

  const onCheckboxClick = (event: MouseEvent<HTMLElement>, item: T) => {
    // The row stays the one focus is on, so the keys go on from there.
    event.stopPropagation();
    event.currentTarget.closest<HTMLElement>('[role="row"]')?.focus({ preventScroll: true });
    onSelect?.(item);
    select(getRowId(item), { via: 'toggle', ctrl: false, shift: event.shiftKey });
  };

  // The rows call the grid's handlers through this, so that a row is drawn again only when what it shows
  // changes (a click redraws the two rows whose selection changed, not every row in view).
  const rowHandlers = useRef<RowHandlers<T>>(null as unknown as RowHandlers<T>);
  rowHandlers.current = {
    mouseDown: (event) => {
      // Shift+click selects a range of rows, not of text.
      if (multiple && event.shiftKey) event.preventDefault();
    },
    click: onRowClick,
    focus: (index, id, item) => {
      if (index !== active) setActiveIndex(index);
      if (props.selectedId !== id) onSelect?.(item);
    },
    doubleClick: (item) => onOpen?.(item),
    keyDown: onRowKeyDown,
    contextMenu: onRowContextMenu,
    checkboxClick: onCheckboxClick,
  };
  const cellStyles = useMemo(() => columns.map(cellStyle), [columns]);

  const selectedShown = multiple ? rowIds.filter((id) => multiple.selectedIds.has(id)).length : 0;
  const allShownSelected = selectedShown > 0 && selectedShown === rowIds.length;

  const total = server ? (server.unfilteredTotal ?? server.total) : (props.items?.length ?? 0);
  const everyRow = server ? rows.length === total : filter.trim() === '';
  const shown =
    server?.moreThan !== undefined
      ? `more than ${server.moreThan} of ${total}`
      : everyRow
        ? `${total} ${total === 1 ? 'item' : 'items'}`
        : `${rows.length} of ${total}`;
  return (
    <div className={styles.root}>
      <div className={styles.toolbar}>
        {props.filterable !== false && (
          <SearchBox
            size="small"
            aria-label={props.filterLabel ?? `Filter ${props.label}`}
            placeholder={props.filterLabel ?? `Filter ${props.label.toLocaleLowerCase()}`}
            value={filter}
            onChange={(_, data) => setFilter(data.value)}
          />
        )}
        {props.toolbar}
        <Text size={200} className={styles.count} aria-live="polite">
          {multiple && multiple.selectedIds.size > 0
            ? `${shown}, ${multiple.selectedIds.size} selected`
            : shown}
        </Text>
      </div>
      <div ref={scrollerRef} className={styles.scroller}>
        <Table
          noNativeElements
          size="small"
          sortable
          role="grid"
          aria-label={props.label}
          aria-multiselectable={multiple ? true : undefined}
          aria-rowcount={rows.length + 1}
          aria-busy={props.isLoading ? true : undefined}
          style={{ minWidth: `${minWidth}px` }}
          onKeyDown={onGridKeyDown}
        >
          <TableHeader className={styles.header}>
            <TableRow aria-rowindex={1}>
              {multiple && (
                <TableSelectionCell
                  style={selectionStyle}
                  checked={allShownSelected ? true : selectedShown > 0 ? 'mixed' : false}
                  checkboxIndicator={{ 'aria-label': 'Select all rows', tabIndex: -1 }}
                  onClick={() => multiple.onChange(allShownSelected ? new Set() : new Set(rowIds))}
                />
              )}
              {columns.map((column, index) => (
                <TableHeaderCell
                  key={column.id}
                  style={cellStyles[index]}
                  // An empty list has no row to Tab to: then the first header is the grid's one stop.
                  button={{ tabIndex: rows.length === 0 && index === 0 ? 0 : -1 }}
                  sortDirection={sortDirectionOf(column.id)}
                  onClick={(event) => sortBy(event, column.id)}
                >
                  {column.title}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody
            ref={bodyRef}
            onFocus={() => (rowHadFocus.current = true)}
            onBlur={(event) => {
              // Focus gone elsewhere in the page; a row removed under it blurs to nothing.
              if (event.relatedTarget !== null && !event.currentTarget.contains(event.relatedTarget))
                rowHadFocus.current = false;
            }}
            className={styles.body}
            style={{ height: `${virtualizer.getTotalSize()}px` }}
          >
            {virtualizer.getVirtualItems().map((virtualRow) => {
              const row = rows[virtualRow.index];
              if (!row) return null;
              if (row.item === undefined) {
                return (
                  <TableRow
                    key={`loading-${virtualRow.index}`}
                    aria-rowindex={virtualRow.index + 2}
                    className={styles.row}
                    style={{ transform: `translateY(${virtualRow.start}px)` }}
                  >
                    <TableCell role="gridcell" className={styles.message}>
                      Loading…
                    </TableCell>
                  </TableRow>
                );
              }
              const item = row.item;
              const id = rowIds[virtualRow.index] ?? getRowId(item);
              const selected = multiple ? multiple.selectedIds.has(id) : props.selectedId === id;
              const current = multiple !== undefined && props.selectedId === id;
              return (
                <GridRow
                  key={id}
                  item={item}
                  id={id}
                  index={virtualRow.index}
                  start={virtualRow.start}
                  tabbable={virtualRow.index === active}
                  selected={selected}
                  className={mergeClasses(
                    styles.row,
                    selected && styles.selected,
                    current && styles.current,
                    props.rowClassName?.(item),
                  )}
                  cellClassName={styles.cell}
                  columns={columns}
                  cellStyles={cellStyles}
                  checkboxLabel={multiple?.checkboxLabel(item)}
                  handlers={rowHandlers}
                />
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

type RowHandlers<T> = {
  mouseDown: (event: MouseEvent<HTMLDivElement>) => void;
  click: (event: MouseEvent<HTMLDivElement>, item: T) => void;
  focus: (index: number, id: string, item: T) => void;
  doubleClick: (item: T) => void;
  keyDown: (event: KeyboardEvent<HTMLDivElement>, item: T) => void;
  contextMenu: (event: MouseEvent<HTMLDivElement>, item: T) => void;
  checkboxClick: (event: MouseEvent<HTMLElement>, item: T) => void;
};

type GridRowProps<T> = {
  item: T;
  id: string;
  index: number;
  start: number;
  tabbable: boolean;
  selected: boolean;
  className: string;
  cellClassName: string;
  columns: ResultsColumn<T>[];
  cellStyles: CSSProperties[];
  /** With multiple selection, the name of the row's check box. */
  checkboxLabel: string | undefined;
  handlers: RefObject<RowHandlers<T>>;
};

/**
 * One row of the grid, drawn again only when its props change. Each cell's text is a plain truncated span
 * (Fluent's TableCellLayout added three elements and their styles to each of some two hundred cells).
 */
const GridRow = memo(function GridRow<T>(props: GridRowProps<T>) {
  const { item, id, index, handlers } = props;
  return (
    <TableRow
      data-row-id={id}
      tabIndex={props.tabbable ? 0 : -1}
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      className={props.className}
      style={{ transform: `translateY(${props.start}px)` }}
      onMouseDown={(event) => handlers.current.mouseDown(event)}
      onClick={(event) => handlers.current.click(event, item)}
      onFocus={() => handlers.current.focus(index, id, item)}
      onDoubleClick={() => handlers.current.doubleClick(item)}
      onKeyDown={(event) => handlers.current.keyDown(event, item)}
      onContextMenu={(event) => handlers.current.contextMenu(event, item)}
    >
      {props.checkboxLabel !== undefined && (
        <TableSelectionCell
          role="gridcell"
          style={selectionStyle}
          checked={props.selected}
          checkboxIndicator={{ 'aria-label': props.checkboxLabel, tabIndex: -1 }}
          onClick={(event) => handlers.current.checkboxClick(event, item)}
        />
      )}
      {props.columns.map((column, position) => (
        <TableCell
          key={column.id}
          role="gridcell"
          style={props.cellStyles[position]}
          title={column.hoverText?.(item)}
        >
          <span className={props.cellClassName}>
            {column.render ? column.render(item) : column.text(item)}
          </span>
        </TableCell>
      ))}
    </TableRow>
  );
}) as <T>(props: GridRowProps<T>) => ReactElement;

/** The columns that fit in `width` pixels: every one, or without the optional ones, last first. */
export function fittingColumns<T>(columns: ResultsColumn<T>[], width: number): ResultsColumn<T>[] {
  if (width <= 0) return columns;
  let shown = columns;
  let total = shown.reduce((sum, column) => sum + column.width, 0);
  for (let index = columns.length - 1; index >= 0 && total > width; index -= 1) {
    const column = columns[index];
    if (!column?.optional) continue;
    shown = shown.filter((kept) => kept !== column);
    total -= column.width;
  }
  return shown;
}

/** An element's inner width, kept current as the panes are resized; 0 until it is laid out. */
function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
