import { z } from 'zod';
import { text } from './text';

/*
 * Binding files (DESIGN §7): BizTalk's BindingInfo XML. Export writes an application's send ports;
 * import creates and updates send ports from a file and reports on each.
 */

/**
 * The largest binding file the import reads unless BTS_BINDING_FILE_MAX_MB says otherwise, in MB:
 * room for an export of the largest supported application (50,000 send ports, about 110 MB).
 */
export const DEFAULT_BINDING_FILE_MAX_MB = 160;

/** Query flags arrive as text; only `true` and `false` (any case) and `1`/`0` are read. */
const QueryFlagSchema = text()
  .regex(/^(true|false|1|0)$/i, 'Use true or false')
  .optional()
  .transform((value) => value !== undefined && (value.toLowerCase() === 'true' || value === '1'));

/**
 * `<send port><separator><server>[,<server>…]`, split at the last separator: server names never hold one,
 * send port names may. Undefined when a part is missing.
 */
export function splitPortServers(value: string, separator: string): PortAcknowledgement | undefined {
  const at = value.lastIndexOf(separator);
  if (at < 0) return undefined;
  const sendPort = value.slice(0, at).trim();
  const servers = value
    .slice(at + separator.length)
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return sendPort === '' || servers.length === 0 ? undefined : { sendPort, servers };
}

/** One port's acknowledged missing servers (DESIGN §3 c), as the query carries it: `<send port>:<server>,…`. */
export const PortAcknowledgementTextSchema = text()
  .max(2000)
  .check((context) => {
    if (splitPortServers(context.value, ':') === undefined) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        message:
          'Give a send port and the servers acknowledged for it, as <send port>:<server>[,<server>…], e.g. SP.Orders.AS2:BTS02',
      });
    }
  })
  .transform((value) => splitPortServers(value, ':') as PortAcknowledgement);

export type PortAcknowledgement = { sendPort: string; servers: string[] };

export const BindingsImportQuerySchema = z.object({
  dryRun: QueryFlagSchema.describe('Report what the import would do, and change nothing'),
  partial: QueryFlagSchema.describe('Apply the ports that pass even when others are refused'),
  acknowledgeMissingOn: z
    .union([text().max(2000), z.array(text().max(64)).max(100)])
    .optional()
    .describe(
      'Servers whose Other People store may lack a certificate of the file (DESIGN §3 c): comma-separated or repeated, e.g. BTS02',
    ),
  // One value arrives as text, several as a list; each is checked alone, so its error names it.
  acknowledgeMissingOnPort: z
    .preprocess(
      (value) => (typeof value === 'string' ? [value] : value),
      z.array(PortAcknowledgementTextSchema).max(1000).optional(),
    )
    .describe(
      "One port's servers whose Other People store may lack its certificate, and no other port's: <send port>:<server>[,<server>…], repeated per port, e.g. SP.Orders.AS2:BTS02",
    ),
});
export type BindingsImportQuery = z.infer<typeof BindingsImportQuerySchema>;

/** The send-port settings an import changes on a port that already exists. */
export const BINDING_PORT_CHANGES = ['transportType', 'uri', 'sendHandler', 'certificate'] as const;
export const BindingPortChangeSchema = z.enum(BINDING_PORT_CHANGES);
export type BindingPortChange = z.infer<typeof BindingPortChangeSchema>;

export const UpdatedSendPortSchema = z.object({
  sendPort: z.string(),
  /** What the file changed. */
  changes: z.array(BindingPortChangeSchema),
});
export type UpdatedSendPort = z.infer<typeof UpdatedSendPortSchema>;

export const RefusedSendPortSchema = z.object({
  sendPort: z.string(),
  /** The same codes as the console's own refusals, e.g. certificate-expired, send-handler-not-found. */
  code: z.string(),
  message: z.string(),
  /** certificate-missing-on-servers: the processing servers that lack the certificate, to acknowledge. */
  servers: z.array(z.string()).optional(),
});
export type RefusedSendPort = z.infer<typeof RefusedSendPortSchema>;

/** What the file holds that this console does not import; BizTalk's words for each kind. */
export const PASSED_OVER_KINDS = ['Receive Port', 'Send Port Group', 'Party', 'Orchestration'] as const;
export const PassedOverSchema = z.object({
  kind: z.enum(PASSED_OVER_KINDS),
  name: z.string(),
});
export type PassedOver = z.infer<typeof PassedOverSchema>;

export const BindingsImportWarningSchema = z.object({
  sendPort: z.string(),
  code: z.string(),
  message: z.string(),
});
export type BindingsImportWarning = z.infer<typeof BindingsImportWarningSchema>;

export const BindingsImportReportSchema = z
  .object({
    application: z.string(),
    dryRun: z.boolean(),
    /** True when the changes were saved: not a dry run, and nothing refused (or `partial`). */
    applied: z.boolean(),
    /** Shared by the audit entries of this import; null when nothing was written. */
    batchId: z.string().nullable(),
    created: z.array(z.string()),
    updated: z.array(UpdatedSendPortSchema),
    unchanged: z.array(z.string()),
    refused: z.array(RefusedSendPortSchema),
    passedOver: z.array(PassedOverSchema),
    warnings: z.array(BindingsImportWarningSchema),
    /**
     * An entity tag of the outcome and of the state it was decided on (each named port's version): send
     * it in If-Match with the import, which then applies only if a dry run now would report the same.
     */
    fingerprint: z.string(),
  })
  .meta({ id: 'BindingsImportReport' });
export type BindingsImportReport = z.infer<typeof BindingsImportReportSchema>;
