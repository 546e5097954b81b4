import { z } from 'zod';

/**
 * How a certificate stands for the port that uses it, worst first:
 * expired, missing on a processing server, not yet valid, expiring (within the first threshold of `BTS_EXPIRY_WARNING_DAYS`), valid.
 *
 * A module of its own, without the rest of certificates.ts: the Send Ports list's rows carry it, and the
 * console's first screen need not build every certificate schema to read them.
 */
export const CERTIFICATE_HEALTHS = [
  'expired',
  'missing-on-servers',
  'not-yet-valid',
  'expiring',
  'valid',
] as const;
export const CertificateHealthSchema = z.enum(CERTIFICATE_HEALTHS);
export type CertificateHealth = z.infer<typeof CertificateHealthSchema>;
