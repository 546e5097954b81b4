import type { ExpiryBadge, InUseHealth } from './contract/lifecycle';
import { isExpired, isExpiring, isNotYetValid } from './certificate-health';
import { DEFAULT_EXPIRY_WARNING_DAYS } from './contract/expiry-warning-days';

export type ExpiryWarningDaysParse = { ok: true; days: number[] } | { ok: false; message: string };

/**
 * Reads `BTS_EXPIRY_WARNING_DAYS` (`30,14,7`): whole days, each at least 1, no repeats; returned
 * largest first, so the first is the amber threshold and the last the red one (DESIGN §12).
 */
export function parseExpiryWarningDays(text: string): ExpiryWarningDaysParse {
  const parts = text.split(',').map((part) => part.trim());
  const days: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,5}$/.test(part) || Number(part) < 1) {
      return {
        ok: false,
        message: `must be whole numbers of days of at least 1, separated by commas, such as 30,14,7; '${part}' is not one`,
      };
    }
    if (days.includes(Number(part))) return { ok: false, message: `names ${part} days twice` };
    days.push(Number(part));
  }
  return { ok: true, days: days.sort((a, b) => b - a) };
}

/** How a certificate in use stands (DESIGN §12), worst first; `expiring` from the first threshold. */
export function inUseHealth(
  certificate: { notBefore: string; notAfter: string } | null,
  heldAnywhere: boolean,
  warningDays: readonly number[],
  now: Date,
): InUseHealth {
  if (certificate === null) return 'missing';
  if (isExpired(certificate, now)) return 'expired';
  if (!heldAnywhere) return 'missing';
  if (isNotYetValid(certificate, now)) return 'not-yet-valid';
  if (isExpiring(certificate, now, firstWarningDays(warningDays))) return 'expiring';
  return 'valid';
}

/** The first (largest) warning threshold: from it on, a certificate is `expiring` everywhere (DESIGN §12). */
export function firstWarningDays(warningDays: readonly number[] | undefined): number {
  return warningDays?.[0] ?? DEFAULT_EXPIRY_WARNING_DAYS[0];
}

/** Red at the last threshold and once expired, amber at the first, none otherwise (DESIGN §12). */
export function expiryBadge(daysLeft: number | null, warningDays: readonly number[]): ExpiryBadge | null {
  if (daysLeft === null || warningDays.length === 0) return null;
  if (daysLeft < 0 || daysLeft < warningDays[warningDays.length - 1]!) return 'red';
  if (daysLeft < warningDays[0]!) return 'amber';
  return null;
}
