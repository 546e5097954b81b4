import { z } from 'zod';
import { CanonicalThumbprintSchema } from '../thumbprint';
import { TimestampSchema, listOf } from './common';

/* Expiry alerts (DESIGN §13): raised once per certificate in use and threshold, announced in the event
 * log of the processing servers and, when configured, to a webhook with retries. */

/** `certificate.replacement-failed`: a scheduled replacement refused when it ran (DESIGN §12). */
export const ALERT_EVENTS = [
  'certificate.expiring',
  'certificate.expired',
  'certificate.replacement-failed',
] as const;
export const AlertEventSchema = z.enum(ALERT_EVENTS);
export type AlertEvent = z.infer<typeof AlertEventSchema>;

/**
 * Where the webhook stands: `not-configured` (no BTS_ALERT_WEBHOOK_URL when raised), `pending` (a
 * retry is due), `delivered` (a 2xx answer), `failed` (no 2xx within 24 hours of retries).
 */
export const WEBHOOK_STATUSES = ['not-configured', 'pending', 'delivered', 'failed'] as const;
export const WebhookStatusSchema = z.enum(WEBHOOK_STATUSES);
export type WebhookStatus = z.infer<typeof WebhookStatusSchema>;

export const AlertSendPortSchema = z.object({ name: z.string(), application: z.string() });

/** What a `certificate.replacement-failed` alert is about: the scheduled replacement and why it was refused. */
export const AlertReplacementSchema = z.object({
  id: z.string(),
  /** The successor it was to put on the ports. */
  to: CanonicalThumbprintSchema,
  /** When it was due. */
  at: TimestampSchema,
  /** The refusal's code (replacement-ports-changed, replacement-refused, …) and what it said. */
  code: z.string(),
  message: z.string(),
});
export type AlertReplacement = z.infer<typeof AlertReplacementSchema>;

/** What the webhook receives: DESIGN §13's body. */
export const AlertWebhookPayloadSchema = z
  .object({
    event: AlertEventSchema,
    thumbprint: CanonicalThumbprintSchema,
    commonName: z.string().nullable(),
    notAfter: TimestampSchema,
    daysLeft: z.number().int(),
    sendPorts: z.array(z.string()),
    servers: z.array(z.string()),
    /** Only for `certificate.replacement-failed`; `thumbprint` is then the certificate the ports keep. */
    replacement: AlertReplacementSchema.optional(),
  })
  .meta({ id: 'AlertWebhookPayload' });
export type AlertWebhookPayload = z.infer<typeof AlertWebhookPayloadSchema>;

export const AlertAttemptSchema = z.object({
  at: TimestampSchema,
  outcome: z.enum(['delivered', 'failed']),
  /** The HTTP status the receiver answered; null when no answer came (refused, timed out). */
  responseCode: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type AlertAttempt = z.infer<typeof AlertAttemptSchema>;

export const AlertSchema = z
  .object({
    id: z.number().int(),
    event: AlertEventSchema,
    thumbprint: CanonicalThumbprintSchema,
    commonName: z.string().nullable(),
    notAfter: TimestampSchema,
    /** The threshold crossed, in days before Not After; 0 for the expiry itself. */
    thresholdDays: z.number().int().nonnegative(),
    daysLeft: z.number().int(),
    raisedAt: TimestampSchema,
    sendPorts: z.array(AlertSendPortSchema),
    /** The processing servers whose event log got the entry. */
    servers: z.array(z.string()),
    /** For `certificate.replacement-failed`: the replacement and why it was refused; null otherwise. */
    replacement: AlertReplacementSchema.nullable(),
    webhook: z.object({
      status: WebhookStatusSchema,
      /** Every attempt, oldest first. */
      attempts: z.array(AlertAttemptSchema),
      /** The status of the last answer; null before any, or when none came. */
      lastResponseCode: z.number().int().nullable(),
      nextAttemptAt: TimestampSchema.nullable(),
    }),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof AlertSchema>;

export const AlertListSchema = listOf(AlertSchema).meta({ id: 'AlertList' });
export type AlertList = z.infer<typeof AlertListSchema>;
