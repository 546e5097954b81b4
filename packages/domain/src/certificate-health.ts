import type { CertificateHealth } from './contract/certificates';

const DAY_MS = 86_400_000;

/** The validity period of a known certificate, as stored (ISO-8601 text). */
export interface ValidityPeriod {
  notBefore: string;
  notAfter: string;
}

/**
 * Whole days from now until the certificate expires, the one count the API, the console and the CLI
 * show: whole days only (floor), so 0 in its last 24 hours ("today") and negative once expired.
 */
export function daysUntilExpiry(notAfter: string, now: Date): number {
  return Math.floor((Date.parse(notAfter) - now.getTime()) / DAY_MS);
}

/** Days left in words: `today`, `tomorrow`, `in 10 days`. */
export function daysLeftInWords(daysLeft: number): string {
  if (daysLeft <= 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  return `in ${daysLeft} days`;
}

export function isExpired(validity: ValidityPeriod, now: Date): boolean {
  return Date.parse(validity.notAfter) <= now.getTime();
}

export function isNotYetValid(validity: ValidityPeriod, now: Date): boolean {
  return Date.parse(validity.notBefore) > now.getTime();
}

/**
 * Expires within `expiringWithinDays`: the first threshold of `BTS_EXPIRY_WARNING_DAYS` (DESIGN §12), the
 * one value behind every "expiring" of the API, the console and the CLI.
 */
export function isExpiring(validity: ValidityPeriod, now: Date, expiringWithinDays: number): boolean {
  const remaining = Date.parse(validity.notAfter) - now.getTime();
  return remaining > 0 && remaining <= expiringWithinDays * DAY_MS;
}

/**
 * How a port's certificate stands, worst first. A thumbprint that matches no known certificate
 * counts as missing: no server can encrypt with it.
 */
export function certificateHealth(
  validity: ValidityPeriod | null,
  missingOnServers: number,
  now: Date,
  expiringWithinDays: number,
): CertificateHealth {
  if (validity === null) return 'missing-on-servers';
  if (isExpired(validity, now)) return 'expired';
  if (missingOnServers > 0) return 'missing-on-servers';
  if (isNotYetValid(validity, now)) return 'not-yet-valid';
  if (isExpiring(validity, now, expiringWithinDays)) return 'expiring';
  return 'valid';
}

/**
 * The first moment after now at which certificateHealth may answer differently for this validity
 * (it becomes valid, starts expiring, expires); ms since the epoch, Infinity when never.
 */
export function healthChangesAt(
  validity: ValidityPeriod | null,
  now: Date,
  expiringWithinDays: number,
): number {
  if (validity === null) return Infinity;
  const notAfter = Date.parse(validity.notAfter);
  const moments = [Date.parse(validity.notBefore), notAfter - expiringWithinDays * DAY_MS, notAfter];
  return Math.min(Infinity, ...moments.filter((moment) => moment > now.getTime()));
}
