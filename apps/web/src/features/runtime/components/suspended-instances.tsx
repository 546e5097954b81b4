import type { MessageInstance } from '@bts-console/domain';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Label,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Text,
  Tooltip,
  makeStyles,
  tokens,
  Menu,
  MenuList,
  MenuPopover,
} from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  DismissRegular,
  FilterDismissRegular,
  PlayRegular,
  DismissCircleRegular,
} from '@fluentui/react-icons';
import { useEffect, useId, useMemo, useState } from 'react';
import { Actions } from '../../../components/actions-pane';
import { GuardedButton } from '../../../components/guarded-button';
import { GuardedMenuItem } from '../../../components/guarded-menu-item';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid, type ContextMenuTarget, type ResultsColumn } from '../../../components/results-grid';
import { REQUIRES_OPERATORS, usePermissions } from '../../../lib/auth/permissions';
import { formatDateTime } from '../../../lib/certificate-expiry';
import {
  useChangeInstanceStates,
  type InstanceOperation,
  type InstanceOutcome,
} from '../api/change-instance-state';
import { INSTANCES_PAGE_SIZE, useInstances } from '../api/get-instances';
import { countOf } from '../certificate-problem-text';
import { instanceErrorSummary } from '../instance-error-summary';
import {
  SUSPENDED,
  instanceListTitle,
  parseInstanceStatusFilter,
  type InstanceStatusFilter,
} from '../instance-list-filter';
import { InstanceDetails } from './instance-details';
import { InstanceStatusLabel } from './instance-status';
import { useInitialFocus } from '../../../components/use-initial-focus';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    flex: '1 1 auto',
    minHeight: 0,
  },
  list: { flex: '1 1 auto', minHeight: '200px', display: 'flex', flexDirection: 'column' },
  filters: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  report: { flexShrink: 0 },
  outcomes: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '132px', overflowY: 'auto' },
  outcomeError: { overflowWrap: 'anywhere' },
});

export type InstanceListFilterChange = { sendPort: string | null; status: InstanceStatusFilter };

type SuspendedInstancesProps = {
  /** Only this send port's instances (the Group Hub's links set it). */
  sendPort: string | null;
  status: InstanceStatusFilter;
  /** An instance to select on arrival, e.g. the one a test message just left suspended. */
  instanceId: string | null;
  onFilterChange: (filter: InstanceListFilterChange) => void;
};

const STATUS_OPTIONS: { value: InstanceStatusFilter; label: string }[] = [
  { value: SUSPENDED, label: 'Suspended (resumable)' },
  { value: 'Delivered', label: 'Delivered' },
  { value: 'Terminated', label: 'Terminated' },
  { value: 'all', label: 'All statuses' },
];

const INSTANCE_COLUMNS: ResultsColumn<MessageInstance>[] = [
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
    hoverText: (instance) => instance.error ?? undefined,
  },
];

const DONE: Record<InstanceOperation, string> = { resume: 'Resumed', terminate: 'Terminated' };

/** Names an instance in the outcome list: several of one port differ by server and time. */
function instanceName(instance: MessageInstance): string {
  return `${instance.sendPort} on ${instance.server ?? 'no server'} at ${formatDateTime(instance.createdAt)}`;
}

function outcomeText(operation: InstanceOperation, outcome: InstanceOutcome, name: string): string {
  if (!outcome.ok) return `${name}: refused. ${outcome.error}`;
  const { instance } = outcome;
  if (operation === 'resume' && instance.status === SUSPENDED) {
    return `${name}: still suspended. ${instanceErrorSummary(instance.error)}`.trim();
  }
  if (instance.status === 'Delivered') {
    return `${name}: delivered, ${instance.encrypted ? 'encrypted' : 'in clear text'}.`;
  }
  return `${name}: ${instance.status.toLocaleLowerCase()}.`;
}

function succeeded(operation: InstanceOperation, outcome: InstanceOutcome): boolean {
  if (!outcome.ok) return false;
  return operation === 'resume'
    ? outcome.instance.status === 'Delivered'
    : outcome.instance.status === 'Terminated';
}

/**
 * The instances BizTalk could not deliver, to resume once the certificate is fixed or to terminate.
 * Several can be acted on at once; each gets its own request and its own line in the outcome.
 */
