import { SendPortSortSchema, type SendPortRow, type SendPortSort } from '@bts-console/domain';
import { Button, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, MailArrowUpRegular, WindowRegular } from '@fluentui/react-icons';
import { Suspense, lazy, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { Actions } from '../../../components/actions-pane';
import { ExpiryBadge } from '../../../components/expiry-badge';
import { GuardedButton } from '../../../components/guarded-button';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid, type ResultsColumn, type ServerRows } from '../../../components/results-grid';
import { usePermissions } from '../../../lib/auth/permissions';
import { usePagedSendPorts } from '../api/get-send-ports';
import { useSendPortOperations } from '../hooks/use-send-port-operations';
import { testMessageDeniedReason } from '../test-message-access';
import type { SendPortMenuRequest } from './send-port-context-menu';
import { SendPortStatusLabel } from './send-port-status';

// The context menu's code is not needed to show the list. It loads once a row is selected (by click,
// focus or right-click), so by the time a menu is asked for it has usually arrived.
const loadContextMenu = () => import('./send-port-context-menu');
/** Once the browser has nothing else to do (Safari has no requestIdleCallback: then after this task). */
const whenIdle = (work: () => void) =>
  typeof requestIdleCallback === 'function'
    ? requestIdleCallback(work, { timeout: 1000 })
    : setTimeout(work, 1);
const SendPortContextMenu = lazy(() =>
  loadContextMenu().then((module) => ({ default: module.SendPortContextMenu })),
);

const useStyles = makeStyles({
  certificate: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    minWidth: 0,
    maxWidth: '100%',
    // The badge keeps its whole text; the common name gives way, and shows whole on hover.
    '& > .fui-Badge': { flexShrink: 0 },
  },
  commonName: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  none: { color: tokens.colorNeutralForeground4 },
});

function certificateText(port: SendPortRow): string {
  return port.certificate
    ? `${port.certificate.commonName ?? ''} ${port.certificate.thumbprint} ${port.certificate.health}`
    : '';
}

/**
 * Every port in an application: the results pane of the Send Ports node. An application may have tens of
 * thousands of ports, so the server filters, orders and pages the list (the column ids are its sorts), and
 * the grid reads the pages scrolled into view and says the total.
 */
