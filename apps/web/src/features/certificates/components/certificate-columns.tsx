import type { StoreCertificateSummary } from '@bts-console/domain';
import { formatThumbprintDisplay } from '@bts-console/domain';
import { ExpiryBadge } from '../../../components/expiry-badge';
import { expiryHealth, formatDate } from '../../../lib/certificate-expiry';
import type { ResultsColumn } from '../../../components/results-grid';
import { useExpiringWithinDays } from '../../../lib/auth/get-session';

/** The date and, when it applies, the badge: expiring by the server's first warning threshold. */
function ExpirationDate({ certificate }: { certificate: StoreCertificateSummary }) {
  const expiringWithinDays = useExpiringWithinDays();
  return (
    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
      {formatDate(certificate.notAfter)}
      <ExpiryBadge
        health={expiryHealth(certificate.notAfter, certificate.notBefore, expiringWithinDays)}
        notAfter={certificate.notAfter}
      />
    </span>
  );
}

/** The columns of Windows' certificate store views: Issued To, Issued By, Expiration Date, Friendly Name, Thumbprint. */
export const STORE_CERTIFICATE_COLUMNS: ResultsColumn<StoreCertificateSummary>[] = [
  {
    id: 'issuedTo',
    title: 'Issued To',
    width: 200,
    text: (certificate) => certificate.subjectCommonName ?? certificate.subject,
  },
  {
    id: 'issuedBy',
    title: 'Issued By',
    width: 180,
    text: (certificate) => certificate.issuerCommonName ?? certificate.issuer,
  },
  {
    id: 'expirationDate',
    title: 'Expiration Date',
    width: 190,
    text: (certificate) => formatDate(certificate.notAfter),
    compare: (a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter),
    render: (certificate) => <ExpirationDate certificate={certificate} />,
  },
  {
    id: 'friendlyName',
    title: 'Friendly Name',
    width: 150,
    text: (certificate) => certificate.friendlyName ?? '',
  },
  {
    id: 'thumbprint',
    title: 'Thumbprint',
    width: 330,
    grow: true,
    text: (certificate) => `${formatThumbprintDisplay(certificate.thumbprint)} ${certificate.thumbprint}`,
    render: (certificate) => (
      <span style={{ fontFamily: 'Consolas, "Cascadia Mono", monospace', fontSize: 12 }}>
        {formatThumbprintDisplay(certificate.thumbprint)}
      </span>
    ),
  },
];
