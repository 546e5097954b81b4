import { z } from 'zod';
import { SendPortStatusSchema } from '../send-port-state';
import { CanonicalThumbprintSchema } from '../thumbprint';
import { TimestampSchema, listOf } from './common';
import { text } from './text';
import { CertificateHealthSchema } from './certificate-health-schema';
import { HostInstanceStateSchema } from './group';

export const SEND_PORT_KINDS = [
  'Static One-way',
  'Static Solicit-Response',
  'Dynamic One-way',
  'Dynamic Solicit-Response',
] as const;
export const SendPortKindSchema = z.enum(SEND_PORT_KINDS);
export type SendPortKind = z.infer<typeof SendPortKindSchema>;

/** The encryption certificate as a send-port row shows it. */
export const PortCertificateSchema = z
  .object({
    thumbprint: CanonicalThumbprintSchema,
    commonName: z.string().nullable(),
    notAfter: TimestampSchema.nullable(),
    health: CertificateHealthSchema,
  })
  .meta({ id: 'PortCertificate' });
export type PortCertificate = z.infer<typeof PortCertificateSchema>;

export const SendPortRowSchema = z
  .object({
    name: z.string(),
    application: z.string(),
    status: SendPortStatusSchema,
    kind: SendPortKindSchema,
    transportType: z.string().nullable(),
    uri: z.string().nullable(),
    /** The host whose instances send; null for dynamic ports without one. */
    sendHandler: z.string().nullable(),
    certificate: PortCertificateSchema.nullable(),
  })
  .meta({ id: 'SendPortRow' });
export type SendPortRow = z.infer<typeof SendPortRowSchema>;
export const SendPortListSchema = listOf(SendPortRowSchema);
export type SendPortList = z.infer<typeof SendPortListSchema>;

/** The columns of the Send Ports list that the server orders by; ties keep the order by name. */
export const SEND_PORT_SORTS = [
  'name',
  'status',
  'transportType',
  'uri',
  'sendHandler',
  'certificate',
] as const;
export const SendPortSortSchema = z.enum(SEND_PORT_SORTS);
export type SendPortSort = z.infer<typeof SendPortSortSchema>;

/** The largest page of send ports: a client that wants more reads the next page, never a silently cut list. */
export const SEND_PORT_PAGE_LIMIT = 1000;

export const SendPortListQuerySchema = z.object({
  q: text()
    .max(200)
    .optional()
    .describe('Text to find in name, transport type, URI, send handler, status or certificate'),
  sort: SendPortSortSchema.default('name').describe(
    "The column the rows are ordered by; ties keep the order by name. certificate orders by the certificate's health, then its common name",
  ),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(
      SEND_PORT_PAGE_LIMIT,
      `A page holds at most ${SEND_PORT_PAGE_LIMIT} send ports; read the next with offset`,
    )
    .optional()
    .describe(
      'The most rows to answer; without it, every matching port. total counts every match either way',
    ),
  offset: z.coerce.number().int().min(0).default(0).describe('Matching rows to skip'),
});
export type SendPortListQuery = z.infer<typeof SendPortListQuerySchema>;

/** A BizTalk server that has an instance of the port's send handler, and whether it holds the certificate. */
export const ProcessingServerSchema = z.object({
  name: z.string(),
  hostInstanceState: HostInstanceStateSchema,
  /** null when the port has no certificate. */
  certificatePresent: z.boolean().nullable(),
});
export type ProcessingServer = z.infer<typeof ProcessingServerSchema>;

export const SendPortSchema = SendPortRowSchema.extend({
  description: z.string().nullable(),
  sendPipeline: z.string().nullable(),
  receivePipeline: z.string().nullable(),
  filter: z.string().nullable(),
  transportOptions: z.record(z.string(), z.unknown()),
  backupTransport: z.record(z.string(), z.unknown()).nullable(),
  outboundMaps: z.array(z.record(z.string(), z.unknown())),
  tracking: z.record(z.string(), z.unknown()),
  processingServers: z.array(ProcessingServerSchema),
  version: z.number().int().positive(),
  changedBy: z.string().nullable(),
  changedAt: TimestampSchema.nullable(),
}).meta({ id: 'SendPort' });
export type SendPort = z.infer<typeof SendPortSchema>;

export const AssignCertificateRequestSchema = z
  .object({
    /** As typed or pasted; the API normalizes it by DESIGN §4. */
    thumbprint: text('pasted').max(20_000),
    /** Must name exactly the processing servers whose store lacks the certificate. */
    acknowledgeMissingOn: z.array(text().max(64)).max(100).optional(),
    /** DESIGN §3 d: saves a certificate whose Not Before is still ahead, knowing messages are suspended until then. */
    acknowledgeNotYetValid: z.boolean().optional(),
    reason: text('many').max(1000).optional(),
  })
  .meta({ id: 'AssignCertificateRequest' });
