import {
  computersHaving,
  getCertificate,
  getProcessingServers,
  setSendPortCertificate,
  withTransaction,
  type Executor,
  type SendPort as SendPortRecord,
} from '@bts-console/db';
import {
  decideCertificateAssignment,
  invalidThumbprint,
  normalizeThumbprint,
  type CertificateRefusal,
  type Clock,
  type SendPort,
  type Warning,
} from '@bts-console/domain';
import { recordAudit, type AuditRecord } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { HttpProblem } from '../http/problem';
import { preconditionFailed, type IfMatch } from './preconditions';
import { getSendPortAsRead, getSendPortOr404, toSendPortView } from './send-ports.service';

export interface CertificateChangeResult {
  port: SendPort;
  warnings: Warning[];
  /** False when the port already had exactly this (or, for removal, no) certificate: nothing was written. */
  changed: boolean;
}

/** An assignment either changed the port (or found it as asked) or was refused by DESIGN §3, changing nothing. */
export type CertificateAssignmentOutcome =
  ({ ok: true } & CertificateChangeResult) | { ok: false; refusal: CertificateRefusal };

export interface AssignCertificateCommand {
  portName: string;
  thumbprintInput: string;
  acknowledgeMissingOn?: readonly string[];
  /** DESIGN §3 d: the certificate may be saved before its Not Before. */
  acknowledgeNotYetValid?: boolean;
  reason?: string;
  /** The ETags the caller read; omitted only by callers that hold the port's version otherwise. */
  ifMatch?: IfMatch;
  /** Groups the audit entries of one user action (binding import). */
  batchId?: string;
  /** The first threshold of BTS_EXPIRY_WARNING_DAYS: within it the certificate is saved with a warning. */
  expiringWithinDays: number;
}

/**
 * Assigns a certificate to a send port: checks If-Match, reads what DESIGN §3 decides with, decides by
 * `decideCertificateAssignment`, updates the port on condition that its version is unchanged, and
 * writes the audit entry, all in one transaction (joining the caller's when given one). A refusal is
 * returned, not thrown, and writes nothing; a missing port or a stale If-Match throws its problem.
 */
export async function assignCertificate(
  database: Executor,
  clock: Clock,
  actor: Actor,
  command: AssignCertificateCommand,
): Promise<CertificateAssignmentOutcome> {
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const port = await getSendPortAsRead(
      trx,
      command.portName,
      command.ifMatch,
      now,
      command.expiringWithinDays,
    );
    const normalized = normalizeThumbprint(command.thumbprintInput);
    if (!normalized.ok) return { ok: false, refusal: invalidThumbprint(normalized.error) };
    const { thumbprint } = normalized;
    const [certificate, holders, servers] = await Promise.all([
      getCertificate(trx, thumbprint),
      computersHaving(trx, thumbprint),
      getProcessingServers(trx, port.id),
    ]);
    const decision = decideCertificateAssignment({
      port: { name: port.name, processingServers: servers.map((server) => server.name) },
      thumbprint,
      certificate,
      holders,
      acknowledge: { missingOn: command.acknowledgeMissingOn, notYetValid: command.acknowledgeNotYetValid },
      now,
      expiringWithinDays: command.expiringWithinDays,
    });
    if (!decision.ok) return decision;
    if (
      port.certificate?.thumbprint === decision.thumbprint &&
      port.certificate.commonName === decision.commonName
    ) {
      const view = await toSendPortView(trx, port, now, command.expiringWithinDays);
      return { ok: true, port: view, warnings: decision.warnings, changed: false };
    }
    const view = await writeCertificate(
      trx,
      clock,
      actor,
      port,
      command,
      {
        certificate: { thumbprint: decision.thumbprint, commonName: decision.commonName },
        action: 'certificate.assign',
        ...certificateAssigned(port.certificate, decision),
      },
      now,
    );
    return { ok: true, port: view, warnings: decision.warnings, changed: true };
  });
}

