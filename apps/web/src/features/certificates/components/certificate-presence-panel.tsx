import {
  Badge,
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
import { CheckmarkCircleFilled, DismissCircleFilled } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { ExpiryBadge } from '../../../components/expiry-badge';
import { PropertyGroup } from '../../../components/property-group';
import { useExpiringWithinDays } from '../../../lib/auth/get-session';
import { expiryHealth, formatDateTime } from '../../../lib/certificate-expiry';
import { useEffect } from 'react';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { useCertificate } from '../api/get-certificate';
import { InstallOnMissingServers } from './install-on-missing-servers';

export type ProcessingServerRef = { name: string; hostInstanceState: string };

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: '2px',
  },
  label: { color: tokens.colorNeutralForeground3 },
  present: {
    color: tokens.colorPaletteGreenForeground1,
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
  },
  missing: {
    color: tokens.colorPaletteRedForeground1,
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Where the certificate is, for each server that processes the port, and when it expires: the procedure's
 * note that it "must also exist on the computer running BizTalk Server", made visible before saving.
 */
export function CertificatePresencePanel({
  thumbprint,
  processingServers,
  onLookup,
  children,
}: {
  thumbprint: string;
  processingServers: ProcessingServerRef[];
  /** Told what the group knows of the thumbprint, so the page can judge it before saving. */
  onLookup?: (
    lookup:
      | {
          thumbprint: string;
          found: true;
          commonName: string | null;
          notBefore: string;
          notAfter: string;
          keyUsage: string[] | null;
          holders: string[];
        }
      | { thumbprint: string; found: false },
  ) => void;
  /** Shown under the processing servers. */
  children?: ReactNode;
}) {
  const styles = useStyles();
  const certificate = useCertificate(thumbprint);
  const expiringWithinDays = useExpiringWithinDays();
  const { data, error } = certificate;
  useEffect(() => {
    if (!onLookup) return;
    if (data) {
      onLookup({
        thumbprint,
        found: true,
        commonName: data.subjectCommonName,
        notBefore: data.notBefore,
        notAfter: data.notAfter,
        keyUsage: data.keyUsage,
        holders: data.presence.filter((entry) => entry.present).map((entry) => entry.computer),
      });
    } else if (error instanceof ApiError && error.status === 404) {
      onLookup({ thumbprint, found: false });
    }
  }, [thumbprint, data, error, onLookup]);

  if (certificate.isPending)
    return (
      <PropertyGroup legend="Certificate">
        <Spinner size="tiny" label="Looking for the certificate in the group's stores…" />
      </PropertyGroup>
    );
  if (certificate.isError) {
    const notFound = certificate.error instanceof ApiError && certificate.error.status === 404;
    return (
      <PropertyGroup legend="Certificate">
        <Text className={styles.missing}>
          <DismissCircleFilled />
          {notFound
            ? 'No certificate with this thumbprint is in the Other People store of any computer in this group.'
            : errorMessage(certificate.error)}
        </Text>
        {children}
      </PropertyGroup>
    );
  }

  const detail = certificate.data;
  const health = expiryHealth(detail.notAfter, detail.notBefore, expiringWithinDays);
  const missingOn = processingServers
    .map((server) => server.name)
    .filter((name) => !detail.presence.some((entry) => entry.computer === name && entry.present));
  return (
    <>
      <PropertyGroup legend="Certificate">
        <div className={styles.facts}>
          <Text className={styles.label}>Issued to</Text>
          <Text>{detail.subjectCommonName ?? detail.subject}</Text>
          <Text className={styles.label}>Issued by</Text>
          <Text>{detail.issuerCommonName ?? detail.issuer}</Text>
          <Text className={styles.label}>Valid</Text>
          <Text>
            {formatDateTime(detail.notBefore)} to {formatDateTime(detail.notAfter)}{' '}
            <ExpiryBadge health={health} notAfter={detail.notAfter} />
          </Text>
          {detail.keyUsage && (
            <>
              <Text className={styles.label}>Key usage</Text>
              <Text>{detail.keyUsage.join(', ')}</Text>
            </>
          )}
        </div>
      </PropertyGroup>
      <PropertyGroup legend="Processing servers">
        <Table size="extra-small" aria-label="Presence on processing servers">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Processing server</TableHeaderCell>
              <TableHeaderCell>Host instance</TableHeaderCell>
              <TableHeaderCell>Other People store</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {processingServers.length === 0 && (
              <TableRow>
                <TableCell colSpan={3}>
                  <Text className={styles.muted}>
                    No BizTalk server runs an instance of this port's send handler.
                  </Text>
                </TableCell>
              </TableRow>
            )}
            {processingServers.map((server) => {
              const present = detail.presence.some(
                (entry) => entry.computer === server.name && entry.present,
              );
              return (
                <TableRow key={server.name}>
                  <TableCell>{server.name}</TableCell>
                  <TableCell>
                    <Badge
                      appearance="tint"
                      size="small"
                      color={server.hostInstanceState === 'Running' ? 'success' : 'subtle'}
                    >
                      {server.hostInstanceState}
                    </Badge>
                  </TableCell>
                  <TableCell>
                    {present ? (
                      <span className={styles.present}>
                        <CheckmarkCircleFilled /> Present
                      </span>
                    ) : (
                      <span className={styles.missing}>
                        <DismissCircleFilled /> Missing: messages will be suspended on {server.name}
                      </span>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <InstallOnMissingServers thumbprint={detail.thumbprint} missingOn={missingOn} />
        {children}
      </PropertyGroup>
    </>
  );
}