export function SuspendedInstances({
  sendPort,
  status,
  instanceId,
  onFilterChange,
}: SuspendedInstancesProps) {
  const styles = useStyles();
  const permissions = usePermissions();
  const statusSelectId = useId();
  const label = instanceListTitle(status);
  const instances = useInstances({
    ...(status === 'all' ? {} : { status }),
    ...(sendPort ? { sendPort } : {}),
  });
  const change = useChangeInstanceStates();
  const [selectedIds, setSelectedIds] = useState<Set<string>>(() => new Set(instanceId ? [instanceId] : []));
  const [currentId, setCurrentId] = useState<string | null>(instanceId);
  const [confirmingTerminate, setConfirmingTerminate] = useState(false);
  const cancelTerminate = useInitialFocus<HTMLButtonElement>(confirmingTerminate);
  const [report, setReport] = useState<{
    operation: InstanceOperation;
    outcomes: InstanceOutcome[];
    names: Map<string, string>;
  } | null>(null);

  // A link naming an instance selects it, even when the list was already open with another selection.
  useEffect(() => {
    if (!instanceId) return;
    setSelectedIds(new Set([instanceId]));
    setCurrentId(instanceId);
  }, [instanceId]);

  const items = instances.data?.items;
  const byId = useMemo(() => new Map((items ?? []).map((instance) => [instance.id, instance])), [items]);
  const current = (currentId && byId.get(currentId)) || null;
  // Only what is listed and still suspended can be resumed or terminated.
  const actionable = [...selectedIds]
    .map((id) => byId.get(id))
    .filter((instance): instance is MessageInstance => instance?.status === SUSPENDED);

  const deniedReason = !permissions.canOperate
    ? REQUIRES_OPERATORS
    : change.isPending
      ? 'Working on the previous request'
      : actionable.length === 0
        ? 'Select one or more suspended instances first'
        : null;

  // The rows' context menu: right-click, Shift+F10 or the Menu key on a row.
  const [menu, setMenu] = useState<{ target: ContextMenuTarget; fromKeyboard: boolean } | null>(null);
  const closeMenu = () => {
    if (menu?.fromKeyboard && menu.target instanceof HTMLElement) menu.target.focus();
    setMenu(null);
  };

  const run = (operation: InstanceOperation) => {
    const targets = actionable.map(({ id, sendPort: port }) => ({ id, sendPort: port }));
    // Taken now: once resumed or terminated, an instance leaves the suspended list it was named from.
    const names = new Map(actionable.map((instance) => [instance.id, instanceName(instance)]));
    setReport(null);
    change.mutate(
      { operation, instances: targets },
      {
        onSuccess: (outcomes) => {
          setReport({ operation, outcomes, names });
          const done = new Set(
            outcomes.filter((outcome) => succeeded(operation, outcome)).map((o) => o.instanceId),
          );
          setSelectedIds((selected) => new Set([...selected].filter((id) => !done.has(id))));
        },
      },
    );
  };

  const succeededCount = report
    ? report.outcomes.filter((outcome) => succeeded(report.operation, outcome)).length
    : 0;
  const refusedCount = report ? report.outcomes.filter((outcome) => !outcome.ok).length : 0;

  return (
    <div className={styles.root}>
      <div className={styles.filters}>
        <Label htmlFor={statusSelectId} size="small">
          Status
        </Label>
        <Select
          id={statusSelectId}
          size="small"
          value={status}
          onChange={(_, data) => onFilterChange({ sendPort, status: parseInstanceStatusFilter(data.value) })}
        >
          {STATUS_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>

        {sendPort && (
          <>
            <Text size={200}>
              Send port: <Text weight="semibold">{sendPort}</Text>
            </Text>
            <Button
              size="small"
              appearance="subtle"
              icon={<FilterDismissRegular />}
              onClick={() => onFilterChange({ sendPort: null, status })}
            >
              Show all send ports
            </Button>
          </>
        )}
      </div>

      {report && (
        <MessageBar
          className={styles.report}
          intent={
            refusedCount === report.outcomes.length
              ? 'error'
              : succeededCount === report.outcomes.length
                ? 'success'
                : 'warning'
          }
          layout="multiline"
        >
          <MessageBarBody>
            <MessageBarTitle>
              {DONE[report.operation]} {succeededCount} of{' '}
              {countOf(report.outcomes.length, 'instance', 'instances')}
            </MessageBarTitle>
            <ul className={styles.outcomes} aria-label="Outcome of each instance">
              {report.outcomes.map((outcome) => (
                <li key={outcome.instanceId} className={styles.outcomeError}>
                  {outcomeText(
                    report.operation,
                    outcome,
                    report.names.get(outcome.instanceId) ?? outcome.sendPort,
                  )}
                </li>
              ))}
            </ul>
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                aria-label="Dismiss"
                appearance="transparent"
                icon={<DismissRegular />}
                onClick={() => setReport(null)}
              />
            }
          />
        </MessageBar>
      )}

      <div className={styles.list}>
        <ResultsGrid
          label={label}
          items={items}
          columns={INSTANCE_COLUMNS}
          getRowId={(instance) => instance.id}
          defaultSort={{ columnId: 'time', direction: 'descending' }}
          isLoading={instances.isPending}
          error={
            instances.isError ? (
              <QueryError
                error={instances.error}
                title="The message instances could not be loaded"
                onRetry={() => void instances.refetch()}
              />
            ) : null
          }
          emptyMessage={
            status === SUSPENDED
              ? sendPort
                ? `No instances of ${sendPort} are suspended.`
                : 'No message instances are suspended.'
              : 'No message instances match this query.'
          }
          multipleSelection={{
            selectedIds,
            onChange: setSelectedIds,
            checkboxLabel: (instance) =>
              `Select ${instance.sendPort} instance of ${formatDateTime(instance.updatedAt)}`,
          }}
          selectedId={currentId}
          onSelect={(instance) => setCurrentId(instance.id)}
          revealId={instanceId}
          onContextMenu={(instance, target, fromKeyboard) => {
            // As in a Windows list: a right-click outside the selection selects that row alone.
            if (!selectedIds.has(instance.id)) setSelectedIds(new Set([instance.id]));
            setMenu({ target, fromKeyboard });
          }}
          toolbar={
            <Tooltip content="Refresh" relationship="label">
              <Button
                size="small"
                appearance="subtle"
                icon={<ArrowClockwiseRegular />}
                onClick={() => void instances.refetch()}
              />
            </Tooltip>
          }
        />
      </div>
      {instances.data && instances.data.total > instances.data.items.length && (
        <Text size={200}>
          Showing the newest {INSTANCES_PAGE_SIZE} of {instances.data.total} instances; resolve these, or
          narrow the list to one send port, to see the rest.
        </Text>
      )}
      <InstanceDetails instance={current} />

      <Menu
        open={menu !== null}
        onOpenChange={(_, data) => {
          if (!data.open) closeMenu();
        }}
        positioning={{ target: menu?.target, position: 'below', align: 'start' }}
      >
        <MenuPopover>
          <MenuList aria-label={`Actions for ${countOf(selectedIds.size, 'instance', 'instances')}`}>
            <GuardedMenuItem
              icon={<PlayRegular />}
              deniedReason={deniedReason}
              onClick={() => {
                closeMenu();
                run('resume');
              }}
            >
              Resume
            </GuardedMenuItem>
            <GuardedMenuItem
              icon={<DismissCircleRegular />}
              deniedReason={deniedReason}
              onClick={() => {
                closeMenu();
                setConfirmingTerminate(true);
              }}
            >
              Terminate
            </GuardedMenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>

      {/* In the actions pane too, as the MMC puts them: always there, saying why when they cannot be used. */}
      <Actions title={selectedIds.size > 0 ? `${label} (${selectedIds.size} selected)` : label}>
        <GuardedButton
          appearance="subtle"
          icon={<PlayRegular />}
          deniedReason={deniedReason}
          onClick={() => run('resume')}
        >
          Resume
        </GuardedButton>
        <GuardedButton
          appearance="subtle"
          icon={<DismissCircleRegular />}
          deniedReason={deniedReason}
          onClick={() => setConfirmingTerminate(true)}
        >
          Terminate
        </GuardedButton>
        <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={() => void instances.refetch()}>
          Refresh
        </Button>
      </Actions>

      <Dialog
        open={confirmingTerminate}
        modalType="alert"
        onOpenChange={(_, data) => setConfirmingTerminate(data.open)}
      >
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Terminate instances</DialogTitle>
            <DialogContent>
              <Text as="p" block>
                Terminate {countOf(actionable.length, 'suspended instance', 'suspended instances')}? A
                terminated message is not delivered and cannot be resumed.
              </Text>
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => {
                  setConfirmingTerminate(false);
                  run('terminate');
                }}
              >
                Terminate
              </Button>
              <Button ref={cancelTerminate} onClick={() => setConfirmingTerminate(false)}>
                Cancel
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