/** The before and after of a certificate.assign entry; the console's assignment and binding import write the same. */
export function certificateAssigned(
  before: { thumbprint: string; commonName: string | null } | null,
  accepted: Pick<CertificateChangeResult, 'warnings'> & {
    thumbprint: string;
    commonName: string | null;
    acknowledgedMissingOn: readonly string[];
  },
) {
  return {
    before: before ? { thumbprint: before.thumbprint, commonName: before.commonName } : null,
    after: {
      thumbprint: accepted.thumbprint,
      commonName: accepted.commonName,
      ...(accepted.acknowledgedMissingOn.length > 0
        ? { acknowledgedMissingOn: accepted.acknowledgedMissingOn }
        : {}),
      // The warning comes only with the request's acknowledgement (DESIGN §3 d).
      ...(accepted.warnings.some((warning) => warning.code === 'certificate-not-yet-valid')
        ? { acknowledgedNotYetValid: true }
        : {}),
      ...(accepted.warnings.length > 0 ? { warnings: accepted.warnings.map((warning) => warning.code) } : {}),
    },
  };
}

export interface RemoveCertificateCommand {
  portName: string;
  reason?: string;
  ifMatch?: IfMatch;
  batchId?: string;
  /** The first threshold of BTS_EXPIRY_WARNING_DAYS, for the port's health in the answer. */
  expiringWithinDays: number;
}

/**
 * Removes a port's encryption certificate (messages then go out in clear text; the certificate
 * stays in the stores). Removing from a port that has none succeeds without writing anything, so a
 * retried request is harmless.
 */
export async function removeCertificate(
  database: Executor,
  clock: Clock,
  actor: Actor,
  command: RemoveCertificateCommand,
): Promise<CertificateChangeResult> {
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const port = await getSendPortAsRead(
      trx,
      command.portName,
      command.ifMatch,
      now,
      command.expiringWithinDays,
    );
    if (!port.certificate)
      return {
        port: await toSendPortView(trx, port, now, command.expiringWithinDays),
        warnings: [],
        changed: false,
      };
    const view = await writeCertificate(
      trx,
      clock,
      actor,
      port,
      command,
      {
        certificate: null,
        action: 'certificate.remove',
        before: { thumbprint: port.certificate.thumbprint, commonName: port.certificate.commonName },
        after: null,
      },
      now,
    );
    return { port: view, warnings: [], changed: true };
  });
}

/**
 * Sets (or, with null, clears) the port's certificate on condition that its version is still the one
 * read, and writes the audit entry; returns the port as it now is. Another request that changed the
 * port in between makes it a 412.
 */
async function writeCertificate(
  trx: Executor,
  clock: Clock,
  actor: Actor,
  port: SendPortRecord,
  command: { ifMatch?: IfMatch; batchId?: string; reason?: string; expiringWithinDays: number },
  change: Pick<AuditRecord, 'action' | 'before' | 'after'> & {
    certificate: { thumbprint: string; commonName: string | null } | null;
  },
  now: Date,
): Promise<SendPort> {
  const updated = await setSendPortCertificate(trx, {
    name: port.name,
    expectedVersion: port.version,
    thumbprint: change.certificate?.thumbprint ?? null,
    commonName: change.certificate?.commonName ?? null,
    changedBy: actor.username,
    changedAt: now,
  });
  if (!updated) throw await lostRace(trx, port.name, command.ifMatch, now, command.expiringWithinDays);
  // Read before the audit entry: its lock is held until COMMIT, so it comes last (ADR 011).
  const view = await toSendPortView(trx, updated, now, command.expiringWithinDays);
  await recordAudit(
    trx,
    actor,
    {
      action: change.action,
      targetType: 'send-port',
      target: port.name,
      before: change.before,
      after: change.after,
      ...(command.batchId !== undefined ? { batchId: command.batchId } : {}),
      ...(command.reason !== undefined ? { reason: command.reason } : {}),
    },
    clock,
  );
  return view;
}

/** Another request changed the port between our read and our conditional UPDATE. */
async function lostRace(
  trx: Executor,
  name: string,
  ifMatch: IfMatch | undefined,
  now: Date,
  expiringWithinDays: number,
): Promise<HttpProblem> {
  const current = await getSendPortOr404(trx, name);
  return preconditionFailed(
    await toSendPortView(trx, current, now, expiringWithinDays),
    ifMatch ?? { strong: [], raw: '' },
  );
}
