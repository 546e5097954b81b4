import { Badge } from '@fluentui/react-components';
import type { CertificateHealth } from '@bts-console/domain';
import { daysLeft } from '../lib/certificate-expiry';

/** The badge beside a certificate's name: expired, expiring within 30 days, missing on a server, not yet valid. */
export function ExpiryBadge({ health, notAfter }: { health: CertificateHealth; notAfter?: string | null }) {
  switch (health) {
    case 'expired':
      return (
        <Badge appearance="filled" color="danger" size="small">
          Expired
        </Badge>
      );
    case 'expiring': {
      const days = notAfter ? daysLeft(notAfter) : null;
      return (
        <Badge appearance="filled" color="warning" size="small">
          {days === null ? 'Expiring soon' : `Expires in ${days} ${days === 1 ? 'day' : 'days'}`}
        </Badge>
      );
    }
    case 'missing-on-servers':
      return (
        <Badge appearance="tint" color="danger" size="small">
          Missing on a server
        </Badge>
      );
    case 'not-yet-valid':
      return (
        <Badge appearance="tint" color="warning" size="small">
          Not yet valid
        </Badge>
      );
    case 'valid':
      return null;
  }
}
