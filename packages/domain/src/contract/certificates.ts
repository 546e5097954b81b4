import { z } from 'zod';
import { CanonicalThumbprintSchema } from '../thumbprint';
import { TimestampSchema, listOf } from './common';
import { text } from './text';
import { ComputerRoleSchema } from './group';

export {
  CERTIFICATE_HEALTHS,
  CertificateHealthSchema,
  type CertificateHealth,
} from './certificate-health-schema';

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

/**
 * Why a send port cannot use a certificate (DESIGN §3 c, d), as Select Certificate marks its row:
 * the same judgement the API makes when the certificate is assigned, before anyone presses OK.
 */
export const PortUseReasonSchema = z
  .discriminatedUnion('code', [
    z.object({ code: z.literal('expired'), notAfter: TimestampSchema }),
    z.object({ code: z.literal('not-yet-valid'), notBefore: TimestampSchema }),
    z.object({ code: z.literal('not-for-encryption'), keyUsage: z.array(z.string()).nullable() }),
    z.object({ code: z.literal('missing-on-servers'), servers: z.array(z.string()) }),
  ])
  .meta({ id: 'PortUseReason' });
export type PortUseReason = z.infer<typeof PortUseReasonSchema>;

/** With forSendPort: why that port cannot use the certificate; empty when it can. */
const reasonsField = {
  reasons: z
    .array(PortUseReasonSchema)
    .optional()
    .describe('With forSendPort: why that port cannot use the certificate; empty when it can'),
};

/** A certificate as it sits in one computer's Other People store. */
export const StoreCertificateSchema = CertificateSchema.extend({
  computer: z.string(),
  friendlyName: z.string().nullable(),
  addedAt: TimestampSchema,
  addedBy: z.string().nullable(),
}).meta({ id: 'StoreCertificate' });
export type StoreCertificate = z.infer<typeof StoreCertificateSchema>;
export const StoreCertificateListSchema = listOf(StoreCertificateSchema.extend(reasonsField));
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
})
  .extend(reasonsField)
  .meta({ id: 'StoreCertificateSummary' });
export type StoreCertificateSummary = z.infer<typeof StoreCertificateSummarySchema>;
export const StoreCertificateSummaryListSchema = listOf(StoreCertificateSummarySchema);
export type StoreCertificateSummaryList = z.infer<typeof StoreCertificateSummaryListSchema>;

/**
 * A page of a store asked for with `count=bounded`: `total` when the page reached the last match, otherwise
 * `moreThan`, a number of matches there are more than (never a total that is not one).
 */
function boundedListOf<T extends z.ZodType>(item: T) {
  return z.union([
    listOf(item),
    z.object({
      items: z.array(item),
      moreThan: z
        .number()
        .int()
        .nonnegative()
        .describe('More rows match than this (offset + limit); ask with count=exact for the total'),
    }),
  ]);
}
export const StoreCertificatePageSchema = boundedListOf(StoreCertificateSchema.extend(reasonsField));
export type StoreCertificatePage = z.infer<typeof StoreCertificatePageSchema>;
export const StoreCertificateSummaryPageSchema = boundedListOf(StoreCertificateSummarySchema);
export type StoreCertificateSummaryPage = z.infer<typeof StoreCertificateSummaryPageSchema>;

/** The columns Select Certificate sorts a store by, each read in the order of an index. */
export const STORE_SORTS = ['issuedTo', 'issuedBy', 'expirationDate', 'friendlyName', 'thumbprint'] as const;
export const StoreSortSchema = z.enum(STORE_SORTS);
export type StoreSort = z.infer<typeof StoreSortSchema>;

/** The largest page of a store: a client that wants more reads the next page, never a silently cut list. */
export const STORE_PAGE_LIMIT = 1000;

export const StoreSearchQuerySchema = z
  .object({
    q: text().max(200).optional(),
    sort: StoreSortSchema.default('issuedTo').describe('The column the rows are ordered by, then thumbprint'),
    order: z.enum(['asc', 'desc']).default('asc'),
    forSendPort: text()
      .min(1)
      .max(256)
      .optional()
      .describe('Judge each row for this send port: its `reasons` say why the port cannot use it'),
    only: z
      .literal('usable')
      .optional()
      .describe('With forSendPort: only the certificates the port can use (DESIGN §3 c and d)'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(STORE_PAGE_LIMIT, `A page holds at most ${STORE_PAGE_LIMIT} certificates; read the next with page`)
      .default(100),
    page: z.coerce.number().int().min(1).optional().describe('1-based; page n starts at (n - 1) × limit'),
    offset: z.coerce.number().int().min(0).default(0).describe('Rows to skip, where page is not given'),
    count: z
      .enum(['exact', 'bounded'])
      .default('exact')
      .describe(
        'exact: `total` counts every match. bounded: one row past the page is read instead, and when there is one the answer says `moreThan` (offset + limit) for `total`; a term most of a large store matches then costs its page alone',
      ),
    view: z
      .enum(['full', 'summary'])
      .default('full')
      .describe(
        'summary: only what Select Certificate shows (Issued To, Issued By, validity, friendly name, thumbprint); half the bytes',
      ),
  })
  .refine((query) => query.only === undefined || query.forSendPort !== undefined, {
    path: ['only'],
    message: 'only=usable judges certificates for a send port: name it with forSendPort',
  });
export type StoreSearchQuery = z.infer<typeof StoreSearchQuerySchema>;

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
