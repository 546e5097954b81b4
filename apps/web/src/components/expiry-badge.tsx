import { Badge } from '@fluentui/react-components';
import { daysLeftInWords, daysUntilExpiry, type CertificateHealth } from '@bts-console/domain';

/** The badge beside a certificate's name: expired, expiring (within BTS_EXPIRY_WARNING_DAYS' first threshold), missing on a server, not yet valid. */
export function ExpiryBadge({ health, notAfter }: { health: CertificateHealth; notAfter?: string | null }) {
  switch (health) {
    case 'expired':
      return (
        <Badge appearance="filled" color="danger" size="small">
          Expired
        </Badge>
      );
    case 'expiring': {
      // The API's count and words (packages/domain), so Browse, Properties and the Group Hub agree.
      const days = notAfter ? daysUntilExpiry(notAfter, new Date()) : null;
      return (
        <Badge appearance="filled" color="warning" size="small">
          {days === null ? 'Expiring soon' : `Expires ${daysLeftInWords(days)}`}
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
