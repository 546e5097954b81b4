import { isExpired, isExpiring, isNotYetValid, type CertificateHealth } from '@bts-console/domain';

/**
 * How a certificate's validity stands at `now`, from its dates, by the rules the API applies, expiring
 * within `expiringWithinDays` (the first of the server's BTS_EXPIRY_WARNING_DAYS, from the session);
 * where the API gives a `health`, that wins.
 */
export function expiryHealth(
  notAfter: string,
  notBefore: string | undefined,
  expiringWithinDays: number,
  now = Date.now(),
): CertificateHealth {
  const at = new Date(now);
  const validity = { notAfter, notBefore: notBefore ?? new Date(0).toISOString() };
  if (isExpired(validity, at)) return 'expired';
  if (isNotYetValid(validity, at)) return 'not-yet-valid';
  if (isExpiring(validity, at, expiringWithinDays)) return 'expiring';
  return 'valid';
}

/** Whether a certificate's Not After has passed, for views that grey expired certificates out. */
export function hasExpired(notAfter: string, now = Date.now()): boolean {
  return Date.parse(notAfter) <= now;
}

// One formatter of each kind for the whole console: toLocaleString with options builds a new
// Intl.DateTimeFormat on every call, which is what made filtering twenty thousand certificates slow.
// Each is built when first used, not when the console's shared code loads: building one reads the
// locale's data, and the first screen (sign-in, the Send Ports list) shows no date.
let dateTime: Intl.DateTimeFormat | undefined;
let date: Intl.DateTimeFormat | undefined;

/** Dates as administrators read them in the certificate dialog: local date and time, no seconds. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return dateTime.format(new Date(value));
}

/** A certificate's expiration date as the store views show it: local date, no time. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  date ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  return date.format(new Date(value));
}
