import { expressionBuilder, sql, type Expression, type SqlBool, type Updateable } from 'kysely';
import { parseJsonText, toIsoTime, toJsonText, toNullableJsonText } from '../columns';
import { preparedQuery } from '../prepared-query';
import type { DatabaseSchema, Executor, SendPortKind, SendPortStatus, SendPortsTable } from '../schema';

/** Transport Advanced Options page: read-only in the console. */
export interface TransportOptions {
  retryCount: number;
  retryIntervalMinutes: number;
  priority: number;
  orderedDelivery: boolean;
  stopSendingOnFailure: boolean;
  /** Service window (`HH:mm` times), or null when messages may be sent at any time. */
  serviceWindow: { start: string; stop: string } | null;
}

export interface BackupTransport {
  transportType: string;
  uri: string;
  retryCount: number;
  retryIntervalMinutes: number;
}

export interface OutboundMap {
  sourceDocument: string;
  map: string;
  targetDocument: string;
}

export interface SendPortTracking {
  messageBodiesBeforeSend: boolean;
  messageBodiesAfterSend: boolean;
  messagePropertiesBeforeSend: boolean;
  messagePropertiesAfterSend: boolean;
}

/** The port's encryption certificate; notAfter is null when the thumbprint is in no known certificate. */
export interface SendPortCertificate {
  thumbprint: string;
  commonName: string | null;
  notAfter: string | null;
}

export interface SendPort {
  id: number;
  name: string;
  applicationId: number;
  application: string;
  kind: SendPortKind;
  status: SendPortStatus;
  transportType: string;
  uri: string;
  sendHandlerHostId: number | null;
  /** Name of the send handler host; null for a dynamic port that uses the default host. */
  sendHandler: string | null;
  sendPipeline: string;
  receivePipeline: string | null;
  description: string;
  filter: string | null;
  transportOptions: TransportOptions;
  backupTransport: BackupTransport | null;
  outboundMaps: OutboundMap[];
  tracking: SendPortTracking;
  certificate: SendPortCertificate | null;
  version: number;
  changedBy: string;
  changedAt: string;
}

/** BizTalk's defaults for a new send port's advanced transport options. */
export const DEFAULT_TRANSPORT_OPTIONS: TransportOptions = {
  retryCount: 3,
  retryIntervalMinutes: 5,
  priority: 5,
  orderedDelivery: false,
  stopSendingOnFailure: false,
  serviceWindow: null,
};

export const DEFAULT_TRACKING: SendPortTracking = {
  messageBodiesBeforeSend: false,
  messageBodiesAfterSend: false,
  messagePropertiesBeforeSend: false,
  messagePropertiesAfterSend: false,
};

/** A port with the columns its row in the results pane shows; the full read adds the rest. */
function selectListedSendPorts(db: Executor) {
  return db
    .selectFrom('sendPorts')
    .innerJoin('applications', 'applications.id', 'sendPorts.applicationId')
    .leftJoin('hosts', 'hosts.id', 'sendPorts.sendHandlerHostId')
    .leftJoin('certificates', 'certificates.thumbprint', 'sendPorts.certificateThumbprint')
    .select([
      'sendPorts.id',
      'sendPorts.name',
      'applications.name as application',
      'sendPorts.kind',
      'sendPorts.status',
      'sendPorts.transportType',
      'sendPorts.uri',
      'sendPorts.sendHandlerHostId',
      'hosts.name as sendHandler',
      'sendPorts.certificateThumbprint',
      'sendPorts.certificateCommonName',
      'certificates.notAfter as certificateNotAfter',
    ]);
}

function selectSendPorts(db: Executor) {
  return selectListedSendPorts(db).select([
    'sendPorts.applicationId',
    'sendPorts.sendPipeline',
    'sendPorts.receivePipeline',
    'sendPorts.description',
    'sendPorts.filter',
    'sendPorts.transportOptions',
    'sendPorts.backupTransport',
    'sendPorts.outboundMaps',
    'sendPorts.tracking',
    'sendPorts.version',
    'sendPorts.changedBy',
    'sendPorts.changedAt',
  ]);
}

type SendPortSelection = Awaited<ReturnType<ReturnType<typeof selectSendPorts>['executeTakeFirstOrThrow']>>;
type ListedSelection = Awaited<
  ReturnType<ReturnType<typeof selectListedSendPorts>['executeTakeFirstOrThrow']>
>;

/** The certificate columns of a row, as the port's `certificate`. */
function certificateOf(row: ListedSelection): SendPortCertificate | null {
  return row.certificateThumbprint === null
    ? null
    : {
        thumbprint: row.certificateThumbprint,
        commonName: row.certificateCommonName,
        notAfter: row.certificateNotAfter,
      };
}

