import { sql, type Expression, type RawBuilder } from 'kysely';
import { parseNullableJsonText, toIsoTime, toNullableJsonText } from '../columns';
import type { Executor, SendPortKind } from '../schema';
import { withTransaction } from '../transaction';
import { appendAuditEntry, auditEntryHash, type AuditEntry, type NewAuditEntry } from './audit';
import { newSendPortRow, type NewSendPort } from './send-ports';

/*
 * Bulk writes for binding import: a binding file can hold a thousand send ports, and one statement
 * per port and per audit entry is what makes such an import slow.
 */

/** Rows per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const CHUNK = 200;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) result.push(items.slice(start, start + CHUNK));
  return result;
}

/** What a binding import compares of an existing send port; the whole record is not needed for that. */
export interface SendPortBindingState {
  id: number;
  name: string;
  applicationId: number;
  application: string;
  kind: SendPortKind;
  transportType: string;
  uri: string;
  sendHandlerHostId: number | null;
  sendHandler: string | null;
  certificate: { thumbprint: string; commonName: string | null } | null;
  version: number;
}

/** Every send port of the group (names are unique in the group, not in an application). */
export async function listSendPortBindingStates(db: Executor): Promise<SendPortBindingState[]> {
  const rows = await db
    .selectFrom('sendPorts')
    .innerJoin('applications', 'applications.id', 'sendPorts.applicationId')
    .leftJoin('hosts', 'hosts.id', 'sendPorts.sendHandlerHostId')
    .select([
      'sendPorts.id',
      'sendPorts.name',
      'sendPorts.applicationId',
      'applications.name as application',
      'sendPorts.kind',
      'sendPorts.transportType',
      'sendPorts.uri',
      'sendPorts.sendHandlerHostId',
      'hosts.name as sendHandler',
      'sendPorts.certificateThumbprint',
      'sendPorts.certificateCommonName',
      'sendPorts.version',
    ])
    .execute();
  return rows.map(({ certificateThumbprint, certificateCommonName, ...row }) => ({
    ...row,
    version: Number(row.version),
    certificate:
      certificateThumbprint === null
        ? null
        : { thumbprint: certificateThumbprint, commonName: certificateCommonName },
  }));
}

/** Creates send ports as `createSendPort` does, many rows per statement. */
export async function insertSendPorts(db: Executor, ports: readonly NewSendPort[]): Promise<void> {
  for (const chunk of chunks(ports)) {
    await db.insertInto('sendPorts').values(chunk.map(newSendPortRow)).execute();
  }
}

/** What a binding import changes on an existing port; an absent member stays as it is. */
export interface SendPortBindingUpdate {
  id: number;
  /** The version the import read; the update applies only if it is still current. */
  expectedVersion: number;
  transportType?: string;
  uri?: string;
  sendHandlerHostId?: number | null;
  certificate?: { thumbprint: string; commonName: string | null } | null;
}

type UpdatedColumn =
  'transport_type' | 'uri' | 'send_handler_host_id' | 'certificate_thumbprint' | 'certificate_common_name';

/** `case id when … then … else <column> end`: one column's new values for the ports that change it. */
function caseById(column: UpdatedColumn, values: [number, unknown][]): RawBuilder<unknown> | undefined {
  if (values.length === 0) return undefined;
  const branches = values.map(([id, value]) => sql`when ${id} then ${value}`);
  return sql`case id ${sql.join(branches, sql` `)} else ${sql.ref(column)} end`;
}

/**
 * Applies many ports' changes, a chunk of ports per statement, each port's version bumped.
 * Returns how many ports were updated: fewer than asked when another user changed some meanwhile.
 */
export async function updateSendPortsFromBindings(
  db: Executor,
  updates: readonly SendPortBindingUpdate[],
  changedBy: string,
  changedAt: Date,
): Promise<number> {
  let updated = 0;
  for (const chunk of chunks(updates)) {
    const pick = (
      has: (update: SendPortBindingUpdate) => boolean,
      value: (update: SendPortBindingUpdate) => unknown,
    ) => chunk.filter(has).map((update): [number, unknown] => [update.id, value(update)]);
    const columns: Partial<Record<string, Expression<unknown>>> = {
      transportType: caseById(
        'transport_type',
        pick(
          (u) => u.transportType !== undefined,
          (u) => u.transportType,
        ),
      ),
      uri: caseById(
        'uri',
        pick(
          (u) => u.uri !== undefined,
          (u) => u.uri,
        ),
      ),
      sendHandlerHostId: caseById(
        'send_handler_host_id',
        pick(
          (u) => u.sendHandlerHostId !== undefined,
          (u) => u.sendHandlerHostId,
        ),
      ),
      certificateThumbprint: caseById(
        'certificate_thumbprint',
        pick(
          (u) => u.certificate !== undefined,
          (u) => u.certificate?.thumbprint ?? null,
        ),
      ),
      certificateCommonName: caseById(
        'certificate_common_name',
        pick(
          (u) => u.certificate !== undefined,
          (u) => u.certificate?.commonName ?? null,
        ),
      ),
    };
    const set = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
    const result = await db
      .updateTable('sendPorts')
      .set({
        ...set,
        version: sql<number>`version + 1`,
        changedBy,
        changedAt: toIsoTime(changedAt),
      })
      .where((eb) =>
        eb.or(
          chunk.map((update) =>
            eb.and([eb('id', '=', update.id), eb('version', '=', update.expectedVersion)]),
          ),
        ),
      )
      .executeTakeFirst();
    updated += Number(result.numUpdatedRows);
  }
  return updated;
}

/**
 * Appends many entries to the audit hash chain in order, inside the caller's transaction. The first
 * goes through `appendAuditEntry`, which serialises appenders until the transaction ends; the rest
 * continue the chain from it, many rows per statement.
 */
export async function appendAuditEntries(
  db: Executor,
  entries: readonly NewAuditEntry[],
): Promise<AuditEntry[]> {
  const [first, ...rest] = entries;
  if (!first) return [];
  return withTransaction(db, async (trx) => {
    let previous = await appendAuditEntry(trx, first);
    const appended: AuditEntry[] = [previous];
    for (const chunk of chunks(rest)) {
      const rows = chunk.map((entry) => {
        const beforeText = toNullableJsonText(entry.before);
        const afterText = toNullableJsonText(entry.after);
        const content = {
          seq: previous.seq + 1,
          at: toIsoTime(entry.at),
          username: entry.username,
          clientAddress: entry.clientAddress,
          action: entry.action,
          targetType: entry.targetType,
          target: entry.target,
          before: parseNullableJsonText(beforeText),
          after: parseNullableJsonText(afterText),
          batchId: entry.batchId,
          reason: entry.reason ?? null,
        };
        const hash = auditEntryHash(previous.hash, content);
        previous = { ...content, prevHash: previous.hash, hash };
        appended.push(previous);
        return { ...content, before: beforeText, after: afterText, prevHash: previous.prevHash, hash };
      });
      await trx.insertInto('auditEntries').values(rows).execute();
    }
    return appended;
  });
}
