import { sql } from 'kysely';
import { fromFlag, toCount, toFlag, toIsoTime } from '../columns';
import { dialectOf } from '../dialect';
import type { EventLevel, Executor, MessageInstanceStatus } from '../schema';

export interface MessageInstance {
  id: string;
  sendPortId: number;
  sendPort: string;
  application: string;
  /** Name of the server that processed it; null while no host instance could pick it up. */
  server: string | null;
  status: MessageInstanceStatus;
  error: string | null;
  encrypted: boolean;
  messageSize: number;
  /** Size of what was delivered; null when nothing was. */
  outputSize: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface MessageInstanceWithBodies extends MessageInstance {
  message: Buffer;
  output: Buffer | null;
}

function selectMessageInstances(db: Executor) {
  return db
    .selectFrom('messageInstances')
    .innerJoin('sendPorts', 'sendPorts.id', 'messageInstances.sendPortId')
    .innerJoin('applications', 'applications.id', 'sendPorts.applicationId')
    .leftJoin('computers', 'computers.id', 'messageInstances.serverComputerId');
}

const INSTANCE_COLUMNS = [
  'messageInstances.id',
  'messageInstances.sendPortId',
  'sendPorts.name as sendPort',
  'applications.name as application',
  'computers.name as server',
  'messageInstances.status',
  'messageInstances.error',
  'messageInstances.encrypted',
  'messageInstances.createdAt',
  'messageInstances.updatedAt',
] as const;

// length() counts bytes of a blob on SQLite and of a bytea on PostgreSQL.
const messageSize = sql<number>`cast(length(message_instances.message) as integer)`.as('messageSize');
const outputSize = sql<number | null>`cast(length(message_instances.output) as integer)`.as('outputSize');

function toMessageInstance<
  T extends { encrypted: number; messageSize: number | string; outputSize: number | string | null },
>(
  row: T,
): Omit<T, 'encrypted' | 'messageSize' | 'outputSize'> & {
  encrypted: boolean;
  messageSize: number;
  outputSize: number | null;
} {
  return {
    ...row,
    encrypted: fromFlag(row.encrypted),
    messageSize: toCount(row.messageSize),
    outputSize: row.outputSize === null ? null : toCount(row.outputSize),
  };
}

/** Records a message instance as the send pipeline left it. */
export async function createMessageInstance(
  db: Executor,
  instance: {
    id: string;
    sendPortId: number;
    serverComputerId: number | null;
    status: MessageInstanceStatus;
    error: string | null;
    message: Uint8Array;
    output: Uint8Array | null;
    encrypted: boolean;
    createdAt: Date;
  },
): Promise<void> {
  const at = toIsoTime(instance.createdAt);
  await db
    .insertInto('messageInstances')
    .values({
      id: instance.id,
      sendPortId: instance.sendPortId,
      serverComputerId: instance.serverComputerId,
      status: instance.status,
      error: instance.error,
      message: Buffer.from(instance.message),
      output: instance.output === null ? null : Buffer.from(instance.output),
      encrypted: toFlag(instance.encrypted),
      createdAt: at,
      updatedAt: at,
    })
    .execute();
}

/** A message instance without its bodies; null when unknown. */
export async function getMessageInstance(db: Executor, id: string): Promise<MessageInstance | null> {
  const row = await selectMessageInstances(db)
    .select([...INSTANCE_COLUMNS, messageSize, outputSize])
    .where('messageInstances.id', '=', id)
    .executeTakeFirst();
  return row ? toMessageInstance(row) : null;
}

/** A message instance with its original message and what was delivered; null when unknown. */
export async function getMessageInstanceWithBodies(
  db: Executor,
  id: string,
): Promise<MessageInstanceWithBodies | null> {
  const row = await selectMessageInstances(db)
    .select([
      ...INSTANCE_COLUMNS,
      messageSize,
      outputSize,
      'messageInstances.message',
      'messageInstances.output',
    ])
    .where('messageInstances.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...toMessageInstance(row),
    message: Buffer.from(row.message),
    output: row.output === null ? null : Buffer.from(row.output),
  };
}

export interface MessageInstanceFilter {
  status?: MessageInstanceStatus;
  sendPortName?: string;
  limit?: number;
  offset?: number;
}

/** Message instances, newest first, optionally by status and send port (any case), with the total that match. */
export async function listMessageInstances(
  db: Executor,
  filter: MessageInstanceFilter = {},
): Promise<{ items: MessageInstance[]; total: number }> {
  let query = selectMessageInstances(db);
  if (filter.status !== undefined) query = query.where('messageInstances.status', '=', filter.status);
  if (filter.sendPortName !== undefined) {
    query = query.where(sql`lower(send_ports.name)`, '=', sql`lower(${filter.sendPortName})`);
  }
  const [rows, count] = await Promise.all([
    query
      .select([...INSTANCE_COLUMNS, messageSize, outputSize])
      .orderBy('messageInstances.createdAt', 'desc')
      .orderBy('messageInstances.id')
      .limit(filter.limit ?? 500)
      .offset(filter.offset ?? 0)
      .execute(),
    query.select(sql<number>`cast(count(*) as integer)`.as('total')).executeTakeFirst(),
  ]);
  return { items: rows.map(toMessageInstance), total: toCount(count?.total) };
}

/** Records the outcome of processing (delivery, suspension, resumption, termination). */
export async function updateMessageInstance(
  db: Executor,
  change: {
    id: string;
    status: MessageInstanceStatus;
    error: string | null;
    serverComputerId?: number | null;
    output?: Uint8Array | null;
    encrypted?: boolean;
    updatedAt: Date;
    /** Only change it when it still has this status (two operators resuming at once). */
    expectedStatus?: MessageInstanceStatus;
  },
): Promise<boolean> {
  let update = db
    .updateTable('messageInstances')
    .set({
      status: change.status,
      error: change.error,
      updatedAt: toIsoTime(change.updatedAt),
      ...(change.serverComputerId !== undefined ? { serverComputerId: change.serverComputerId } : {}),
      ...(change.output !== undefined
        ? { output: change.output === null ? null : Buffer.from(change.output) }
        : {}),
      ...(change.encrypted !== undefined ? { encrypted: toFlag(change.encrypted) } : {}),
    })
    .where('id', '=', change.id);
  if (change.expectedStatus !== undefined) update = update.where('status', '=', change.expectedStatus);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * How many messages a send port has been given so far. Servers take turns by this count, so the
 * turn survives restarts and is shared by every API process on the database.
 */
export async function countMessageInstancesOfSendPort(db: Executor, sendPortId: number): Promise<number> {
  const row = await db
    .selectFrom('messageInstances')
    .select(sql<number>`cast(count(*) as integer)`.as('total'))
    .where('sendPortId', '=', sendPortId)
    .executeTakeFirst();
  return toCount(row?.total);
}

/**
 * Holds the send port's row until the transaction ends, so that two API processes routing to the
 * same port count its messages one after the other. SQLite already serializes writing transactions.
 */
export async function lockSendPortForRouting(db: Executor, sendPortId: number): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await db.selectFrom('sendPorts').select('id').where('id', '=', sendPortId).forUpdate().execute();
}

export interface SuspendedCount {
  sendPort: string;
  application: string;
  count: number;
}

/** Suspended (resumable) instances per send port, most first: the Group Hub's first question. */
export async function countSuspendedBySendPort(db: Executor): Promise<SuspendedCount[]> {
  const rows = await db
    .selectFrom('messageInstances')
    .innerJoin('sendPorts', 'sendPorts.id', 'messageInstances.sendPortId')
    .innerJoin('applications', 'applications.id', 'sendPorts.applicationId')
    .select(['sendPorts.name as sendPort', 'applications.name as application'])
    .select(sql<number>`cast(count(*) as integer)`.as('count'))
    .where('messageInstances.status', '=', 'Suspended (resumable)')
    .groupBy(['sendPorts.name', 'applications.name'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('sendPorts.name')
    .execute();
  return rows.map((row) => ({ ...row, count: toCount(row.count) }));
}

export interface EventLogEntry {
  id: number;
  at: string;
  computer: string;
  level: EventLevel;
  source: string;
  eventId: number;
  text: string;
}

/** Writes to a computer's Application event log. */
export async function appendEventLogEntry(
  db: Executor,
  entry: { at: Date; computerId: number; level: EventLevel; source: string; eventId: number; text: string },
): Promise<number> {
  const row = await db
    .insertInto('eventLogEntries')
    .values({ ...entry, at: toIsoTime(entry.at) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface EventLogFilter {
  computerName?: string;
  since?: Date;
  level?: EventLevel;
  limit?: number;
  offset?: number;
}

/** Event log entries, newest first, optionally of one computer (any case), one level and since a time. */
export async function listEventLogEntries(
  db: Executor,
  filter: EventLogFilter = {},
): Promise<{ items: EventLogEntry[]; total: number }> {
  let query = db
    .selectFrom('eventLogEntries')
    .innerJoin('computers', 'computers.id', 'eventLogEntries.computerId');
  if (filter.computerName !== undefined) {
    query = query.where(sql`lower(computers.name)`, '=', sql`lower(${filter.computerName})`);
  }
  if (filter.since !== undefined) query = query.where('eventLogEntries.at', '>=', toIsoTime(filter.since));
  if (filter.level !== undefined) query = query.where('eventLogEntries.level', '=', filter.level);
  const [rows, count] = await Promise.all([
    query
      .select([
        'eventLogEntries.id',
        'eventLogEntries.at',
        'computers.name as computer',
        'eventLogEntries.level',
        'eventLogEntries.source',
        'eventLogEntries.eventId',
        'eventLogEntries.text',
      ])
      .orderBy('eventLogEntries.at', 'desc')
      .orderBy('eventLogEntries.id', 'desc')
      .limit(filter.limit ?? 500)
      .offset(filter.offset ?? 0)
      .execute(),
    query.select(sql<number>`cast(count(*) as integer)`.as('total')).executeTakeFirst(),
  ]);
  return {
    items: rows.map((row) => ({ ...row, id: Number(row.id), eventId: Number(row.eventId) })),
    total: toCount(count?.total),
  };
}
