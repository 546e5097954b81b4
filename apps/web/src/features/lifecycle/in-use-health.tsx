import type { CertificateInUse } from '@bts-console/domain';
import { Badge } from '@fluentui/react-components';
import { formatDate } from '../../lib/certificate-expiry';

/** Every health but `valid` is something an administrator must act on before messages are suspended. */
export function isProblem(certificate: CertificateInUse): boolean {
  return certificate.health !== 'valid' || certificate.missingOn.length > 0;
}

/** The words of a row's health, as the badge and the filter read them. */
export function healthText(certificate: CertificateInUse): string {
  switch (certificate.health) {
    case 'expired':
      return 'Expired';
    case 'missing':
      return 'Missing from every store';
    case 'not-yet-valid':
      return `Not valid until ${formatDate(certificate.notBefore)}`;
    case 'expiring':
      return `Expires in ${certificate.daysLeft ?? '?'} ${certificate.daysLeft === 1 ? 'day' : 'days'}`;
    case 'valid':
      return 'Valid';
  }
}

/** Red at the last threshold and once expired, amber at the first (DESIGN §12); not yet valid is a problem too. */
export function InUseHealthBadge({ certificate }: { certificate: CertificateInUse }) {
  const text = healthText(certificate);
  if (certificate.health === 'valid' && certificate.badge === null) return <>{text}</>;
  const color =
    certificate.badge === 'red' || certificate.health === 'missing' || certificate.health === 'expired'
      ? 'danger'
      : 'warning';
  return (
    <Badge appearance={certificate.badge === null ? 'tint' : 'filled'} color={color} size="medium">
      {text}
    </Badge>
  );
}
