import { AUDIT_ACTIONS, type AuditEntry, type AuditVerifyResponse } from '@bts-console/domain';
import {
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { toInstant, toLocalInput } from '../../../lib/local-time';
import { QueryError } from '../../../components/query-error';
import { QueryView, RefreshAction } from '../../../components/query-view';
import { ResultsGrid, type ResultsColumn } from '../../../components/results-grid';
import { auditChanges } from '../audit-changes';
import { AUDIT_PAGE_SIZE, useAudit, type AuditFilters } from '../api/get-audit';
import { useAuditVerification } from '../api/verify-audit';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    flex: '1 1 auto',
    minHeight: 0,
  },
  filters: {
    display: 'flex',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalS,
    flexWrap: 'wrap',
    alignItems: 'flex-end',
  },
  // From and To, and the two buttons, wrap as one piece each: never "To" alone on a line.
  together: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'nowrap' },
  narrow: { width: '140px' },
  changes: { maxHeight: '220px', overflow: 'auto' },
  arrow: { color: tokens.colorNeutralForeground3 },
  list: { flex: '1 1 auto', minHeight: '240px', display: 'flex', flexDirection: 'column' },
});

const COLUMNS: ResultsColumn<AuditEntry>[] = [
  { id: 'seq', title: '#', width: 56, text: (entry) => String(entry.seq), compare: (a, b) => a.seq - b.seq },
  {
    id: 'at',
    title: 'Time',
    width: 156,
    text: (entry) => formatDateTime(entry.at),
    compare: (a, b) => Date.parse(a.at) - Date.parse(b.at),
  },
  { id: 'user', title: 'User', width: 96, text: (entry) => entry.user ?? '' },
  { id: 'action', title: 'Action', width: 150, text: (entry) => entry.action },
  {
    id: 'target',
    title: 'Target',
    width: 180,
    grow: true,
    text: (entry) => `${entry.targetType}: ${entry.target}`,
    hoverText: (entry) => `${entry.targetType}: ${entry.target}`,
  },
  // The reason is what an auditor reads: it takes its share of the room, and shows whole on hover.
  {
    id: 'reason',
    title: 'Reason',
    width: 180,
    grow: true,
    text: (entry) => entry.reason ?? '',
    hoverText: (entry) => entry.reason ?? undefined,
  },
  {
    id: 'client',
    title: 'Client address',
    width: 120,
    optional: true,
    text: (entry) => entry.clientAddress ?? '',
  },
  {
    // Changes made together (a certificate replaced on many ports) share a batch.
    id: 'batch',
    title: 'Batch',
    width: 100,
    text: (entry) => entry.batchId.slice(0, 8),
    hoverText: (entry) => entry.batchId,
  },
];

/** The reasons shown; the count says how many more there are. */
const SHOWN_BREAKS = 5;

/** Every break counts: the first one must not hide later changes. */
function brokenChainText(verdict: AuditVerifyResponse): string {
  const count = verdict.brokenCount ?? 1;
  const reasons = (verdict.broken ?? []).slice(0, SHOWN_BREAKS).map((broken) => broken.reason);
  if (reasons.length === 0 && verdict.reason) reasons.push(verdict.reason);
  const more = count > reasons.length ? ` And ${count - reasons.length} more.` : '';
  const entries = count === 1 ? '1 entry does' : `${count} entries do`;
  return `${entries} not match the chain and may have been altered. ${reasons.join(' ')}${more}`;
}

