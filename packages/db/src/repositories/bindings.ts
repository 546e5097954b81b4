import { sql, type Expression, type RawBuilder } from 'kysely';
import { inChunks } from '../chunks';
import { toIsoTime } from '../columns';
import type { Executor, SendPortKind } from '../schema';
import { newSendPortRow, type NewSendPort } from './send-ports';

/*
 * Bulk writes for binding import: a binding file can hold a thousand send ports, and one statement
 * per port and per audit entry is what makes such an import slow.
 */

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

function selectBindingStates(db: Executor) {
  return db
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
    ]);
}

type BindingStateRow = Awaited<ReturnType<ReturnType<typeof selectBindingStates>['executeTakeFirstOrThrow']>>;

function toBindingState({
  certificateThumbprint,
  certificateCommonName,
  ...row
}: BindingStateRow): SendPortBindingState {
  return {
    ...row,
    version: Number(row.version),
    certificate:
      certificateThumbprint === null
        ? null
        : { thumbprint: certificateThumbprint, commonName: certificateCommonName },
  };
}

/** Every send port of the group (names are unique in the group, not in an application). */
export async function listSendPortBindingStates(db: Executor): Promise<SendPortBindingState[]> {
  return (await selectBindingStates(db).execute()).map(toBindingState);
}

/**
 * The send ports of the group with these names, in any case (names are unique in the group, whatever
 * the case, not in an application). What an import of a few ports reads does not grow with the group:
 * each statement looks a chunk of names up in the unique index on lower(name).
 */
export async function getSendPortBindingStates(
  db: Executor,
  names: readonly string[],
): Promise<SendPortBindingState[]> {
  const states: SendPortBindingState[] = [];
  for (const chunk of inChunks([...new Set(names)])) {
    const rows = await selectBindingStates(db)
      .where(
        sql`lower(send_ports.name)`,
        'in',
        chunk.map((name) => sql<string>`lower(${name})`),
      )
      .execute();
    states.push(...rows.map(toBindingState));
  }
  return states;
}

/** Creates send ports as `createSendPort` does, many rows per statement. */
export async function insertSendPorts(db: Executor, ports: readonly NewSendPort[]): Promise<void> {
  for (const chunk of inChunks(ports)) {
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
  for (const chunk of inChunks(updates)) {
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
