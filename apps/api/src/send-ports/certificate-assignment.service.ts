import {
  computersHaving,
  getCertificate,
  getProcessingServers,
  setSendPortCertificate,
  withTransaction,
  type Executor,
  type SendPort as SendPortRecord,
} from '@bts-console/db';
import { normalizeThumbprint, type Clock, type SendPort, type Warning } from '@bts-console/domain';
import { canEncrypt, type KeyUsageName } from '@bts-console/x509';
import type { Request } from 'express';
import { recordAudit } from '../audit/audit.service';
import { getAuth } from '../auth/guards';
import { HttpProblem } from '../http/problem';
import { daysUntilExpiry, isExpired, isExpiring, isNotYetValid } from './certificate-health';
import { matchesVersion, preconditionFailed, type IfMatch } from './preconditions';
import { getSendPortOr404, toSendPortView } from './send-ports.service';

export interface CertificateAssignmentInput {
  /** The port as stored now. */
  port: SendPortRecord;
  /** The thumbprint as typed or pasted; normalized by DESIGN §4. */
  thumbprintInput: string;
  /** Must name exactly the processing servers whose Other People store lacks the certificate. */
  acknowledgeMissingOn?: readonly string[];
  now: Date;
}

export type CertificateAssignmentCheck =
  | {
      ok: true;
      /** Canonical form. */
      thumbprint: string;
      commonName: string | null;
      warnings: Warning[];
      /** The servers the request acknowledged (empty when the certificate is on every processing server). */
      acknowledgedMissingOn: string[];
    }
  | { ok: false; problem: HttpProblem };

/**
 * Decides whether a certificate may be assigned to a port, by the rules of DESIGN §3, in this order:
 * format, existence in some Other People store, suitability (expired, not for encryption), presence on
 * every processing server. Suitability comes before presence so that nobody is asked to acknowledge
 * missing servers, or to import the certificate there, for a certificate that would be refused anyway.
 * Reads only; the console's assignment, the CLI and binding import all decide through this function.
 */