export type AssignCertificateRequest = z.infer<typeof AssignCertificateRequestSchema>;

export const WARNING_CODES = [
  'certificate-not-yet-valid',
  'certificate-expiring',
  'missing-on-servers-acknowledged',
] as const;
export const WarningSchema = z
  .object({
    code: z.enum(WARNING_CODES),
    message: z.string(),
    daysLeft: z.number().int().optional(),
    servers: z.array(z.string()).optional(),
  })
  .meta({ id: 'Warning' });
export type Warning = z.infer<typeof WarningSchema>;

/** A successful assignment or removal: the port as it now is, with any warnings. */
export const SendPortChangeResponseSchema = SendPortSchema.extend({ warnings: z.array(WarningSchema) }).meta({
  id: 'SendPortChange',
});
export type SendPortChangeResponse = z.infer<typeof SendPortChangeResponseSchema>;

/** 412 body: the port as it is now, and who changed it when. */
export const PreconditionFailedSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.literal(412),
    detail: z.string(),
    code: z.literal('precondition-failed'),
    current: SendPortSchema,
    changedBy: z.string().nullable(),
    changedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'PreconditionFailed' });
export type PreconditionFailed = z.infer<typeof PreconditionFailedSchema>;

/** The strong ETag of a port is its version: `"<version>"`. */
export function sendPortEtag(version: number): string {
  return `"${version}"`;
}

const STATUSES: ReadonlySet<unknown> = new Set(SendPortStatusSchema.options);
const KINDS: ReadonlySet<unknown> = new Set(SEND_PORT_KINDS);
const HEALTHS: ReadonlySet<unknown> = new Set(CertificateHealthSchema.options);
const CANONICAL_THUMBPRINT = /^[0-9A-F]{40}$/;
/** The one form the API writes a time in (`Date.prototype.toISOString`). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullableString = (value: unknown) => value === null || typeof value === 'string';

/** A row as SendPortRowSchema reads it, or undefined where it might not (SendPortRowSchema then decides). */
function sendPortRowAsIs(row: unknown): SendPortRow | undefined {
  if (!isObject(row)) return undefined;
  const { name, application, status, kind, transportType, uri, sendHandler, certificate } = row;
  if (typeof name !== 'string' || typeof application !== 'string') return undefined;
  if (!STATUSES.has(status) || !KINDS.has(kind)) return undefined;
  if (!isNullableString(transportType) || !isNullableString(uri) || !isNullableString(sendHandler))
    return undefined;
  let portCertificate: PortCertificate | null = null;
  if (certificate !== null) {
    if (!isObject(certificate)) return undefined;
    const { thumbprint, commonName, notAfter, health } = certificate;
    if (typeof thumbprint !== 'string' || !CANONICAL_THUMBPRINT.test(thumbprint)) return undefined;
    if (!isNullableString(commonName) || !HEALTHS.has(health)) return undefined;
    if (
      notAfter !== null &&
      (typeof notAfter !== 'string' || !ISO_TIME.test(notAfter) || !sameTime(notAfter))
    )
      return undefined;
    portCertificate = {
      thumbprint,
      commonName: commonName as string | null,
      notAfter: notAfter as string | null,
      health: health as PortCertificate['health'],
    };
  }
  return {
    name,
    application,
    status: status as SendPortRow['status'],
    kind: kind as SendPortKind,
    transportType: transportType as string | null,
    uri: uri as string | null,
    sendHandler: sendHandler as string | null,
    certificate: portCertificate,
  };
}

/** A real instant written as toISOString writes it: no 25th hour, no 30th of February. */
function sameTime(iso: string): boolean {
  const time = new Date(iso);
  return !Number.isNaN(time.getTime()) && time.toISOString() === iso;
}

/**
 * SendPortListSchema.parse, made cheap for the answer the API gives: a plain check of each row (the shapes,
 * the statuses, kinds and healths, canonical thumbprints, times as the API writes them) that builds the same
 * result, unknown members left out. Anything it is not sure of, it hands to SendPortListSchema, which refuses
 * a malformed answer with the error it always has. The console reads the list's pages with it.
 */
export function parseSendPortList(value: unknown): SendPortList {
  if (isObject(value) && Array.isArray(value.items)) {
    const { items, total } = value;
    if (typeof total === 'number' && Number.isSafeInteger(total) && total >= 0) {
      const rows: SendPortRow[] = [];
      for (const item of items) {
        const row = sendPortRowAsIs(item);
        if (!row) break;
        rows.push(row);
      }
      if (rows.length === items.length) return { items: rows, total };
    }
  }
  return SendPortListSchema.parse(value);
}
