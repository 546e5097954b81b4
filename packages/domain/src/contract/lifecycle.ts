import { z } from 'zod';
import { CanonicalThumbprintSchema } from '../thumbprint';
import { PageQuerySchema, TimestampSchema, listOf } from './common';
import { text } from './text';
import { WarningSchema } from './send-ports';

/*
 * The certificate lifecycle (DESIGN §12): the certificates in use, and replacing one on every port that
 * uses it, now or at a time, all-or-nothing.
 */

export { DEFAULT_EXPIRY_WARNING_DAYS } from './expiry-warning-days';

/** How a certificate in use stands; `missing` when no Other People store holds it any more. */
export const IN_USE_HEALTHS = ['expired', 'missing', 'not-yet-valid', 'expiring', 'valid'] as const;
export const InUseHealthSchema = z.enum(IN_USE_HEALTHS);
export type InUseHealth = z.infer<typeof InUseHealthSchema>;

/** The badge of a row: amber from the first warning threshold, red from the last and once expired. */
export const EXPIRY_BADGES = ['red', 'amber'] as const;
export const ExpiryBadgeSchema = z.enum(EXPIRY_BADGES);
export type ExpiryBadge = z.infer<typeof ExpiryBadgeSchema>;

export const PortReferenceSchema = z.object({ name: z.string(), application: z.string() });
export type PortReference = z.infer<typeof PortReferenceSchema>;

/** One certificate that some send port references (Certificates → In Use). */
export const CertificateInUseSchema = z
  .object({
    thumbprint: CanonicalThumbprintSchema,
    /** Issued To; the name the ports were given when the certificate is missing. */
    commonName: z.string().nullable(),
    /** null when no store holds the certificate any more. */
    notBefore: TimestampSchema.nullable(),
    notAfter: TimestampSchema.nullable(),
    /** Whole days until Not After: 0 on the last day, negative once expired, null when missing. */
    daysLeft: z.number().int().nullable(),
    health: InUseHealthSchema,
    badge: ExpiryBadgeSchema.nullable(),
    sendPorts: z.array(PortReferenceSchema),
    /** Processing servers of those ports whose Other People store lacks the certificate. */
    missingOn: z.array(z.string()),
  })
  .meta({ id: 'CertificateInUse' });
export type CertificateInUse = z.infer<typeof CertificateInUseSchema>;

/** The columns In Use sorts by on the server; `daysLeft` (the soonest to expire first) unless asked. */
export const IN_USE_SORTS = [
  'daysLeft',
  'issuedTo',
  'thumbprint',
  'health',
  'sendPorts',
  'missingOn',
] as const;
export const InUseSortSchema = z.enum(IN_USE_SORTS);
export type InUseSort = z.infer<typeof InUseSortSchema>;