export async function checkCertificateAssignment(
  db: Executor,
  input: CertificateAssignmentInput,
): Promise<CertificateAssignmentCheck> {
  const normalized = normalizeThumbprint(input.thumbprintInput);
  if (!normalized.ok) {
    return {
      ok: false,
      problem: new HttpProblem({
        status: 422,
        code: 'invalid-thumbprint',
        detail: `The thumbprint is not valid: ${normalized.error.message}.`,
        errors: [{ path: 'thumbprint', code: normalized.error.code, message: normalized.error.message }],
        ...(normalized.error.position !== undefined
          ? { extra: { position: normalized.error.position } }
          : {}),
      }),
    };
  }
  const { thumbprint, display } = normalized;

  const [holders, certificate, servers] = await Promise.all([
    computersHaving(db, thumbprint),
    getCertificate(db, thumbprint),
    getProcessingServers(db, input.port.id),
  ]);
  if (holders.length === 0 || !certificate) {
    return {
      ok: false,
      problem: new HttpProblem({
        status: 422,
        code: 'certificate-not-found',
        detail: `No certificate with thumbprint ${display} is in the Other People store of any computer in this group. Import the partner's certificate into the Other People store of the servers that process send port '${input.port.name}', then assign it.`,
        errors: [
          {
            path: 'thumbprint',
            code: 'certificate-not-found',
            message: `No certificate with thumbprint ${display} is in any Other People store of this group.`,
          },
        ],
        extra: { thumbprint },
      }),
    };
  }

  const named = certificate.subjectCommonName
    ? `'${certificate.subjectCommonName}'`
    : `with thumbprint ${display}`;
  if (isExpired(certificate, input.now)) {
    return {
      ok: false,
      problem: new HttpProblem({
        status: 422,
        code: 'certificate-expired',
        detail: `The certificate ${named} expired on ${day(certificate.notAfter)}; BizTalk cannot encrypt messages with an expired certificate. Ask the partner for their renewed certificate, import it, and assign that one.`,
        extra: { thumbprint, notAfter: certificate.notAfter },
      }),
    };
  }
  if (!canEncrypt({ keyUsage: certificate.keyUsage as KeyUsageName[] | null })) {
    return {
      ok: false,
      problem: new HttpProblem({
        status: 422,
        code: 'certificate-not-for-encryption',
        detail: `The certificate ${named} cannot encrypt messages: its key usage is ${(certificate.keyUsage ?? []).join(', ') || 'empty'}, without key encipherment or data encipherment. Ask the partner for their encryption certificate.`,
        extra: { thumbprint, keyUsage: certificate.keyUsage },
      }),
    };
  }

  const holding = new Set(holders.map((name) => name.toLowerCase()));
  const missing = servers
    .filter((server) => !holding.has(server.name.toLowerCase()))
    .map((server) => server.name);
  const acknowledged = acknowledgedServers(input.acknowledgeMissingOn);
  const warnings: Warning[] = [];
  if (!sameServers(missing, acknowledged)) {
    return {
      ok: false,
      problem: presenceProblem(input.port.name, named, missing, acknowledged, input.acknowledgeMissingOn),
    };
  }
  if (missing.length > 0) {
    warnings.push({
      code: 'missing-on-servers-acknowledged',
      message: `The certificate ${named} is not in the Other People store of ${list(missing)}: messages that ${list(missing)} ${missing.length === 1 ? 'processes' : 'process'} for send port '${input.port.name}' will be suspended until it is imported there.`,
      servers: missing,
    });
  }
  if (isNotYetValid(certificate, input.now)) {
    warnings.push({
      code: 'certificate-not-yet-valid',
      message: `The certificate ${named} is not valid until ${day(certificate.notBefore)}; messages sent through '${input.port.name}' before then will be suspended.`,
    });
  }
  if (isExpiring(certificate, input.now)) {
    const daysLeft = daysUntilExpiry(certificate.notAfter, input.now);
    warnings.push({
      code: 'certificate-expiring',
      message: `The certificate ${named} expires on ${day(certificate.notAfter)}, ${daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`}. Ask the partner for their renewed certificate.`,
      daysLeft,
    });
  }
  return {
    ok: true,
    thumbprint,
    commonName: certificate.subjectCommonName,
    warnings,
    acknowledgedMissingOn: missing,
  };
}

function presenceProblem(
  portName: string,
  named: string,
  missing: string[],
  acknowledged: string[],
  asSent: readonly string[] | undefined,
): HttpProblem {
  if (asSent === undefined || asSent.length === 0) {
    return new HttpProblem({
      status: 422,
      code: 'certificate-missing-on-servers',
      detail: `The certificate ${named} is not in the Other People store of ${list(missing)}, which ${missing.length === 1 ? 'processes' : 'process'} send port '${portName}': messages would be suspended there and errors logged. Import the certificate into the Other People store of ${list(missing)}; or, to save it anyway, acknowledge exactly ${missing.length === 1 ? 'that server' : 'those servers'} with acknowledgeMissingOn: ${JSON.stringify(missing)}.`,
      extra: { servers: missing },
    });
  }
  const expected =
    missing.length === 0
      ? `none: the certificate is in the Other People store of every server that processes send port '${portName}', so leave acknowledgeMissingOn out`
      : `${JSON.stringify(missing)}, the servers that process send port '${portName}' and lack the certificate`;
  const message = `acknowledgeMissingOn must name exactly ${expected}. It named ${JSON.stringify(acknowledged)}.`;
  return new HttpProblem({
    status: 422,
    code: 'acknowledgement-mismatch',
    detail: message,
    errors: [{ path: 'acknowledgeMissingOn', code: 'acknowledgement-mismatch', message }],
    extra: { servers: missing, acknowledged },
  });
}

/** Windows computer names compare without case; repeats and surrounding spaces mean nothing. */
function acknowledgedServers(names: readonly string[] | undefined): string[] {
  const seen = new Map<string, string>();
  for (const name of names ?? []) {
    const trimmed = name.trim();
    if (trimmed !== '' && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}

function sameServers(missing: string[], acknowledged: string[]): boolean {
  if (missing.length !== acknowledged.length) return false;
  const expected = new Set(missing.map((name) => name.toLowerCase()));
  return acknowledged.every((name) => expected.has(name.toLowerCase()));
}

function list(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

export interface CertificateChangeResult {
  port: SendPort;
  warnings: Warning[];
  /** False when the port already had exactly this (or, for removal, no) certificate: nothing was written. */
  changed: boolean;
}

export interface AssignCertificateCommand {
  portName: string;
  thumbprintInput: string;
  acknowledgeMissingOn?: readonly string[];
  reason?: string;
  /** The ETags the caller read; omitted only by callers that hold the port's version otherwise. */
  ifMatch?: IfMatch;
  /** Groups the audit entries of one user action (binding import). */
  batchId?: string;
}

/**
 * Assigns a certificate to a send port: checks If-Match, decides by `checkCertificateAssignment`,
 * updates the port on condition that its version is unchanged, and writes the audit entry, all in
 * one transaction (joining the caller's when given one). A refusal throws HttpProblem and writes nothing.
 */
export async function assignCertificate(
  database: Executor,
  clock: Clock,
  req: Request,
  command: AssignCertificateCommand,
): Promise<CertificateChangeResult> {
  const user = getAuth(req).username;
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const port = await getSendPortOr404(trx, command.portName);
    if (command.ifMatch && !matchesVersion(command.ifMatch, port.version)) {
      throw preconditionFailed(await toSendPortView(trx, port, now), command.ifMatch);
    }
    const check = await checkCertificateAssignment(trx, {
      port,
      thumbprintInput: command.thumbprintInput,
      acknowledgeMissingOn: command.acknowledgeMissingOn,
      now,
    });
    if (!check.ok) throw check.problem;
    if (
      port.certificate?.thumbprint === check.thumbprint &&
      port.certificate.commonName === check.commonName
    ) {
      return { port: await toSendPortView(trx, port, now), warnings: check.warnings, changed: false };
    }
    const updated = await setSendPortCertificate(trx, {
      name: port.name,
      expectedVersion: port.version,
      thumbprint: check.thumbprint,
      commonName: check.commonName,
      changedBy: user,
      changedAt: now,
    });
    if (!updated) throw await lostRace(trx, port.name, command.ifMatch, now);
    await recordAudit(
      trx,
      req,
      {
        action: 'certificate.assign',
        targetType: 'send-port',
        target: port.name,
        before: port.certificate
          ? { thumbprint: port.certificate.thumbprint, commonName: port.certificate.commonName }
          : null,
        after: {
          thumbprint: check.thumbprint,
          commonName: check.commonName,
          ...(check.acknowledgedMissingOn.length > 0
            ? { acknowledgedMissingOn: check.acknowledgedMissingOn }
            : {}),
          ...(check.warnings.length > 0 ? { warnings: check.warnings.map((warning) => warning.code) } : {}),
        },
        ...(command.batchId !== undefined ? { batchId: command.batchId } : {}),
        ...(command.reason !== undefined ? { reason: command.reason } : {}),
      },
      clock,
    );
    return { port: await toSendPortView(trx, updated, now), warnings: check.warnings, changed: true };
  });
}

export interface RemoveCertificateCommand {
  portName: string;
  reason?: string;
  ifMatch?: IfMatch;
  batchId?: string;
}

/**
 * Removes a port's encryption certificate (messages then go out in clear text; the certificate
 * stays in the stores). Removing from a port that has none succeeds without writing anything, so a
 * retried request is harmless.
 */
export async function removeCertificate(
  database: Executor,
  clock: Clock,
  req: Request,
  command: RemoveCertificateCommand,
): Promise<CertificateChangeResult> {
  const user = getAuth(req).username;
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const port = await getSendPortOr404(trx, command.portName);
    if (command.ifMatch && !matchesVersion(command.ifMatch, port.version)) {
      throw preconditionFailed(await toSendPortView(trx, port, now), command.ifMatch);
    }
    if (!port.certificate)
      return { port: await toSendPortView(trx, port, now), warnings: [], changed: false };
    const updated = await setSendPortCertificate(trx, {
      name: port.name,
      expectedVersion: port.version,
      thumbprint: null,
      commonName: null,
      changedBy: user,
      changedAt: now,
    });
    if (!updated) throw await lostRace(trx, port.name, command.ifMatch, now);
    await recordAudit(
      trx,
      req,
      {
        action: 'certificate.remove',
        targetType: 'send-port',
        target: port.name,
        before: { thumbprint: port.certificate.thumbprint, commonName: port.certificate.commonName },
        after: null,
        ...(command.batchId !== undefined ? { batchId: command.batchId } : {}),
        ...(command.reason !== undefined ? { reason: command.reason } : {}),
      },
      clock,
    );
    return { port: await toSendPortView(trx, updated, now), warnings: [], changed: true };
  });
}

/** Another request changed the port between our read and our conditional UPDATE. */
async function lostRace(
  trx: Executor,
  name: string,
  ifMatch: IfMatch | undefined,
  now: Date,
): Promise<HttpProblem> {
  const current = await getSendPortOr404(trx, name);
  return preconditionFailed(await toSendPortView(trx, current, now), ifMatch ?? { strong: [], raw: '' });
}
