import { formatThumbprintColons, formatThumbprintDisplay } from '@bts-console/domain';
import {
  Spinner,
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
import { ArrowSwapRegular, CheckmarkCircleFilled, DismissCircleFilled } from '@fluentui/react-icons';
import { Link } from 'react-router';
import { Actions } from '../../../components/actions-pane';
import { CopyButton } from '../../../components/copy-button';
import { GuardedButton } from '../../../components/guarded-button';
import { REQUIRES_ADMINISTRATORS, usePermissions } from '../../../lib/auth/permissions';
import { ExpiryBadge } from '../../../components/expiry-badge';
import { useExpiringWithinDays } from '../../../lib/auth/get-session';
import { expiryHealth, formatDateTime } from '../../../lib/certificate-expiry';
import { QueryError } from '../../../components/query-error';
import { ApiError } from '../../../lib/api-client';
import { consolePaths } from '../../../lib/console-paths';
import { useCertificate } from '../api/get-certificate';
import { InstallOnMissingServers } from './install-on-missing-servers';
import { PortsUsingCertificate } from './ports-using-certificate';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '980px' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
  },
  label: { color: tokens.colorNeutralForeground3 },
  mono: { fontFamily: 'Consolas, "Cascadia Mono", monospace', wordBreak: 'break-all' },
  forms: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr max-content',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    alignItems: 'center',
  },
  present: {
    color: tokens.colorPaletteGreenForeground1,
    display: 'inline-flex',
    gap: '4px',
    alignItems: 'center',
  },
  missing: {
    color: tokens.colorNeutralForeground3,
    display: 'inline-flex',
    gap: '4px',
    alignItems: 'center',
  },
});

/** Everything about one certificate: its fields, its thumbprint in each form, where it is, and who uses it. */
export function CertificateDetails({
  thumbprint,
  onReplace,
}: {
  thumbprint: string;
  /** Opens the Replace certificate wizard with this certificate as the one to replace (DESIGN §12). */
  onReplace?: () => void;
}) {
  const styles = useStyles();
  const certificate = useCertificate(thumbprint);
  const expiringWithinDays = useExpiringWithinDays();
  const permissions = usePermissions();

  if (certificate.isPending) return <Spinner size="small" label="Reading the certificate…" />;
  if (certificate.isError) {
    const notFound = certificate.error instanceof ApiError && certificate.error.status === 404;
    return (
      <QueryError
        error={certificate.error}
        title={notFound ? 'No such certificate in this group' : 'The certificate could not be read'}
        onRetry={notFound ? undefined : () => void certificate.refetch()}
      />
    );
  }
  const detail = certificate.data;
  const fact = (label: string, value: string | null | undefined, mono = false) => (
    <>
      <Text className={styles.label}>{label}</Text>
      <Text className={mono ? styles.mono : undefined}>{value || '—'}</Text>
    </>
  );

  // Replacing needs a port that uses it, and an administrator.
  const replaceDenied =
    detail.sendPorts.length === 0
      ? 'No send port uses this certificate: there is nothing to replace.'
      : permissions.canChangeConfiguration
        ? null
        : REQUIRES_ADMINISTRATORS;
  const replaceButton = (appearance: 'subtle' | 'secondary') =>
    onReplace && (
      <GuardedButton
        appearance={appearance}
        icon={<ArrowSwapRegular />}
        deniedReason={replaceDenied}
        onClick={onReplace}
      >
        Replace certificate...
      </GuardedButton>
    );

  return (
    <div className={styles.root}>
      <Actions title={detail.subjectCommonName ?? formatThumbprintDisplay(detail.thumbprint)}>
        {replaceButton('subtle')}
      </Actions>
      <section className={styles.section} aria-label="Fields">
        <h2 className={styles.heading}>Fields</h2>
        <div className={styles.facts}>
          {fact('Issued to', detail.subjectCommonName)}
          {fact('Subject', detail.subject)}
          {fact('Issued by', detail.issuerCommonName)}
          {fact('Issuer', detail.issuer)}
          {fact('Serial number', detail.serialNumber, true)}
          <Text className={styles.label}>Valid from</Text>
          <Text>{formatDateTime(detail.notBefore)}</Text>
          <Text className={styles.label}>Valid to</Text>
          <Text>
            {formatDateTime(detail.notAfter)}{' '}
            <ExpiryBadge
              health={expiryHealth(detail.notAfter, detail.notBefore, expiringWithinDays)}
              notAfter={detail.notAfter}
            />
          </Text>
          {fact('Key usage', detail.keyUsage?.join(', ') ?? '(not restricted)')}
          {fact('Enhanced key usage', detail.extendedKeyUsage?.join(', ') ?? '(not restricted)')}
          {fact('Public key', `${detail.publicKeyAlgorithm} (${detail.publicKeySize} bits)`)}
          {fact('SHA-256 fingerprint', detail.sha256, true)}
        </div>
      </section>

      <section className={styles.section} aria-label="Thumbprint">
        <h2 className={styles.heading}>Thumbprint (SHA-1)</h2>
        <div className={styles.forms}>
          <Text className={styles.label}>Grouped</Text>
          <Text className={styles.mono}>{formatThumbprintDisplay(detail.thumbprint)}</Text>
          <CopyButton label="Copy grouped" value={formatThumbprintDisplay(detail.thumbprint)} />
          <Text className={styles.label}>Contiguous</Text>
          <Text className={styles.mono}>{detail.thumbprint}</Text>
          <CopyButton label="Copy contiguous" value={detail.thumbprint} />
          <Text className={styles.label}>Colons</Text>
          <Text className={styles.mono}>{formatThumbprintColons(detail.thumbprint)}</Text>
          <CopyButton label="Copy with colons" value={formatThumbprintColons(detail.thumbprint)} />
        </div>
      </section>

      <section className={styles.section} aria-label="Presence">
        <h2 className={styles.heading}>Other People stores</h2>
        <Table size="small" aria-label="Presence on each computer">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Computer</TableHeaderCell>
              <TableHeaderCell>Role</TableHeaderCell>
              <TableHeaderCell>Other People store</TableHeaderCell>
              <TableHeaderCell>Friendly name</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {detail.presence.map((presence) => (
              <TableRow key={presence.computer}>
                <TableCell>
                  <Link to={consolePaths.otherPeopleStore(presence.computer)}>{presence.computer}</Link>
                </TableCell>
                <TableCell>{presence.role}</TableCell>
                <TableCell>
                  {presence.present ? (
                    <span className={styles.present}>
                      <CheckmarkCircleFilled /> Present
                    </span>
                  ) : (
                    <span className={styles.missing}>
                      <DismissCircleFilled /> Not installed
                    </span>
                  )}
                </TableCell>
                <TableCell>{presence.friendlyName ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <InstallOnMissingServers thumbprint={detail.thumbprint} missingOn={detail.missingOnServers} />
      </section>

      <section className={styles.section} aria-label="Send ports">
        <h2 className={styles.heading}>Send ports that encrypt with it</h2>
        {detail.sendPorts.length === 0 ? (
          <Text className={styles.label}>No send port uses this certificate.</Text>
        ) : (
          <PortsUsingCertificate ports={detail.sendPorts} />
        )}
        {detail.sendPorts.length > 0 && <div>{replaceButton('secondary')}</div>}
      </section>
    </div>
  );
}
