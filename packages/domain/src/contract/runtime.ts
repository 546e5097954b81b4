import { z } from 'zod';
import { CanonicalThumbprintSchema } from '../thumbprint';
import { TimestampSchema, listOf } from './common';
import { text } from './text';

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
  sendPort: text().min(1).max(256).optional().describe('Only instances of this send port'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type MessageInstanceQuery = z.infer<typeof MessageInstanceQuerySchema>;

export const TestMessageQuerySchema = z.object({
  server: text()
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
  computer: text().min(1).max(64).optional().describe('Only the event log of this computer'),
  level: EventLevelSchema.optional().describe('Only entries of this level'),
  since: TimestampSchema.optional().describe('Only entries at or after this time (ISO-8601)'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type EventLogQuery = z.infer<typeof EventLogQuerySchema>;

export const CERTIFICATE_PROBLEMS = ['missing', 'expired', 'expiring', 'not-yet-valid'] as const;
export const CertificateProblemKindSchema = z.enum(CERTIFICATE_PROBLEMS);
export type CertificateProblemKind = z.infer<typeof CertificateProblemKindSchema>;

/** Rows of certificate problems per page of the Group Hub, as the console reads them and as the API answers by default. */
export const GROUP_HUB_PROBLEMS_PAGE_SIZE = 200;
/** The most rows of certificate problems one request may ask for. */
export const GROUP_HUB_PROBLEMS_MAX_PAGE = 1000;

const PAGE_HINT = 'ask for the next rows with offset';

/**
 * `GET /api/group/hub`: which page of the certificate problems, ordered by application, then send port name
 * (docs/decisions/030-group-hub-problems-paged.md).
 */
export const GroupHubQuerySchema = z.object({
  limit: z.coerce
    .number({ error: `limit is a whole number of rows, 1 to ${GROUP_HUB_PROBLEMS_MAX_PAGE}` })
    .int(`limit is a whole number of rows, 1 to ${GROUP_HUB_PROBLEMS_MAX_PAGE}`)
    .min(1, `limit is at least 1 row; leave it out for ${GROUP_HUB_PROBLEMS_PAGE_SIZE}`)
    .max(
      GROUP_HUB_PROBLEMS_MAX_PAGE,
      `limit is at most ${GROUP_HUB_PROBLEMS_MAX_PAGE} rows a page; ${PAGE_HINT}`,
    )
    .default(GROUP_HUB_PROBLEMS_PAGE_SIZE)
    .describe(
      `Rows of certificate problems in the page, 1 to ${GROUP_HUB_PROBLEMS_MAX_PAGE}; ${GROUP_HUB_PROBLEMS_PAGE_SIZE} unless asked`,
    ),
  offset: z.coerce
    .number({ error: 'offset is a whole number of rows to skip, 0 or more' })
    .int('offset is a whole number of rows to skip, 0 or more')
    .min(0, 'offset is a whole number of rows to skip, 0 or more')
    .default(0)
    .describe('How many problem rows come before the page; 0 unless asked'),
});
export type GroupHubQuery = z.infer<typeof GroupHubQuerySchema>;

/**
 * What the Group Hub shows first: where messages are stuck, and which certificates will make them stick.
 * The certificate problems come a page at a time (`limit`, `offset`); `certificateProblemsTotal` counts them all.
 */
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
    /** Every send port with a certificate problem, of which `certificateProblems` is the page asked for. */
    certificateProblemsTotal: z.number().int().nonnegative(),
  })
  .meta({ id: 'GroupHub' });
export type GroupHub = z.infer<typeof GroupHubSchema>;
