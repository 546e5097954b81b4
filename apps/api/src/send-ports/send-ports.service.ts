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
  CERTIFICATE_HEALTHS,
  certificateHealth,
  healthChangesAt,
  nextSendPortStatus,
  type ValidityPeriod,
  type Clock,
  type PortCertificate,
  type SendPort,
  type SendPortOperation,
  type SendPortRow,
  type SendPortSort,
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
  /** Case-insensitive text matched against the texts of the list's columns: status, name, transport type, URI, send handler and certificate. */
  q?: string;
  sort?: SendPortSort;
  order?: 'asc' | 'desc';
  /** Without it, every matching port from offset on. */
  limit?: number;
  offset?: number;
}

/**
 * Every port of an application as the results pane lists them, and until when their health holds if the
 * database does not change. Health needs each port's processing servers and the certificate's presence
 * there; both are read for the whole application in a fixed number of queries, whatever the number of
 * ports, so that the list can be filtered and ordered by health too.
 */
export async function readApplicationSendPortRows(
  db: Executor,
  applicationName: string,
  now: Date,
  expiringWithinDays: number,
): Promise<{ rows: SendPortRow[]; healthChangesAt: number }> {
  const application = await getApplicationByName(db, applicationName);
  if (!application) throw notFound('Application', applicationName);
  const scope = { applicationId: application.id };
  const [ports, serversByHandler, holdersByThumbprint] = await Promise.all([
    listApplicationSendPortRows(db, application.id),
    getProcessingServersBySendHandler(db, scope),
    getHoldersOfCertificatesUsedBy(db, scope),
  ]);
  let changesAt = Infinity;
  const rows = ports.map((port) => {
    let missing = 0;
    let validity: ValidityPeriod | null = null;
    if (port.certificate) {
      const servers = serversByHandler.get(port.sendHandlerHostId) ?? [];
      const holders = holdersByThumbprint.get(port.certificate.thumbprint);
      missing = servers.filter((server) => !holders?.has(server.computerId)).length;
      const { notBefore, notAfter } = port.certificate;
      validity = notBefore !== null && notAfter !== null ? { notBefore, notAfter } : null;
      changesAt = Math.min(changesAt, healthChangesAt(validity, now, expiringWithinDays));
    }
    return toRowFields(port, portCertificate(port, validity, missing, now, expiringWithinDays));
  });
  return { rows, healthChangesAt: changesAt };
}

/** The ports of a list that match, ordered, from offset on (limit of them if given); total counts every match. */
export function pageSendPorts(
  rows: readonly SendPortRow[],
  options: SendPortListOptions,
): { items: SendPortRow[]; total: number } {
  const matching = sortPorts(filterPorts(rows, options.q), options.sort ?? 'name', options.order ?? 'asc');
  const offset = options.offset ?? 0;
  const end = options.limit === undefined ? undefined : offset + options.limit;
  return { items: matching.slice(offset, end), total: matching.length };
}

/** What the console's list shows in each column, in lower case: the filter matches these texts. */
function columnTexts(port: SendPortRow): string[] {
  const certificate = port.certificate
    ? `${port.certificate.commonName ?? ''} ${port.certificate.thumbprint} ${port.certificate.health}`
    : '';
  return [
    port.status,
    port.name,
    port.transportType ?? '',
    port.uri ?? '',
    port.sendHandler ?? '',
    certificate,
  ];
}

function filterPorts(ports: readonly SendPortRow[], q: string | undefined): SendPortRow[] {
  const term = q?.trim().toLocaleLowerCase() ?? '';
  // A copy either way: the order is applied in place, and the rows may be kept for the next page.
  if (term === '') return [...ports];
  return ports.filter((port) => columnTexts(port).some((value) => value.toLocaleLowerCase().includes(term)));
}

// One collator for every comparison: localeCompare with options builds a new one each call.
const NAME_ORDER = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const STATUS_ORDER = { Started: 0, Stopped: 1, Bound: 2 } as const;
/** Ports without a certificate come after every health. */
const NO_CERTIFICATE = CERTIFICATE_HEALTHS.length;

const PORT_ORDERS: Record<SendPortSort, (a: SendPortRow, b: SendPortRow) => number> = {
  name: (a, b) => NAME_ORDER.compare(a.name, b.name),
  status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
  transportType: (a, b) => NAME_ORDER.compare(a.transportType ?? '', b.transportType ?? ''),
  uri: (a, b) => NAME_ORDER.compare(a.uri ?? '', b.uri ?? ''),
  sendHandler: (a, b) => NAME_ORDER.compare(a.sendHandler ?? '', b.sendHandler ?? ''),
  certificate: (a, b) =>
    (a.certificate ? CERTIFICATE_HEALTHS.indexOf(a.certificate.health) : NO_CERTIFICATE) -
      (b.certificate ? CERTIFICATE_HEALTHS.indexOf(b.certificate.health) : NO_CERTIFICATE) ||
    NAME_ORDER.compare(a.certificate?.commonName ?? '', b.certificate?.commonName ?? ''),
};

/** Ordered by the column, ties by name, so a port keeps one place however the list is paged. */
function sortPorts(ports: SendPortRow[], sort: SendPortSort, order: 'asc' | 'desc'): SendPortRow[] {
  const byColumn = PORT_ORDERS[sort];
  const direction = order === 'asc' ? 1 : -1;
  return ports.sort((a, b) => direction * byColumn(a, b) || PORT_ORDERS.name(a, b));
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
