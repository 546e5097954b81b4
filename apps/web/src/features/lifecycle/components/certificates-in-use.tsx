import type { CertificateInUse } from '@bts-console/domain';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowSwapRegular, InfoRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { Actions } from '../../../components/actions-pane';
import { GuardedButton } from '../../../components/guarded-button';
import { QueryError } from '../../../components/query-error';
import { ResultsGrid, type ResultsColumn } from '../../../components/results-grid';
import { REQUIRES_ADMINISTRATORS, usePermissions } from '../../../lib/auth/permissions';
import { formatDate } from '../../../lib/certificate-expiry';
import { IN_USE_PAGE_SIZE, useCertificatesInUse } from '../api/get-certificates-in-use';
import { InUseHealthBadge, healthText, isProblem } from '../in-use-health';
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

/** Missing certificates have no days left: they sort first, as the most urgent. */
const byDaysLeft = (a: CertificateInUse, b: CertificateInUse) =>
  (a.daysLeft ?? Number.NEGATIVE_INFINITY) - (b.daysLeft ?? Number.NEGATIVE_INFINITY);

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
  const inUse = useCertificatesInUse();
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
        compare: byDaysLeft,
      },
      {
        id: 'daysLeft',
        title: 'Days left',
        width: 90,
        text: (certificate) => (certificate.daysLeft === null ? '' : String(certificate.daysLeft)),
        compare: byDaysLeft,
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

  const items = inUse.data?.items;
  const total = inUse.data?.total ?? 0;
  const problems = items?.filter(isProblem).length ?? 0;
  const replaceDenied = permissions.canChangeConfiguration ? null : REQUIRES_ADMINISTRATORS;

  return (
    <div className={styles.root}>
      {inUse.data && (
        <Text size={200} className={styles.summary}>
          {total} {total === 1 ? 'certificate is' : 'certificates are'} in use,{' '}
          {problems === 0 ? 'none with a problem' : `${problems} with a problem`}. Warnings from{' '}
          {inUse.data.warningDays.join(', ')} days before expiry.
          {total > (items?.length ?? 0) &&
            ` Showing the ${IN_USE_PAGE_SIZE} soonest to expire; filter to find the others.`}
        </Text>
      )}
      <div className={styles.list}>
        <ResultsGrid
          label="In Use"
          filterLabel="Filter certificates in use"
          items={items}
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
          defaultSort={{ columnId: 'daysLeft', direction: 'ascending' }}
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
