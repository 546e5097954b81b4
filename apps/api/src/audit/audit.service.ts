import { appendAuditEntryAtCommit, type Executor } from '@bts-console/db';
import type { AuditAction, Clock } from '@bts-console/domain';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';

export interface AuditRecord {
  action: AuditAction;
  targetType: string;
  target: string;
  before?: unknown;
  after?: unknown;
  /** One id per user action that touches many objects; a fresh one when omitted. */
  batchId?: string;
  reason?: string;
}

/**
 * Writes one audit entry of what the actor did; call it INSIDE the transaction of the change it
 * records, so the change and its entry are committed or rolled back together. On PostgreSQL the entry
 * is appended with the COMMIT (ADR 021): it cannot be read back inside the transaction.
 */
export async function recordAudit(
  trx: Executor,
  actor: Actor,
  entry: AuditRecord,
  clock: Clock,
): Promise<void> {
  await appendAuditEntryAtCommit(trx, {
    at: clock.now(),
    username: actor.username,
    clientAddress: actor.clientAddress,
    action: entry.action,
    targetType: entry.targetType,
    target: entry.target,
    before: entry.before,
    after: entry.after,
    batchId: entry.batchId ?? randomUUID(),
    reason: entry.reason ?? null,
  });
}
