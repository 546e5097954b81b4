import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedQuery } from './prepared-query';
import { createTestDatabase, testDialects, type TestDatabase } from './testing/test-database';
import { buildSmallGroup } from './testing/small-group';
import { withTransaction } from './transaction';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

/** Computers running an instance of a host, by host name, as the API asks for a port's processing servers. */
const serversOfHost = preparedQuery((db, values: { host: string; role: string }) =>
  db
    .selectFrom('hostInstances')
    .innerJoin('hosts', 'hosts.id', 'hostInstances.hostId')
    .innerJoin('computers', 'computers.id', 'hostInstances.computerId')
    .select(['computers.name', 'hostInstances.state'])
    .where(sql`lower(hosts.name)`, '=', sql`lower(${values.host})`)
    .where('computers.role', '=', values.role as 'BizTalk Server')
    // A constant of the query itself, not a value: it must survive every run.
    .where('computers.name', '!=', 'ADMIN01')
    .orderBy('computers.name'),
);

const computerByName = preparedQuery((db, values: { name: string }) =>
  db.selectFrom('computers').select(['id', 'name', 'role']).where('name', '=', values.name),
);

const renameComputer = preparedQuery((db, values: { from: string; to: string }) =>
  db.updateTable('computers').set({ name: values.to }).where('name', '=', values.from),
);

describe.each(testDialects(testDatabaseUrl))('prepared queries on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    await buildSmallGroup(database.db);
  });
  afterEach(() => database.cleanup());

  it('returns what the same query built anew returns, for each set of values', async () => {
    for (const [host, role] of [
      ['BizTalkServerApplication', 'BizTalk Server'],
      ['securesendhost', 'BizTalk Server'],
      ['BizTalkServerApplication', 'Console'],
      ['NoSuchHost', 'BizTalk Server'],
    ] as const) {
      const direct = await database.db
        .selectFrom('hostInstances')
        .innerJoin('hosts', 'hosts.id', 'hostInstances.hostId')
        .innerJoin('computers', 'computers.id', 'hostInstances.computerId')
        .select(['computers.name', 'hostInstances.state'])
        .where(sql`lower(hosts.name)`, '=', sql`lower(${host})`)
        .where('computers.role', '=', role)
        .where('computers.name', '!=', 'ADMIN01')
        .orderBy('computers.name')
        .execute();
      expect(await serversOfHost.execute(database.db, { host, role })).toEqual(direct);
    }
    expect(
      await serversOfHost.execute(database.db, { host: 'BizTalkServerApplication', role: 'BizTalk Server' }),
    ).toEqual([
      { name: 'BTS01', state: 'Running' },
      { name: 'BTS02', state: 'Running' },
    ]);
  });

  it('gives rows with camelCase names and undefined when nothing matches', async () => {
    const found = await computerByName.executeTakeFirst(database.db, { name: 'BTS02' });
    expect(found).toEqual({ id: expect.any(Number), name: 'BTS02', role: 'BizTalk Server' });
    expect(await computerByName.executeTakeFirst(database.db, { name: 'BTS03' })).toBeUndefined();
  });

  it('runs inside a transaction, seeing its writes, and counts the rows a statement changed', async () => {
    await expect(
      withTransaction(database.db, async (trx) => {
        expect(await renameComputer.executeChanges(trx, { from: 'BTS02', to: 'BTS03' })).toBe(1n);
        expect(await renameComputer.executeChanges(trx, { from: 'BTS02', to: 'BTS04' })).toBe(0n);
        expect(await computerByName.executeTakeFirst(trx, { name: 'BTS03' })).toBeDefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await computerByName.executeTakeFirst(database.db, { name: 'BTS02' })).toBeDefined();
    expect(await computerByName.executeTakeFirst(database.db, { name: 'BTS03' })).toBeUndefined();
  });

  it('serves several databases at once, each with its own data', async () => {
    const other = await createTestDatabase(dialect, { testDatabaseUrl });
    try {
      await other.db.insertInto('computers').values({ name: 'ELSEWHERE01', role: 'Console' }).execute();
      expect(await computerByName.executeTakeFirst(other.db, { name: 'ELSEWHERE01' })).toBeDefined();
      expect(await computerByName.executeTakeFirst(database.db, { name: 'ELSEWHERE01' })).toBeUndefined();
      expect(await computerByName.executeTakeFirst(other.db, { name: 'BTS01' })).toBeUndefined();
    } finally {
      await other.cleanup();
    }
  });

  it('refuses a builder that tests or defaults a value instead of putting it into the query', async () => {
    const defaulted = preparedQuery((db, values: { name?: string }) =>
      db
        .selectFrom('computers')
        .select('name')
        .where('name', '=', values.name ?? 'BTS01'),
    );
    expect(await defaulted.execute(database.db, { name: 'BTS02' })).toEqual([{ name: 'BTS02' }]);
    await expect(defaulted.execute(database.db, {})).rejects.toThrow(/needs values\.name, and it is missing/);
    const tested = preparedQuery((db, values: { role: string; onlyServers: boolean }) => {
      const query = db
        .selectFrom('computers')
        .select('name')
        .where('role', '=', values.role as 'Console');
      return values.onlyServers ? query.where('role', '=', 'BizTalk Server') : query;
    });
    await expect(tested.execute(database.db, { role: 'Console', onlyServers: false })).rejects.toThrow(
      /read values\.onlyServers but has no parameter for it/,
    );
  });
});
