import {
  Subtitle2,
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
import { useId } from 'react';
import { Link } from 'react-router';
import { QueryError } from '../../../components/query-error';
import { formatDateTime } from '../../../lib/certificate-expiry';
import { consolePaths } from '../../../lib/console-paths';
import { useCertificatesInUse } from '../api/get-certificates-in-use';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  empty: { color: tokens.colorNeutralForeground3 },
  link: { color: tokens.colorBrandForegroundLink },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/**
 * For the Group Hub: send ports whose certificate is not valid yet suspend every message until it is
 * (DESIGN §3 d), a problem the per-server list of the hub does not show.
 */
export function NotYetValidInUse() {
  const styles = useStyles();
  const heading = useId();
  const inUse = useCertificatesInUse();
  const rows = inUse.data?.items.filter((certificate) => certificate.health === 'not-yet-valid') ?? [];
  return (
    <section className={styles.section} aria-labelledby={heading}>
      <Subtitle2 as="h2" id={heading}>
        Certificates in use that are not valid yet
      </Subtitle2>
      {inUse.isError && <QueryError error={inUse.error} title="The certificates in use could not be read" />}
      {inUse.data && rows.length === 0 && (
        <Text className={styles.empty}>Every certificate in use is valid already.</Text>
      )}
      {rows.length > 0 && (
        <Table size="small" aria-labelledby={heading}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Issued To</TableHeaderCell>
              <TableHeaderCell>Valid from</TableHeaderCell>
              <TableHeaderCell>Send Ports (messages suspended until then)</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((certificate) => (
              <TableRow key={certificate.thumbprint}>
                <TableCell>
                  <Link className={styles.link} to={consolePaths.certificatesInUse}>
                    {certificate.commonName ?? certificate.thumbprint}
                  </Link>
                  <div className={styles.mono}>{certificate.thumbprint}</div>
                </TableCell>
                <TableCell>{formatDateTime(certificate.notBefore)}</TableCell>
                <TableCell>{certificate.sendPorts.map((port) => port.name).join(', ')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