/** The listed columns of a row, as the port's fields: the full port and its row in the list share them. */
function toListedFields(row: ListedSelection) {
  return {
    id: row.id,
    name: row.name,
    application: row.application,
    kind: row.kind,
    status: row.status,
    transportType: row.transportType,
    uri: row.uri,
    sendHandlerHostId: row.sendHandlerHostId,
    sendHandler: row.sendHandler,
    certificate: certificateOf(row),
  };
}

type JsonDecoder = <T>(text: string) => T;

/**
 * A decoder that decodes each distinct text once and hands out the same value for it again: most ports
 * of an application share their options', tracking's and maps' text, so a page of an export decodes a
 * few texts instead of four per port. The values are shared between ports, so they are read only.
 */
function sharedJsonDecoder(): JsonDecoder {
  const decoded = new Map<string, unknown>();
  return <T>(text: string): T => {
    let value = decoded.get(text);
    if (value === undefined) {
      value = parseJsonText<unknown>(text);
      decoded.set(text, value);
    }
    return value as T;
  };
}

/**
 * Every field written out in one literal, in the order of SendPort. Spreading the listed fields into it
 * instead took reading 10,000 ports from 387 to 634 ms on SQLite and from 323 to 761 ms on PostgreSQL;
 * packages/db/bench/bench-read-ports.ts keeps the figure.
 */
function toSendPort(row: SendPortSelection, decode: JsonDecoder = parseJsonText): SendPort {
  return {
    id: row.id,
    name: row.name,
    applicationId: row.applicationId,
    application: row.application,
    kind: row.kind,
    status: row.status,
    transportType: row.transportType,
    uri: row.uri,
    sendHandlerHostId: row.sendHandlerHostId,
    sendHandler: row.sendHandler,
    sendPipeline: row.sendPipeline,
    receivePipeline: row.receivePipeline,
    description: row.description,
    filter: row.filter,
    transportOptions: decode<TransportOptions>(row.transportOptions),
    backupTransport: row.backupTransport === null ? null : decode<BackupTransport>(row.backupTransport),
    outboundMaps: decode<OutboundMap[]>(row.outboundMaps),
    tracking: decode<SendPortTracking>(row.tracking),
    certificate: certificateOf(row),
    version: Number(row.version),
    changedBy: row.changedBy,
    changedAt: row.changedAt,
  };
}

export interface SendPortFilter {
  applicationName?: string;
  status?: SendPortStatus;
  certificateThumbprint?: string;
  sendHandler?: string;
}

/** Send ports ordered by name, optionally one application's only. */
export async function listSendPorts(db: Executor, filter: SendPortFilter = {}): Promise<SendPort[]> {
  let query = selectSendPorts(db);
  if (filter.applicationName !== undefined) {
    query = query.where(sql`lower(applications.name)`, '=', sql`lower(${filter.applicationName})`);
  }
  if (filter.status !== undefined) query = query.where('sendPorts.status', '=', filter.status);
  if (filter.certificateThumbprint !== undefined) {
    query = query.where('sendPorts.certificateThumbprint', '=', filter.certificateThumbprint);
  }
  if (filter.sendHandler !== undefined) {
    query = query.where(sql`lower(hosts.name)`, '=', sql`lower(${filter.sendHandler})`);
  }
  const rows = await query.orderBy('sendPorts.name').execute();
  return rows.map((row) => toSendPort(row));
}

/** What a binding file's EncryptionCert names of a known certificate, beyond the thumbprint. */
export interface EncryptionCertificateNames {
  subject: string;
  subjectCommonName: string | null;
  issuerCommonName: string | null;
}

/** A send port with the names of its certificate, null when it has none or the store does not know it. */
export interface SendPortWithCertificateNames {
  port: SendPort;
  certificateNames: EncryptionCertificateNames | null;
}

/**
 * One page of an application's send ports by name, after `after` (keyset: the index on
 * application_id, name serves each page, however far in), each with its certificate's names from the
 * same statement. A binding export reads the application this way, a page at a time, so that its
 * memory does not grow with the application and no read waits on another. Ports of a page share the
 * values decoded from equal JSON texts (read only).
 */
export async function listApplicationSendPortsAfter(
  db: Executor,
  applicationId: number,
  after: string | null,
  limit: number,
): Promise<SendPortWithCertificateNames[]> {
  let query = selectSendPorts(db)
    .select([
      'certificates.subject as certificateSubject',
      'certificates.subjectCommonName as certificateSubjectCommonName',
      'certificates.issuerCommonName as certificateIssuerCommonName',
    ])
    .where('sendPorts.applicationId', '=', applicationId);
  if (after !== null) query = query.where('sendPorts.name', '>', after);
  const rows = await query.orderBy('sendPorts.name').limit(limit).execute();
  const decode = sharedJsonDecoder();
  return rows.map((row) => ({
    port: toSendPort(row, decode),
    certificateNames:
      row.certificateSubject === null
        ? null
        : {
            subject: row.certificateSubject,
            subjectCommonName: row.certificateSubjectCommonName,
            issuerCommonName: row.certificateIssuerCommonName,
          },
  }));
}

