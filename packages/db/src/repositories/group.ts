import { sql } from 'kysely';
import { fromFlag, toFlag } from '../columns';
import type { ComputerRole, Executor, HostInstanceState, HostType } from '../schema';

export interface Computer {
  id: number;
  name: string;
  role: ComputerRole;
}

export interface Host {
  id: number;
  name: string;
  type: HostType;
  isDefault: boolean;
}

export interface HostInstance {
  id: number;
  host: string;
  hostType: HostType;
  server: string;
  state: HostInstanceState;
}

export interface GroupSettings {
  name: string;
  sqlServer: string;
  managementDatabase: string;
  seededAt: string | null;
}

export interface Group extends GroupSettings {
  /** As the console tree shows it: `BizTalk Group [SQL01:BizTalkMgmtDb]`. */
  displayName: string;
  computers: Computer[];
  hosts: Host[];
  hostInstances: HostInstance[];
}

/** The display name BizTalk gives a group: its name and where its management database lives. */
export function groupDisplayName(
  settings: Pick<GroupSettings, 'name' | 'sqlServer' | 'managementDatabase'>,
): string {
  return `${settings.name} [${settings.sqlServer}:${settings.managementDatabase}]`;
}

/** The group's settings, or null before the group exists. */
export async function getGroupSettings(db: Executor): Promise<GroupSettings | null> {
  const row = await db
    .selectFrom('groupSettings')
    .select(['name', 'sqlServer', 'managementDatabase', 'seededAt'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row ?? null;
}

/** Creates or replaces the single group row. */
export async function saveGroupSettings(db: Executor, settings: GroupSettings): Promise<void> {
  await db
    .insertInto('groupSettings')
    .values({ id: 1, ...settings })
    .onConflict((oc) => oc.column('id').doUpdateSet(settings))
    .execute();
}

/** The group with its computers, hosts and host instances; null before the group exists. */
export async function getGroup(db: Executor): Promise<Group | null> {
  const settings = await getGroupSettings(db);
  if (!settings) return null;
  const [computers, hosts, hostInstances] = await Promise.all([
    listComputers(db),
    listHosts(db),
    listHostInstances(db),
  ]);
  return { ...settings, displayName: groupDisplayName(settings), computers, hosts, hostInstances };
}

/** Computers of the group, ordered by name. */
export async function listComputers(db: Executor): Promise<Computer[]> {
  return db.selectFrom('computers').select(['id', 'name', 'role']).orderBy('name').execute();
}

/** A computer by name, case-insensitively (Windows computer names are). */
export async function getComputerByName(db: Executor, name: string): Promise<Computer | null> {
  const row = await db
    .selectFrom('computers')
    .select(['id', 'name', 'role'])
    .where(sql`lower(name)`, '=', sql`lower(${name})`)
    .executeTakeFirst();
  return row ?? null;
}

/** The "local computer" of the procedure: the one the console runs on. */
export async function getConsoleComputer(db: Executor): Promise<Computer | null> {
  const row = await db
    .selectFrom('computers')
    .select(['id', 'name', 'role'])
    .where('role', '=', 'Console')
    .orderBy('id')
    .executeTakeFirst();
  return row ?? null;
}

export async function createComputer(
  db: Executor,
  computer: { name: string; role: ComputerRole },
): Promise<Computer> {
  return db
    .insertInto('computers')
    .values(computer)
    .returning(['id', 'name', 'role'])
    .executeTakeFirstOrThrow();
}

export async function listHosts(db: Executor): Promise<Host[]> {
  const rows = await db
    .selectFrom('hosts')
    .select(['id', 'name', 'type', 'isDefault'])
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ ...row, isDefault: fromFlag(row.isDefault) }));
}

/** A host by name, case-insensitively. */
export async function getHostByName(db: Executor, name: string): Promise<Host | null> {
  const row = await db
    .selectFrom('hosts')
    .select(['id', 'name', 'type', 'isDefault'])
    .where(sql`lower(name)`, '=', sql`lower(${name})`)
    .executeTakeFirst();
  return row ? { ...row, isDefault: fromFlag(row.isDefault) } : null;
}

export async function createHost(
  db: Executor,
  host: { name: string; type: HostType; isDefault?: boolean },
): Promise<Host> {
  const row = await db
    .insertInto('hosts')
    .values({ name: host.name, type: host.type, isDefault: toFlag(host.isDefault ?? false) })
    .returning(['id', 'name', 'type', 'isDefault'])
    .executeTakeFirstOrThrow();
  return { ...row, isDefault: fromFlag(row.isDefault) };
}

/** Host instances, ordered by host then server. */
export async function listHostInstances(db: Executor): Promise<HostInstance[]> {
  return db
    .selectFrom('hostInstances')
    .innerJoin('hosts', 'hosts.id', 'hostInstances.hostId')
    .innerJoin('computers', 'computers.id', 'hostInstances.computerId')
    .select([
      'hostInstances.id',
      'hosts.name as host',
      'hosts.type as hostType',
      'computers.name as server',
      'hostInstances.state',
    ])
    .orderBy('hosts.name')
    .orderBy('computers.name')
    .execute();
}

export async function createHostInstance(
  db: Executor,
  instance: { hostId: number; computerId: number; state: HostInstanceState },
): Promise<number> {
  const row = await db.insertInto('hostInstances').values(instance).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Starts or stops one host instance; false when there is no instance of that host on that server. */
export async function setHostInstanceState(
  db: Executor,
  target: { hostName: string; computerName: string; state: HostInstanceState },
): Promise<boolean> {
  const result = await db
    .updateTable('hostInstances')
    .set({ state: target.state })
    .where('hostId', '=', (eb) =>
      eb
        .selectFrom('hosts')
        .select('id')
        .where(sql`lower(name)`, '=', sql`lower(${target.hostName})`),
    )
    .where('computerId', '=', (eb) =>
      eb
        .selectFrom('computers')
        .select('id')
        .where(sql`lower(name)`, '=', sql`lower(${target.computerName})`),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
