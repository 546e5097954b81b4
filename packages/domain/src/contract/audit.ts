import { z } from 'zod';
import { TimestampSchema, listOf } from './common';
import { text } from './text';

export const AUDIT_ACTIONS = [
  'certificate.assign',
  'certificate.remove',
  'store.import',
  'store.remove',
  'send-port.enlist',
  'send-port.start',
  'send-port.stop',
  'send-port.unenlist',
  'send-port.create',
  'send-port.update',
  'application.create',
  'session.sign-in',
  'session.sign-in-failed',
  'session.sign-out',
  'token.create',
  'token.revoke',
  'user.create',
  'user.reset-password',
  'bindings.import',
  'message.send',
  'message.resume',
  'message.terminate',
  // Certificate replacement (DESIGN §12); each port's change is a certificate.assign of the batch.
  'certificate.replacement.schedule',
  'certificate.replacement.cancel',
  'certificate.replacement.fail',
  'store.install',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditActionSchema>;

export const AuditEntrySchema = z
  .object({
    seq: z.number().int().positive(),
    at: TimestampSchema,
    user: z.string().nullable(),
    clientAddress: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    target: z.string(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    batchId: z.string(),
    reason: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditListSchema = listOf(AuditEntrySchema);

export const AuditQuerySchema = z.object({
  target: text().max(512).optional(),
  user: text().max(128).optional(),
  action: text().max(64).optional(),
  since: TimestampSchema.optional(),
  until: TimestampSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditVerifyResponseSchema = z
  .object({
    ok: z.boolean(),
    /** Entries read; when broken, missing ones are not counted. */
    entries: z.number().int().nonnegative(),
    /** The first break and why; the same as broken[0]. */
    brokenAt: z.number().int().optional(),
    reason: z.string().optional(),
    /** Every break; `broken` lists the first hundred of them, in order. */
    brokenCount: z.number().int().nonnegative().optional(),
    broken: z.array(z.object({ seq: z.number().int(), reason: z.string() })).optional(),
  })
  .meta({ id: 'AuditVerify' });
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponseSchema>;
