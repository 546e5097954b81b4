import { z } from 'zod';
import { CanonicalThumbprintSchema } from '../thumbprint';
import { TimestampSchema, listOf } from './common';
import { text } from './text';
import { ComputerRoleSchema } from './group';

/** Days before expiry from which a certificate counts as expiring (DESIGN §3 d). */
export const EXPIRING_WITHIN_DAYS = 30;

/**
 * How a certificate stands for the port that uses it, worst first:
 * expired, missing on a processing server, not yet valid, expiring within 30 days, valid.
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

/** The fields of a parsed X.509 certificate, as Windows' certificate dialog shows them. */
export const CertificateSchema = z
  .object({
    thumbprint: CanonicalThumbprintSchema,
    sha256: z.string(),
    subject: z.string(),
    /** Issued To. */
    subjectCommonName: z.string().nullable(),
    issuer: z.string(),
    /** Issued By. */
    issuerCommonName: z.string().nullable(),
    serialNumber: z.string(),
    notBefore: TimestampSchema,
    notAfter: TimestampSchema,
    keyUsage: z.array(z.string()).nullable(),
    extendedKeyUsage: z.array(z.string()).nullable(),
    publicKeyAlgorithm: z.string(),
    publicKeySize: z.number().int(),
  })
  .meta({ id: 'Certificate' });
export type Certificate = z.infer<typeof CertificateSchema>;

/** A certificate as it sits in one computer's Other People store. */
export const StoreCertificateSchema = CertificateSchema.extend({
  computer: z.string(),
  friendlyName: z.string().nullable(),
  addedAt: TimestampSchema,
  addedBy: z.string().nullable(),
}).meta({ id: 'StoreCertificate' });
export type StoreCertificate = z.infer<typeof StoreCertificateSchema>;
export const StoreCertificateListSchema = listOf(StoreCertificateSchema);
export type StoreCertificateList = z.infer<typeof StoreCertificateListSchema>;

/** What the Select Certificate dialog shows of a certificate in a store: a store's list with `view=summary`. */
export const StoreCertificateSummarySchema = StoreCertificateSchema.pick({
  thumbprint: true,
  subject: true,
  subjectCommonName: true,
  issuer: true,
  issuerCommonName: true,
  notBefore: true,
  notAfter: true,
  friendlyName: true,
}).meta({ id: 'StoreCertificateSummary' });
export type StoreCertificateSummary = z.infer<typeof StoreCertificateSummarySchema>;
export const StoreCertificateSummaryListSchema = listOf(StoreCertificateSummarySchema);
export type StoreCertificateSummaryList = z.infer<typeof StoreCertificateSummaryListSchema>;

export const StoreSearchQuerySchema = z.object({
  q: text().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
  view: z
    .enum(['full', 'summary'])
    .default('full')
    .describe(
      'summary: only what Select Certificate shows (Issued To, Issued By, validity, friendly name, thumbprint); half the bytes',
    ),
});

export const ImportCertificateQuerySchema = z.object({
  friendlyName: text().trim().max(256, 'A friendly name has at most 256 characters').optional(),
});

export const CertificatePresenceSchema = z.object({
  computer: z.string(),
  role: ComputerRoleSchema,
  present: z.boolean(),
  friendlyName: z.string().nullable(),
});
export type CertificatePresence = z.infer<typeof CertificatePresenceSchema>;

export const CertificateDetailSchema = CertificateSchema.extend({
  presence: z.array(CertificatePresenceSchema),
  sendPorts: z.array(z.object({ name: z.string(), application: z.string() })),
  /** Processing servers of those ports whose Other People store lacks it: where Install on missing servers installs. */
  missingOnServers: z.array(z.string()),
}).meta({ id: 'CertificateDetail' });
export type CertificateDetail = z.infer<typeof CertificateDetailSchema>;

export const NormalizeThumbprintRequestSchema = z
  .object({
    value: text('pasted').max(20_000, 'A thumbprint is 40 hexadecimal digits; this is far too long'),
  })
  .meta({ id: 'NormalizeThumbprintRequest' });

export const NormalizeThumbprintResponseSchema = z
  .object({
    ok: z.boolean(),
    thumbprint: CanonicalThumbprintSchema.optional(),
    display: z.string().optional(),
    removed: z.array(z.object({ codePoint: z.string(), name: z.string() })).optional(),
    error: z
      .object({ code: z.string(), message: z.string(), position: z.number().int().optional() })
      .optional(),
  })
  .meta({ id: 'NormalizeThumbprintResponse' });
export type NormalizeThumbprintResponse = z.infer<typeof NormalizeThumbprintResponseSchema>;
