import { z } from 'zod';
import { CanonicalThumbprintSchema } from '../thumbprint';
import { TimestampSchema, listOf } from './common';

/*
 * The simulated message runtime of DESIGN §8: test messages sent through a port's send pipeline,
 * the message instances they leave behind, and each BizTalk server's Application event log.
 */

export const MESSAGE_INSTANCE_STATUSES = ['Delivered', 'Suspended (resumable)', 'Terminated'] as const;
export const MessageInstanceStatusSchema = z.enum(MESSAGE_INSTANCE_STATUSES);
export type MessageInstanceStatus = z.infer<typeof MessageInstanceStatusSchema>;

export const EVENT_LEVELS = ['Error', 'Warning', 'Information'] as const;
export const EventLevelSchema = z.enum(EVENT_LEVELS);
export type EventLevel = z.infer<typeof EventLevelSchema>;

/** The largest test message the runtime accepts; its S/MIME output is about 1.4 times that. */
export const MAX_TEST_MESSAGE_BYTES = 1024 * 1024;

export const MessageInstanceSchema = z
  .object({
    id: z.uuid(),
    sendPort: z.string(),
    application: z.string(),
    /** The BizTalk server that processed it; null while no host instance could pick it up. */
    server: z.string().nullable(),
    status: MessageInstanceStatusSchema,
    /** Why it is suspended (kept after termination); null once delivered. */
    error: z.string().nullable(),
    encrypted: z.boolean(),
    messageSize: z.number().int().nonnegative(),
    /** Size of what was delivered; null when nothing was. */
    outputSize: z.number().int().nonnegative().nullable(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'MessageInstance' });
export type MessageInstance = z.infer<typeof MessageInstanceSchema>;

export const MessageInstanceListSchema = listOf(MessageInstanceSchema).meta({ id: 'MessageInstanceList' });
export type MessageInstanceList = z.infer<typeof MessageInstanceListSchema>;

export const MessageInstanceQuerySchema = z.object({
  status: MessageInstanceStatusSchema.optional().describe('Only instances with this status'),
  sendPort: z.string().min(1).max(256).optional().describe('Only instances of this send port'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type MessageInstanceQuery = z.infer<typeof MessageInstanceQuerySchema>;

export const TestMessageQuerySchema = z.object({
  server: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("The processing server to run the pipeline on; without it the port's servers take turns"),
});
export type TestMessageQuery = z.infer<typeof TestMessageQuerySchema>;

export const TestMessageResultSchema = z
  .object({
    instanceId: z.uuid(),
    status: MessageInstanceStatusSchema,
    server: z.string().nullable(),
    sendPort: z.string(),
    encrypted: z.boolean(),
    /** Why the message was suspended. */
    error: z.string().optional(),
  })
  .meta({ id: 'TestMessageResult' });
export type TestMessageResult = z.infer<typeof TestMessageResultSchema>;

export const EventLogEntrySchema = z
  .object({
    id: z.number().int(),
    at: TimestampSchema,
    computer: z.string(),
    level: EventLevelSchema,
    source: z.string(),
    eventId: z.number().int(),
    text: z.string(),
  })
  .meta({ id: 'EventLogEntry' });
export type EventLogEntry = z.infer<typeof EventLogEntrySchema>;

export const EventLogEntryListSchema = listOf(EventLogEntrySchema).meta({ id: 'EventLogEntryList' });
export type EventLogEntryList = z.infer<typeof EventLogEntryListSchema>;

export const EventLogQuerySchema = z.object({
  computer: z.string().min(1).max(64).optional().describe('Only the event log of this computer'),
  level: EventLevelSchema.optional().describe('Only entries of this level'),
  since: TimestampSchema.optional().describe('Only entries at or after this time (ISO-8601)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type EventLogQuery = z.infer<typeof EventLogQuerySchema>;

export const CERTIFICATE_PROBLEMS = ['missing', 'expired', 'expiring', 'not-yet-valid'] as const;
export const CertificateProblemKindSchema = z.enum(CERTIFICATE_PROBLEMS);
export type CertificateProblemKind = z.infer<typeof CertificateProblemKindSchema>;

/** What the Group Hub shows first: where messages are stuck, and which certificates will make them stick. */
export const GroupHubSchema = z
  .object({
    suspendedBySendPort: z.array(
      z.object({ sendPort: z.string(), application: z.string(), count: z.number().int().positive() }),
    ),
    certificateProblems: z.array(
      z.object({
        sendPort: z.string(),
        application: z.string(),
        thumbprint: CanonicalThumbprintSchema,
        commonName: z.string().nullable(),
        problems: z.array(
          z.object({
            server: z.string(),
            problem: CertificateProblemKindSchema,
            /** For `expiring`: whole days left. */
            daysLeft: z.number().int().optional(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'GroupHub' });
export type GroupHub = z.infer<typeof GroupHubSchema>;