/** Which send ports a set-based read covers: one application's, or those using one certificate. */
export type SendPortScope = { applicationId: number } | { certificateThumbprint: string };

/** The condition on `sendPorts` that a scope stands for. */
export function inScope(scope: SendPortScope): Expression<SqlBool> {
  const eb = expressionBuilder<DatabaseSchema, 'sendPorts'>();
  return 'applicationId' in scope
    ? eb('sendPorts.applicationId', '=', scope.applicationId)
    : eb('sendPorts.certificateThumbprint', '=', scope.certificateThumbprint.toUpperCase());
}

const sendPortByName = preparedQuery((db, values: { name: string }) =>
  selectSendPorts(db).where(sql`lower(send_ports.name)`, '=', sql`lower(${values.name})`),
);

/** A send port as the results pane lists it, with its certificate's validity; none of its JSON columns. */
export type SendPortListRow = Pick<
  SendPort,
  | 'id'
  | 'name'
  | 'application'
  | 'kind'
  | 'status'
  | 'transportType'
  | 'uri'
  | 'sendHandlerHostId'
  | 'sendHandler'
> & {
  certificate: (SendPortCertificate & { notBefore: string | null }) | null;
};

const applicationSendPortRows = preparedQuery((db, values: { applicationId: number }) =>
  selectListedSendPorts(db)
    .select('certificates.notBefore as certificateNotBefore')
    .where('sendPorts.applicationId', '=', values.applicationId)
    .orderBy('sendPorts.name'),
);

/**
 * One application's send ports by name, as the results pane lists them. An application may have
 * thousands: reading and decoding only the list's columns is most of what it costs.
 */
export async function listApplicationSendPortRows(
  db: Executor,
  applicationId: number,
): Promise<SendPortListRow[]> {
  const rows = await applicationSendPortRows.execute(db, { applicationId });
  return rows.map((row) => {
    const listed = toListedFields(row);
    return {
      ...listed,
      certificate: listed.certificate && { ...listed.certificate, notBefore: row.certificateNotBefore },
    };
  });
}

/** A send port by its (group-unique) name, case-insensitively; null when there is none. */
export async function getSendPortByName(db: Executor, name: string): Promise<SendPort | null> {
  const row = await sendPortByName.executeTakeFirst(db, { name });
  return row ? toSendPort(row) : null;
}

export async function getSendPortById(db: Executor, id: number): Promise<SendPort | null> {
  const row = await selectSendPorts(db).where('sendPorts.id', '=', id).executeTakeFirst();
  return row ? toSendPort(row) : null;
}

export interface NewSendPort {
  name: string;
  applicationId: number;
  kind: SendPortKind;
  status?: SendPortStatus;
  transportType: string;
  uri: string;
  sendHandlerHostId: number | null;
  sendPipeline: string;
  receivePipeline?: string | null;
  description?: string;
  filter?: string | null;
  transportOptions?: TransportOptions;
  backupTransport?: BackupTransport | null;
  outboundMaps?: OutboundMap[];
  tracking?: SendPortTracking;
  certificate?: { thumbprint: string; commonName: string | null } | null;
  changedBy: string;
  changedAt: Date;
}

/** The row a new send port is inserted as; its version starts at 1. */
export function newSendPortRow(port: NewSendPort) {
  return {
    name: port.name,
    applicationId: port.applicationId,
    kind: port.kind,
    status: port.status ?? 'Bound',
    transportType: port.transportType,
    uri: port.uri,
    sendHandlerHostId: port.sendHandlerHostId,
    sendPipeline: port.sendPipeline,
    receivePipeline: port.receivePipeline ?? null,
    description: port.description ?? '',
    filter: port.filter ?? null,
    transportOptions: toJsonText(port.transportOptions ?? DEFAULT_TRANSPORT_OPTIONS),
    backupTransport: toNullableJsonText(port.backupTransport ?? null),
    outboundMaps: toJsonText(port.outboundMaps ?? []),
    tracking: toJsonText(port.tracking ?? DEFAULT_TRACKING),
    certificateThumbprint: port.certificate?.thumbprint ?? null,
    certificateCommonName: port.certificate?.commonName ?? null,
    version: 1,
    changedBy: port.changedBy,
    changedAt: toIsoTime(port.changedAt),
  };
}