export function SendPortsGrid({
  application,
  onOpenProperties,
  onSendTestMessage,
  returnFocusTo,
}: {
  application: string;
  onOpenProperties: (port: string) => void;
  onSendTestMessage: (port: string) => void;
  /** The port whose Properties dialog just closed: its row gets the focus back, as the dialog's opener. */
  returnFocusTo: string | null;
}) {
  const styles = useStyles();
  const [filter, setFilter] = useState('');
  // Typing stays instant: the request follows the box, a keystroke behind when the server is slower.
  const q = useDeferredValue(filter);
  const [sort, setSort] = useState<{ columnId: SendPortSort; direction: ServerRows['sort']['direction'] }>({
    columnId: 'name',
    direction: 'ascending',
  });
  const sendPorts = usePagedSendPorts(application, {
    q,
    sort: sort.columnId,
    order: sort.direction === 'ascending' ? 'asc' : 'desc',
  });
  const operations = useSendPortOperations();
  const permissions = usePermissions();
  const [selectedName, setSelectedName] = useState<string | null>(null);
  const [menu, setMenu] = useState<SendPortMenuRequest | null>(null);
  // Mounted from the first request on, so that closing the menu animates as opening it did.
  const [menuMounted, setMenuMounted] = useState(false);

  const columns = useMemo<ResultsColumn<SendPortRow>[]>(
    () => [
      {
        id: 'status',
        title: 'Status',
        width: 96,
        text: (port) => port.status,
        render: (port) => <SendPortStatusLabel status={port.status} />,
      },
      {
        id: 'name',
        title: 'Name',
        width: 146,
        grow: true,
        text: (port) => port.name,
        hoverText: (port) => port.name,
      },
      { id: 'transportType', title: 'Transport Type', width: 120, text: (port) => port.transportType ?? '' },
      {
        id: 'uri',
        title: 'URI',
        width: 80,
        grow: true,
        text: (port) => port.uri ?? '',
        hoverText: (port) => port.uri ?? undefined,
      },
      {
        id: 'sendHandler',
        title: 'Send Handler',
        width: 128,
        optional: true,
        text: (port) => port.sendHandler ?? '',
        hoverText: (port) => port.sendHandler ?? undefined,
      },
      {
        id: 'certificate',
        title: 'Encryption Certificate',
        width: 200,
        grow: true,
        text: certificateText,
        hoverText: (port) =>
          port.certificate ? (port.certificate.commonName ?? port.certificate.thumbprint) : undefined,
        render: (port) =>
          port.certificate ? (
            <span className={styles.certificate}>
              <span className={styles.commonName}>
                {port.certificate.commonName ?? port.certificate.thumbprint}
              </span>
              <ExpiryBadge health={port.certificate.health} notAfter={port.certificate.notAfter} />
            </span>
          ) : (
            <span className={styles.none}>(none)</span>
          ),
      },
      // No Application column: the list is always one application's, named in its header.
    ],
    [styles],
  );

  const loaded = sendPorts.isSuccess;
  useEffect(() => {
    if (!returnFocusTo || !loaded) return;
    setSelectedName(returnFocusTo);
    const row = document.querySelector<HTMLElement>(
      `[role="grid"] [data-row-id="${CSS.escape(returnFocusTo)}"]`,
    );
    row?.focus();
  }, [returnFocusTo, loaded]);

  // The rows read so far sit at their indexes, with holes between pages; filter skips the holes.
  const selected = useMemo(
    () => sendPorts.items.filter((port) => port.name === selectedName)[0] ?? null,
    [sendPorts.items, selectedName],
  );
  const menuTestMessageDenied = menu
    ? testMessageDeniedReason(menu.port.status, permissions.canOperate)
    : null;

  const closeMenu = () => {
    if (menu?.fromKeyboard && menu.target instanceof HTMLElement) menu.target.focus();
    setMenu(null);
  };

  return (
    <>
      <ResultsGrid
        label="Send Ports"
        items={sendPorts.items}
        columns={columns}
        getRowId={(port) => port.name}
        isLoading={sendPorts.isPending}
        error={
          sendPorts.isError ? (
            <QueryError
              error={sendPorts.error}
              title="Send ports could not be loaded"
              onRetry={() => void sendPorts.refetch()}
            />
          ) : null
        }
        emptyMessage="This application has no send ports."
        server={{
          total: sendPorts.total,
          ...(sendPorts.unfilteredTotal !== undefined ? { unfilteredTotal: sendPorts.unfilteredTotal } : {}),
          filter,
          onFilterChange: setFilter,
          sort,
          onSortChange: (next) => {
            const columnId = SendPortSortSchema.safeParse(next.columnId);
            if (columnId.success) setSort({ columnId: columnId.data, direction: next.direction });
          },
          onRowsInView: sendPorts.onRowsInView,
        }}
        selectedId={selectedName}
        onSelect={(port) => {
          // The menu's code is fetched once the selection is drawn, not before: a right-click meanwhile waits
          // for it as the lazy menu does.
          whenIdle(() => void loadContextMenu());
          setSelectedName(port.name);
        }}
        onOpen={(port) => onOpenProperties(port.name)}
        onContextMenu={(port, target, fromKeyboard) => {
          setMenu({ port, target, fromKeyboard });
          setMenuMounted(true);
        }}
        toolbar={
          <Tooltip content="Refresh" relationship="label">
            <Button
              size="small"
              appearance="subtle"
              icon={<ArrowClockwiseRegular />}
              onClick={() => void sendPorts.refetch()}
            />
          </Tooltip>
        }
      />
      {menuMounted && (
        <Suspense fallback={null}>
          <SendPortContextMenu
            request={menu}
            states={menu ? operations.statesFor(menu.port.status) : []}
            testMessageDenied={menuTestMessageDenied}
            onProperties={(port) => {
              onOpenProperties(port.name);
              setMenu(null);
            }}
            onOperation={(port, operation) => {
              operations.run(port.name, operation);
              closeMenu();
            }}
            onSendTestMessage={(port) => {
              onSendTestMessage(port.name);
              setMenu(null);
            }}
            onDismiss={closeMenu}
          />
        </Suspense>
      )}
      <Actions title="Send Ports">
        <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={() => void sendPorts.refetch()}>
          Refresh
        </Button>
      </Actions>
      {selected && (
        <Actions title={selected.name}>
          <Button
            appearance="subtle"
            icon={<WindowRegular />}
            onClick={() => onOpenProperties(selected.name)}
          >
            Properties
          </Button>
          {operations.statesFor(selected.status).map((state) => (
            <GuardedButton
              key={state.operation}
              appearance="subtle"
              deniedReason={state.reason}
              disabled={operations.isPending}
              onClick={() => operations.run(selected.name, state.operation)}
            >
              {state.label}
            </GuardedButton>
          ))}
          <GuardedButton
            appearance="subtle"
            icon={<MailArrowUpRegular />}
            deniedReason={testMessageDeniedReason(selected.status, permissions.canOperate)}
            onClick={() => onSendTestMessage(selected.name)}
          >
            Send test message
          </GuardedButton>
        </Actions>
      )}
    </>
  );
}
