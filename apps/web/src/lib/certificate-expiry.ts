import { EXPIRING_WITHIN_DAYS, type CertificateHealth } from '@bts-console/domain';

const DAY = 24 * 60 * 60 * 1000;

/** How a certificate's validity stands at `now`, from its dates; where the API gives a `health`, that wins. */
export function expiryHealth(notAfter: string, notBefore?: string, now = Date.now()): CertificateHealth {
  const end = Date.parse(notAfter);
  if (end <= now) return 'expired';
  if (notBefore && Date.parse(notBefore) > now) return 'not-yet-valid';
  if (end - now <= EXPIRING_WITHIN_DAYS * DAY) return 'expiring';
  return 'valid';
}

/** Whole days until expiry, rounded up: a certificate that ends tomorrow morning has 1 day left. */
export function daysLeft(notAfter: string, now = Date.now()): number {
  return Math.ceil((Date.parse(notAfter) - now) / DAY);
}

// One formatter of each kind for the whole console: toLocaleString with options builds a new
// Intl.DateTimeFormat on every call, which is what made filtering twenty thousand certificates slow.
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Dates as administrators read them in the certificate dialog: local date and time, no seconds. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  return DATE_TIME.format(new Date(value));
}

/** A certificate's expiration date as the store views show it: local date, no time. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  return DATE.format(new Date(value));
}
