import { appendAuditEntry, type Executor } from '@bts-console/db';
import type { AuditAction, Clock } from '@bts-console/domain';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';

export interface AuditRecord {
  action: AuditAction;
  targetType: string;
  target: string;
  before?: unknown;
  after?: unknown;
  /** One id per user action that touches many objects; a fresh one when omitted. */
  batchId?: string;
  reason?: string;
  /** Who acted, when the request is not (yet) signed in, e.g. a failed sign-in. */
  user?: string;
}

/** The client address as the audit log records it. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Writes one audit entry; call it INSIDE the transaction of the change it records,
 * so the change and its entry are committed or rolled back together.
 */
export async function recordAudit(
  trx: Executor,
  req: Request,
  entry: AuditRecord,
  clock: Clock,
): Promise<void> {
  await appendAuditEntry(trx, {
    at: clock.now(),
    username: entry.user ?? req.auth?.username ?? 'anonymous',
    clientAddress: clientAddress(req),
    action: entry.action,
    targetType: entry.targetType,
    target: entry.target,
    before: entry.before,
    after: entry.after,
    batchId: entry.batchId ?? randomUUID(),
    reason: entry.reason ?? null,
  });
}