/** Who changed what and when, filtered, with the hash chain's verdict on whether the log is intact. */
export function AuditView({
  filters,
  onFiltersChange,
}: {
  filters: AuditFilters;
  onFiltersChange: (filters: AuditFilters) => void;
}) {
  const styles = useStyles();
  const audit = useAudit(filters);
  const verification = useAuditVerification();
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const [draft, setDraft] = useState({
    target: filters.target ?? '',
    user: filters.user ?? '',
    since: toLocalInput(filters.since),
    until: toLocalInput(filters.until),
  });
  useEffect(() => {
    setDraft({
      target: filters.target ?? '',
      user: filters.user ?? '',
      since: toLocalInput(filters.since),
      until: toLocalInput(filters.until),
    });
  }, [filters.target, filters.user, filters.since, filters.until]);

  const apply = () =>
    onFiltersChange({
      target: draft.target.trim() || undefined,
      user: draft.user.trim() || undefined,
      action: filters.action,
      since: toInstant(draft.since),
      until: toInstant(draft.until),
    });

  const items = useMemo(() => audit.data?.items, [audit.data]);
  const total = audit.data?.total ?? 0;

  return (
    <div className={styles.root}>
      <QueryView
        query={verification}
        size="tiny"
        loading="Verifying the audit chain…"
        failed="The audit chain could not be verified"
      >
        {(chain) => (
          <MessageBar intent={chain.ok ? 'success' : 'error'} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{chain.ok ? 'Audit chain verified' : 'Audit chain broken'}</MessageBarTitle>
              {chain.ok
                ? `All ${chain.entries} entries are intact: each one's hash matches its content and the entry before it.`
                : brokenChainText(chain)}
            </MessageBarBody>
          </MessageBar>
        )}
      </QueryView>
      <form
        className={styles.filters}
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
        aria-label="Audit filters"
      >
        <Field label="Target">
          <Input
            size="small"
            className={styles.narrow}
            value={draft.target}
            onChange={(_, data) => setDraft({ ...draft, target: data.value })}
            placeholder="e.g. SP.Orders.AS2"
          />
        </Field>
        <Field label="User">
          <Input
            size="small"
            className={styles.narrow}
            value={draft.user}
            onChange={(_, data) => setDraft({ ...draft, user: data.value })}
          />
        </Field>
        <Field label="Action">
          <Dropdown
            size="small"
            value={filters.action ?? 'All actions'}
            selectedOptions={[filters.action ?? '']}
            onOptionSelect={(_, data) =>
              onFiltersChange({ ...filters, action: data.optionValue || undefined })
            }
          >
            <Option value="">All actions</Option>
            {AUDIT_ACTIONS.map((action) => (
              <Option key={action} value={action}>
                {action}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <div className={styles.together}>
          <Field label="From">
            <Input
              size="small"
              type="datetime-local"
              value={draft.since}
              onChange={(_, data) => setDraft({ ...draft, since: data.value })}
            />
          </Field>
          <Field label="To">
            <Input
              size="small"
              type="datetime-local"
              value={draft.until}
              onChange={(_, data) => setDraft({ ...draft, until: data.value })}
            />
          </Field>
        </div>
        <div className={styles.together}>
          <Button size="small" appearance="primary" type="submit">
            Apply filters
          </Button>
          <Button size="small" onClick={() => onFiltersChange({})}>
            Clear
          </Button>
        </div>
      </form>
      {total > AUDIT_PAGE_SIZE && (
        <Text size={200}>
          Showing the latest {AUDIT_PAGE_SIZE} of {total} entries; narrow the filters to see older ones.
        </Text>
      )}
      <div className={styles.list}>
        <ResultsGrid
          label="Audit log"
          items={items}
          columns={COLUMNS}
          getRowId={(entry) => String(entry.seq)}
          isLoading={audit.isPending}
          error={
            audit.isError ? <QueryError error={audit.error} title="The audit log could not be read" /> : null
          }
          emptyMessage="No audit entries match these filters."
          defaultSort={{ columnId: 'seq', direction: 'descending' }}
          filterable={false}
          selectedId={selected ? String(selected.seq) : null}
          onSelect={setSelected}
        />
      </div>
      {selected && (
        <section aria-label={`Audit entry ${selected.seq}`} className={styles.changes}>
          <Table size="extra-small" aria-label={`Changes in audit entry ${selected.seq}`}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Field</TableHeaderCell>
                <TableHeaderCell>Before</TableHeaderCell>
                <TableHeaderCell aria-label="Changed to" />
                <TableHeaderCell>After</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {auditChanges(selected.before, selected.after, selected.batchId).map((change) => (
                <TableRow key={change.field}>
                  <TableCell>{change.field}</TableCell>
                  <TableCell>{change.before}</TableCell>
                  <TableCell className={styles.arrow} aria-hidden>
                    {change.before === '' ? '' : '→'}
                  </TableCell>
                  <TableCell>{change.after}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      )}
      <RefreshAction
        title="Audit log"
        label="Refresh and verify"
        onRefresh={() => void Promise.all([audit.refetch(), verification.refetch()])}
      />
    </div>
  );
}