/** Creates a send port (binding import, seed); its version starts at 1. */
export async function createSendPort(db: Executor, port: NewSendPort): Promise<SendPort> {
  const row = await db
    .insertInto('sendPorts')
    .values(newSendPortRow(port))
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = await getSendPortById(db, row.id);
  if (!created) throw new Error(`Send port ${port.name} vanished right after it was created.`);
  return created;
}

export type SendPortChanges = Partial<
  Omit<NewSendPort, 'name' | 'changedBy' | 'changedAt' | 'applicationId'> & { applicationId: number }
>;

/**
 * The one place a port row changes: a single conditional UPDATE that bumps the version.
 * With expectedVersion it only applies when nobody changed the port since (optimistic concurrency);
 * with an expected status, only while the port is still in it.
 */
async function updateWhereVersion(
  db: Executor,
  target: { name: string; expectedVersion?: number },
  set: Updateable<SendPortsTable>,
  expected: { status?: SendPortStatus } = {},
): Promise<SendPort | null> {
  let update = db
    .updateTable('sendPorts')
    .set({ ...set, version: sql<number>`version + 1` })
    .where(sql`lower(name)`, '=', sql`lower(${target.name})`);
  if (target.expectedVersion !== undefined) update = update.where('version', '=', target.expectedVersion);
  if (expected.status !== undefined) update = update.where('status', '=', expected.status);
  const row = await update.returning('id').executeTakeFirst();
  return row ? getSendPortById(db, row.id) : null;
}

/**
 * Assigns (or with thumbprint null, removes) the encryption certificate. Returns the updated port,
 * or null when the port does not exist or its version is no longer expectedVersion.
 */
export async function setSendPortCertificate(
  db: Executor,
  change: {
    name: string;
    expectedVersion: number;
    thumbprint: string | null;
    commonName: string | null;
    changedBy: string;
    changedAt: Date;
  },
): Promise<SendPort | null> {
  return updateWhereVersion(db, change, {
    certificateThumbprint: change.thumbprint,
    certificateCommonName: change.thumbprint === null ? null : change.commonName,
    changedBy: change.changedBy,
    changedAt: toIsoTime(change.changedAt),
  });
}

/**
 * Enlist, start, stop, unenlist: moves the port from status `from` to `status`. The UPDATE only
 * applies while the port is still in `from` (and at expectedVersion, when given), so of two
 * requests validated against the same status only one wins. Null when the port is missing, its
 * status is no longer `from`, or the version moved on.
 */
export async function setSendPortStatus(
  db: Executor,
  change: {
    name: string;
    from: SendPortStatus;
    status: SendPortStatus;
    expectedVersion?: number;
    changedBy: string;
    changedAt: Date;
  },
): Promise<SendPort | null> {
  return updateWhereVersion(
    db,
    change,
    { status: change.status, changedBy: change.changedBy, changedAt: toIsoTime(change.changedAt) },
    { status: change.from },
  );
}

/** Changes any of a port's settings (binding import); null when missing or the version moved on. */
export async function updateSendPort(
  db: Executor,
  change: {
    name: string;
    expectedVersion?: number;
    changes: SendPortChanges;
    changedBy: string;
    changedAt: Date;
  },
): Promise<SendPort | null> {
  const c = change.changes;
  const set: Updateable<SendPortsTable> = {
    changedBy: change.changedBy,
    changedAt: toIsoTime(change.changedAt),
  };
  if (c.applicationId !== undefined) set.applicationId = c.applicationId;
  if (c.kind !== undefined) set.kind = c.kind;
  if (c.status !== undefined) set.status = c.status;
  if (c.transportType !== undefined) set.transportType = c.transportType;
  if (c.uri !== undefined) set.uri = c.uri;
  if (c.sendHandlerHostId !== undefined) set.sendHandlerHostId = c.sendHandlerHostId;
  if (c.sendPipeline !== undefined) set.sendPipeline = c.sendPipeline;
  if (c.receivePipeline !== undefined) set.receivePipeline = c.receivePipeline;
  if (c.description !== undefined) set.description = c.description;
  if (c.filter !== undefined) set.filter = c.filter;
  if (c.transportOptions !== undefined) set.transportOptions = toJsonText(c.transportOptions);
  if (c.backupTransport !== undefined) set.backupTransport = toNullableJsonText(c.backupTransport);
  if (c.outboundMaps !== undefined) set.outboundMaps = toJsonText(c.outboundMaps);
  if (c.tracking !== undefined) set.tracking = toJsonText(c.tracking);
  if (c.certificate !== undefined) {
    set.certificateThumbprint = c.certificate?.thumbprint ?? null;
    set.certificateCommonName = c.certificate?.commonName ?? null;
  }
  return updateWhereVersion(db, change, set);
}