export const CertificatesInUseQuerySchema = PageQuerySchema.extend({
  q: text()
    .max(200)
    .optional()
    .describe('Text to find in Issued To, thumbprint, send port, application or missing server'),
  health: z
    .union([InUseHealthSchema, z.array(InUseHealthSchema).max(IN_USE_HEALTHS.length)])
    .optional()
    .describe('Only these healths; repeat for several'),
  sort: InUseSortSchema.default('daysLeft').describe('The column to sort by; days left unless asked'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type CertificatesInUseQuery = z.infer<typeof CertificatesInUseQuerySchema>;

export const CertificatesInUseListSchema = listOf(CertificateInUseSchema)
  .extend({
    /** The warning thresholds in days, largest first, as `BTS_EXPIRY_WARNING_DAYS` set them. */
    warningDays: z.array(z.number().int().positive()),
    /** Every certificate in use, whatever the filter. */
    unfilteredTotal: z.number().int().nonnegative(),
    /** Of those, the ones with a problem: not valid, or missing on a processing server. */
    problems: z.number().int().nonnegative(),
  })
  .meta({ id: 'CertificatesInUseList' });
export type CertificatesInUseList = z.infer<typeof CertificatesInUseListSchema>;

/** A port as the client previewed it: its name and the ETag it had then. */
export const PreviewedPortSchema = z.object({
  name: text().min(1).max(256),
  etag: text().min(1).max(64),
});
export type PreviewedPort = z.infer<typeof PreviewedPortSchema>;

/**
 * `POST /api/certificate-replacements`. `dryRun` previews and needs only `from` and `to`; apply and
 * schedule send the previewed `ports` with their ETags; `at` schedules instead of applying now.
 */
export const ReplacementRequestSchema = z
  .object({
    /** The certificate the ports use now; as typed, normalized by DESIGN §4. */
    from: text('pasted').max(20_000),
    /** Its successor. */
    to: text('pasted').max(20_000),
    ports: z.array(PreviewedPortSchema).max(100_000).optional(),
    /**
     * Only the listed `ports` of `from` switch; the other ports on `from` keep it (a port's own change of
     * certificate, scheduled from its Certificate page). Without it every port on `from` must be listed.
     */
    onlyListedPorts: z.boolean().optional(),
    /** Per port, exactly the processing servers that may lack the successor (DESIGN §3 c). */
    acknowledgeMissingOn: z.record(text().max(256), z.array(text().max(64)).max(100)).optional(),
    /** DESIGN §3 d: the successor is not valid yet, and messages sent before then are suspended. */
    acknowledgeNotYetValid: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    /** Carry it out at this time (typically the successor's Not Before) rather than now. */
    at: TimestampSchema.optional(),
    reason: text('many').max(1000).optional(),
  })
  .meta({ id: 'ReplacementRequest' });
export type ReplacementRequest = z.infer<typeof ReplacementRequestSchema>;

/** A processing server of a port, and whether its Other People store holds the successor. */
export const ReplacementServerSchema = z.object({ name: z.string(), successorPresent: z.boolean() });
export type ReplacementServer = z.infer<typeof ReplacementServerSchema>;

/**
 * What DESIGN §3 says of the successor on one port: `ready` (perhaps with warnings), `acknowledgement-needed`
 * (it lacks on servers that the request did not acknowledge, or the request must acknowledge that it is
 * not yet valid), `refused` (no acknowledgement helps).
 */
export const REPLACEMENT_PORT_OUTCOMES = ['ready', 'acknowledgement-needed', 'refused'] as const;
export const ReplacementPortOutcomeSchema = z.enum(REPLACEMENT_PORT_OUTCOMES);
export type ReplacementPortOutcome = z.infer<typeof ReplacementPortOutcomeSchema>;

/** Why a port cannot take the successor (or what it needs acknowledged): DESIGN §3's codes. */
export const ReplacementPortReasonSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** For certificate-missing-on-servers and acknowledgement-mismatch: the servers to acknowledge. */
  servers: z.array(z.string()).optional(),
  /** For certificate-not-yet-valid: the successor's Not Before. */
  notBefore: TimestampSchema.optional(),
});
export type ReplacementPortReason = z.infer<typeof ReplacementPortReasonSchema>;

export const ReplacementPortSchema = z.object({
  name: z.string(),
  application: z.string(),
  /** The port's ETag as read by this request: send it back to apply. */
  etag: z.string(),
  /** After an applied replacement: the port's new ETag. */
  newEtag: z.string().optional(),
  processingServers: z.array(ReplacementServerSchema),
  outcome: ReplacementPortOutcomeSchema,
  reason: ReplacementPortReasonSchema.optional(),
  warnings: z.array(WarningSchema),
  /** The servers that the request acknowledged for this port. */
  acknowledgedMissingOn: z.array(z.string()),
});
export type ReplacementPort = z.infer<typeof ReplacementPortSchema>;

export const ReplacementCertificateSchema = z.object({
  thumbprint: CanonicalThumbprintSchema,
  commonName: z.string().nullable(),
  notBefore: TimestampSchema.nullable(),
  notAfter: TimestampSchema.nullable(),
});
export type ReplacementCertificate = z.infer<typeof ReplacementCertificateSchema>;

/** The answer to a preview (`dryRun`) and to an applied replacement. */
export const ReplacementResultSchema = z
  .object({
    from: ReplacementCertificateSchema,
    to: ReplacementCertificateSchema,
    dryRun: z.boolean(),
    /** True when every port changed, in one transaction. */
    applied: z.boolean(),
    /** Shared by the audit entries of the replacement; null when nothing was written. */
    batchId: z.string().nullable(),
    /** Every send port that uses `from`, by name. */
    ports: z.array(ReplacementPortSchema),
    /** A weak ETag of the ports and their versions as read: it changes when any of them does. */
    portsEtag: z.string(),
  })
  .meta({ id: 'ReplacementResult' });
export type ReplacementResult = z.infer<typeof ReplacementResultSchema>;

export const REPLACEMENT_STATUSES = ['pending', 'running', 'done', 'failed', 'cancelled'] as const;
export const ReplacementStatusSchema = z.enum(REPLACEMENT_STATUSES);
export type ReplacementStatus = z.infer<typeof ReplacementStatusSchema>;

/** A replacement scheduled with `at`: pending until the scheduler carries it out, or it is cancelled. */
export const ScheduledReplacementSchema = z
  .object({
    id: z.string(),
    from: ReplacementCertificateSchema,
    to: ReplacementCertificateSchema,
    at: TimestampSchema,
    status: ReplacementStatusSchema,
    ports: z.array(PreviewedPortSchema),
    /** Only these ports switch, not every port on `from`. */
    onlyListedPorts: z.boolean(),
    acknowledgeMissingOn: z.record(z.string(), z.array(z.string())),
    acknowledgeNotYetValid: z.boolean(),
    reason: z.string().nullable(),
    createdBy: z.string(),
    createdAt: TimestampSchema,
    /** When it ran, was cancelled, or failed; null while pending. */
    finishedAt: TimestampSchema.nullable(),
    /** Who cancelled it. */
    cancelledBy: z.string().nullable(),
    /** The audit batch of the ports' changes once done. */
    batchId: z.string().nullable(),
    /** Why it failed: what changed since it was scheduled, or the ports refused. */
    failure: z
      .object({
        code: z.string(),
        message: z.string(),
        ports: z.array(ReplacementPortReasonSchema.extend({ name: z.string() })).optional(),
      })
      .nullable(),
  })
  .meta({ id: 'ScheduledReplacement' });
export type ScheduledReplacement = z.infer<typeof ScheduledReplacementSchema>;

export const ScheduledReplacementListQuerySchema = PageQuerySchema.extend({
  status: z
    .union([ReplacementStatusSchema, z.array(ReplacementStatusSchema).max(REPLACEMENT_STATUSES.length)])
    .optional()
    .describe('Only these statuses; repeat for several'),
});
export type ScheduledReplacementListQuery = z.infer<typeof ScheduledReplacementListQuerySchema>;
export const ScheduledReplacementListSchema = listOf(ScheduledReplacementSchema).meta({
  id: 'ScheduledReplacementList',
});
export type ScheduledReplacementList = z.infer<typeof ScheduledReplacementListSchema>;

/** 412 `replacement-ports-changed`: the ports that differ from the preview, and how. */
export const CHANGED_PORT_KINDS = ['changed', 'no-longer-uses', 'not-previewed', 'not-found'] as const;
export const ChangedPortSchema = z.object({
  name: z.string(),
  change: z.enum(CHANGED_PORT_KINDS),
  /** The port's ETag now; absent when it no longer exists. */
  etag: z.string().optional(),
});
export type ChangedPort = z.infer<typeof ChangedPortSchema>;

/** The refusals of a replacement: 412 names `changedPorts`, 422 `refusedPorts` with each reason. */
export const ReplacementProblemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    changedPorts: z.array(ChangedPortSchema).optional(),
    refusedPorts: z.array(ReplacementPortReasonSchema.extend({ name: z.string() })).optional(),
  })
  .meta({ id: 'ReplacementProblem' });
export type ReplacementProblem = z.infer<typeof ReplacementProblemSchema>;
