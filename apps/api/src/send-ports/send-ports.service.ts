import {
  getApplicationByName,
  getCertificate,
  getHoldersOfCertificatesUsedBy,
  getProcessingServersHolding,
  getProcessingServersBySendHandler,
  getSendPortByName,
  listApplicationSendPortRows,
  setSendPortStatus,
  withTransaction,
  type Executor,
  type SendPort as SendPortRecord,
  type SendPortListRow,
} from '@bts-console/db';
import {
  certificateHealth,
  healthChangesAt,
  nextSendPortStatus,
  type ValidityPeriod,
  type Clock,
  type PortCertificate,
  type SendPort,
  type SendPortOperation,
  type SendPortRow,
} from '@bts-console/domain';
import { recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { HttpProblem, notFound } from '../http/problem';
import { matchesVersion, preconditionFailed, type IfMatch } from './preconditions';

/** The port as the API shows it: its row, its processing servers and whether each holds the certificate. */
/** `expiringWithinDays`: the first threshold of BTS_EXPIRY_WARNING_DAYS, as every health judgement takes it. */
export async function toSendPortView(
  db: Executor,
  port: SendPortRecord,
  now: Date,
  expiringWithinDays: number,
): Promise<SendPort> {
  return (await describeSendPort(db, port, now, expiringWithinDays)).view;
}

/** The port as the API shows it, and until when that view holds if the database does not change. */
export async function describeSendPort(
  db: Executor,
  port: SendPortRecord,
  now: Date,
  expiringWithinDays: number,
): Promise<{ view: SendPort; healthChangesAt: number }> {
  const thumbprint = port.certificate?.thumbprint;
  const { servers, validity } = await processingServersHolding(db, port, thumbprint);
  const missing = servers.filter((server) => server.certificatePresent === false).length;
  const certificate = portCertificate(port, validity, missing, now, expiringWithinDays);
  const view: SendPort = {
    ...toRowFields(port, certificate),
    description: port.description === '' ? null : port.description,
    sendPipeline: port.sendPipeline,
    receivePipeline: port.receivePipeline,
    filter: port.filter,
    transportOptions: { ...port.transportOptions },
    backupTransport: port.backupTransport ? { ...port.backupTransport } : null,
    outboundMaps: port.outboundMaps.map((map) => ({ ...map })),
    tracking: { ...port.tracking },
    processingServers: servers,
    version: port.version,
    changedBy: port.changedBy,
    changedAt: port.changedAt,
  };
  return {
    view,
    healthChangesAt: certificate ? healthChangesAt(validity, now, expiringWithinDays) : Infinity,
  };
}

async function processingServersHolding(
  db: Executor,
  port: SendPortRecord,
  thumbprint: string | undefined,
): Promise<{ servers: SendPort['processingServers']; validity: ValidityPeriod | null }> {
  const rows = await getProcessingServersHolding(db, port, thumbprint ?? null);
  const servers = rows.map((row) => ({
    name: row.name,
    hostInstanceState: row.hostInstanceState,
    certificatePresent: thumbprint ? row.holdsCertificate : null,
  }));
  if (!thumbprint) return { servers, validity: null };
  const first = rows[0];
  // Only a port whose handler has no host instance needs a second query for the validity.
  if (!first) return { servers, validity: await getCertificate(db, thumbprint) };
  const { notBefore, notAfter } = first;
  return { servers, validity: notBefore !== null && notAfter !== null ? { notBefore, notAfter } : null };
}

/** The fields of a port that its row in the results pane shows. */
type ListedPort = Omit<SendPortListRow, 'certificate'> & {
  certificate: { thumbprint: string; commonName: string | null } | null;
};

function portCertificate(
  port: ListedPort,
  validity: ValidityPeriod | null,
  missingOnServers: number,
  now: Date,
  expiringWithinDays: number,
): PortCertificate | null {
  if (!port.certificate) return null;
  return {
    thumbprint: port.certificate.thumbprint,
    commonName: port.certificate.commonName,
    notAfter: validity?.notAfter ?? null,
    health: certificateHealth(validity, missingOnServers, now, expiringWithinDays),
  };
}

function toRowFields(port: ListedPort, certificate: PortCertificate | null): SendPortRow {
  return {
    name: port.name,
    application: port.application,
    status: port.status,
    kind: port.kind,
    transportType: port.transportType === '' ? null : port.transportType,
    uri: port.uri === '' ? null : port.uri,
    sendHandler: port.sendHandler,
    certificate,
  };
}

/** One send port by name, or a 404 problem. */
export async function getSendPortOr404(db: Executor, name: string): Promise<SendPortRecord> {
  const port = await getSendPortByName(db, name);
  if (!port) throw notFound('Send port', name);
  return port;
}

/**
 * The port a change is about, provided it is still the version the caller read when If-Match names
 * one; otherwise 404, or 412 with the port as it is now.
 */
export async function getSendPortAsRead(
  db: Executor,
  name: string,
  ifMatch: IfMatch | undefined,
  now: Date,
  expiringWithinDays: number,
): Promise<SendPortRecord> {
  const port = await getSendPortOr404(db, name);
  if (ifMatch && !matchesVersion(ifMatch, port.version)) {
    throw preconditionFailed(await toSendPortView(db, port, now, expiringWithinDays), ifMatch);
  }
  return port;
}

export interface SendPortListOptions {
  /** Case-insensitive text matched against name, transport type, URI, send handler and certificate. */
  q?: string;
}

/**
 * One application's send ports as the results pane lists them. Health needs each port's processing
 * servers and the certificate's presence there; both are read for the whole list in a fixed number of
 * queries, whatever the number of ports.
 */
export async function listApplicationSendPorts(
  db: Executor,
  applicationName: string,
  options: SendPortListOptions,
  now: Date,
  expiringWithinDays: number,
): Promise<{ items: SendPortRow[]; total: number }> {
  const application = await getApplicationByName(db, applicationName);
  if (!application) throw notFound('Application', applicationName);
  const ports = filterPorts(await listApplicationSendPortRows(db, application.id), options.q);
  const scope = { applicationId: application.id };
  const [serversByHandler, holdersByThumbprint] = await Promise.all([
    getProcessingServersBySendHandler(db, scope),
    getHoldersOfCertificatesUsedBy(db, scope),
  ]);
  const items = ports.map((port) => {
    let missing = 0;
    let validity: ValidityPeriod | null = null;
    if (port.certificate) {
      const servers = serversByHandler.get(port.sendHandlerHostId) ?? [];
      const holders = holdersByThumbprint.get(port.certificate.thumbprint);
      missing = servers.filter((server) => !holders?.has(server.computerId)).length;
      const { notBefore, notAfter } = port.certificate;
      validity = notBefore !== null && notAfter !== null ? { notBefore, notAfter } : null;
    }
    return toRowFields(port, portCertificate(port, validity, missing, now, expiringWithinDays));
  });
  return { items, total: items.length };
}

function filterPorts(ports: SendPortListRow[], q: string | undefined): SendPortListRow[] {
  const term = q?.trim().toLowerCase() ?? '';
  if (term === '') return ports;
  return ports.filter((port) =>
    [
      port.name,
      port.transportType,
      port.uri,
      port.sendHandler,
      port.status,
      port.certificate?.commonName,
      port.certificate?.thumbprint,
    ].some((value) => value?.toLowerCase().includes(term)),
  );
}

const OPERATION_VERBS: Record<SendPortOperation, string> = {
  enlist: 'enlisted',
  start: 'started',
  stop: 'stopped',
  unenlist: 'unenlisted',
};

/**
 * Enlist, Start, Stop or Unenlist a port. If-Match is optional here (the BizTalk console sends none),
 * but honoured when present; the version is bumped either way so that open dialogs learn of the change.
 */
export async function changeSendPortStatus(
  database: Executor,
  clock: Clock,
  actor: Actor,
  change: {
    name: string;
    operation: SendPortOperation;
    ifMatch: IfMatch | undefined;
    expiringWithinDays: number;
  },
): Promise<SendPort> {
  return withTransaction(database, async (trx) => {
    const now = clock.now();
    const port = await getSendPortAsRead(trx, change.name, change.ifMatch, now, change.expiringWithinDays);
    const transition = nextSendPortStatus(port.status, change.operation);
    if (!transition.ok) {
      throw new HttpProblem({
        status: 409,
        code: 'invalid-state-transition',
        detail: `Send port '${port.name}' cannot be ${OPERATION_VERBS[change.operation]}: ${transition.message}`,
        extra: { portStatus: port.status, operation: change.operation },
      });
    }
    const updated = await setSendPortStatus(trx, {
      name: port.name,
      from: port.status,
      status: transition.status,
      expectedVersion: port.version,
      changedBy: actor.username,
      changedAt: now,
    });
    if (!updated) {
      const current = await getSendPortOr404(trx, port.name);
      if (change.ifMatch)
        throw preconditionFailed(
          await toSendPortView(trx, current, now, change.expiringWithinDays),
          change.ifMatch,
        );
      throw new HttpProblem({
        status: 409,
        code: 'conflict',
        detail: `Send port '${port.name}' was changed by ${current.changedBy} at the same moment; it is now ${current.status}. Check its status and try again.`,
        extra: { portStatus: current.status },
      });
    }
    // Read before the audit entry: its lock is held until COMMIT, so it comes last (ADR 011).
    const view = await toSendPortView(trx, updated, now, change.expiringWithinDays);
    await recordAudit(
      trx,
      actor,
      {
        action: `send-port.${change.operation}`,
        targetType: 'send-port',
        target: port.name,
        before: { status: port.status },
        after: { status: updated.status },
      },
      clock,
    );
    return view;
  });
}
