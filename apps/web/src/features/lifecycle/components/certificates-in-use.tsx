import { InUseSortSchema, type CertificateInUse, type InUseSort } from '@bts-console/domain';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowSwapRegular, InfoRegular } from '@fluentui/react-icons';
import { useDeferredValue, useMemo, useState } from 'react';
import { Actions } from '../../../components/actions-pane';
import { GuardedButton } from '../../../components/guarded-button';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid, type ResultsColumn, type ServerRows } from '../../../components/results-grid';
import { REQUIRES_ADMINISTRATORS, usePermissions } from '../../../lib/auth/permissions';
import { formatDate } from '../../../lib/certificate-expiry';
import { usePagedCertificatesInUse } from '../api/get-certificates-in-use';
import { InUseHealthBadge, healthText } from '../in-use-health';
import { ScheduledReplacements } from './scheduled-replacements';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    flex: '1 1 auto',
    minHeight: 0,
  },
  list: { flex: '1 1 auto', minHeight: '240px', display: 'flex', flexDirection: 'column' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  summary: { color: tokens.colorNeutralForeground3 },
});

/** The server's order for a column: Not After and Days left both sort by days left. */
function serverSort(columnId: string): InUseSort | null {
  if (columnId === 'notAfter') return 'daysLeft';
  const sort = InUseSortSchema.safeParse(columnId);
  return sort.success ? sort.data : null;
}

function portsText(certificate: CertificateInUse): string {
  return certificate.sendPorts.map((port) => port.name).join(', ');
}

/**
 * Certificates → In Use (DESIGN §12): every certificate a send port references, the soonest to expire first,
 * with what must be done before messages are suspended. Replacing one starts here.
 */
export function CertificatesInUse(props: {
  onReplace: (certificate: CertificateInUse) => void;
  onOpenDetails: (certificate: CertificateInUse) => void;
}) {
  const styles = useStyles();
  const [filter, setFilter] = useState('');
  // Typing stays instant: the request follows the box, a keystroke behind when the server is slower.
  const q = useDeferredValue(filter);
  const [sort, setSort] = useState<ServerRows['sort']>({ columnId: 'daysLeft', direction: 'ascending' });
  const inUse = usePagedCertificatesInUse({
    q,
    sort: serverSort(sort.columnId) ?? 'daysLeft',
    order: sort.direction === 'ascending' ? 'asc' : 'desc',
  });
  const permissions = usePermissions();
  const [selected, setSelected] = useState<CertificateInUse | null>(null);

  const columns = useMemo<ResultsColumn<CertificateInUse>[]>(
    () => [
      {
        id: 'issuedTo',
        title: 'Issued To',
        width: 200,
        text: (certificate) => certificate.commonName ?? '(no common name)',
      },
      {
        id: 'thumbprint',
        title: 'Thumbprint',
        width: 180,
        text: (certificate) => certificate.thumbprint,
        render: (certificate) => <span className={styles.mono}>{certificate.thumbprint}</span>,
      },
      {
        id: 'notAfter',
        title: 'Not After',
        width: 110,
        text: (certificate) => formatDate(certificate.notAfter),
      },
      {
        id: 'daysLeft',
        title: 'Days left',
        width: 90,
        text: (certificate) => (certificate.daysLeft === null ? '' : String(certificate.daysLeft)),
      },
      {
        id: 'health',
        title: 'Health',
        width: 170,
        text: healthText,
        render: (certificate) => <InUseHealthBadge certificate={certificate} />,
      },
      {
        id: 'sendPorts',
        title: 'Send Ports',
        width: 240,
        grow: true,
        text: portsText,
        hoverText: (certificate) =>
          certificate.sendPorts.map((port) => `${port.name} (${port.application})`).join('\n'),
      },
      {
        id: 'missingOn',
        title: 'Missing on',
        width: 120,
        text: (certificate) => certificate.missingOn.join(', '),
      },
    ],
    [styles.mono],
  );

  const summary = inUse.summary;
  const replaceDenied = permissions.canChangeConfiguration ? null : REQUIRES_ADMINISTRATORS;
  const server: ServerRows = {
    total: inUse.total,
    ...(summary ? { unfilteredTotal: summary.unfilteredTotal } : {}),
    filter,
    onFilterChange: setFilter,
    sort,
    onSortChange: (next) => {
      if (serverSort(next.columnId) !== null) setSort(next);
    },
    onRowsInView: inUse.onRowsInView,
  };

  return (
    <div className={styles.root}>
      {summary && (
        <Text size={200} className={styles.summary}>
          {summary.unfilteredTotal} {summary.unfilteredTotal === 1 ? 'certificate is' : 'certificates are'} in
          use, {summary.problems === 0 ? 'none with a problem' : `${summary.problems} with a problem`}.
          Warnings from {summary.warningDays.join(', ')} days before expiry.
        </Text>
      )}
      <div className={styles.list}>
        <ResultsGrid
          label="In Use"
          filterLabel="Filter certificates in use"
          items={inUse.items}
          server={server}
          columns={columns}
          getRowId={(certificate) => certificate.thumbprint}
          isLoading={inUse.isPending}
          error={
            inUse.isError ? (
              <QueryError
                error={inUse.error}
                title="The certificates in use could not be read"
                onRetry={() => void inUse.refetch()}
              />
            ) : null
          }
          emptyMessage="No send port has an encryption certificate."
          selectedId={selected?.thumbprint ?? null}
          onSelect={setSelected}
          onOpen={props.onOpenDetails}
        />
      </div>
      <ScheduledReplacements />
      <Actions title={selected ? (selected.commonName ?? selected.thumbprint) : 'In Use'}>
        {selected && (
          <>
            <GuardedButton
              appearance="subtle"
              icon={<ArrowSwapRegular />}
              deniedReason={replaceDenied}
              onClick={() => props.onReplace(selected)}
            >
              Replace certificate...
            </GuardedButton>
            <Button appearance="subtle" icon={<InfoRegular />} onClick={() => props.onOpenDetails(selected)}>
              Properties
            </Button>
          </>
        )}
        <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={() => void inUse.refetch()}>
          Refresh
        </Button>
      </Actions>
    </div>
  );
}
