import { existsSync } from 'node:fs';
import path from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, migrationNames } from './migrate';
import {
  CHANGE_NOTIFY_TRIGGER,
  consoleTables,
  TRUNCATE_NOTIFY_TRIGGER,
} from './migrations/008-change-notifications';
import { openDatabase, postgresApplicationName, SQLITE_FILE_NAME, withStatementCache } from './open-database';
import { createTestDatabase, testDialects, type TestDatabase } from './testing/test-database';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

const TABLES = [
  'alert_attempts',
  'alerts',
  'api_tokens',
  'applications',
  'artifacts',
  'audit_entries',
  'certificate_replacements',
  'certificates',
  'computers',
  'event_log_entries',
  'group_settings',
  'host_instances',
  'hosts',
  'message_instances',
  'send_ports',
  'sessions',
  'sign_in_attempts',
  'store_certificates',
  'users',
];

/** SQLite's index of store search: the FTS5 table, its shadow tables, and the ids of its rows. */
const SQLITE_STORE_SEARCH_TABLES = [
  'store_certificate_search',
  'store_certificate_search_config',
  'store_certificate_search_data',
  'store_certificate_search_docsize',
  'store_certificate_search_idx',
  'store_certificate_search_ids',
];

describe.each(testDialects(testDatabaseUrl))('openDatabase on %s', (dialect) => {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.cleanup()));
  });
  async function fresh(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
    const database = await createTestDatabase(dialect, { testDatabaseUrl, ...options });
    opened.push(database);
    return database;
  }

  it('creates every table of the model, and a second migration run changes nothing', async () => {
    const database = await fresh({ migrate: false });
    const first = await migrateToLatest(database.db, { dialect, schema: database.schema });
    expect(first).toEqual([
      '001-initial-schema',
      '002-audit-append-only',
      '003-store-search-index',
      '004-certificate-replacements',
      '005-alerts',
      '006-store-sort-indexes',
      '008-change-notifications',
      '010-replacement-scope-and-alerts',
      '011-store-search-covering-index',
      '012-store-search-columns',
    ]);
    const second = await migrateToLatest(database.db, { dialect, schema: database.schema });
    expect(second).toEqual([]);

    const tables = (await database.db.introspection.getTables())
      .filter((table) => dialect === 'sqlite' || table.schema === database.schema)
      .map((table) => table.name)
      .sort();
    expect(tables).toEqual(dialect === 'sqlite' ? [...TABLES, ...SQLITE_STORE_SEARCH_TABLES].sort() : TABLES);
  });

  it('reports the dialect it opened', async () => {
    const database = await fresh();
    expect(database.dialect).toBe(dialect);
  });

  it('enforces foreign keys', async () => {
    const database = await fresh();
    await expect(
      database.db
        .insertInto('hostInstances')
        .values({ hostId: 999, computerId: 999, state: 'Running' })
        .execute(),
    ).rejects.toThrow();
  });
});

describe('openDatabase on sqlite', () => {
  it('keeps the file in the data folder, creating the folder, with WAL and foreign keys on', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const nested = path.join(database.dataDir, 'nested', 'data');
      const opened = await openDatabase({ dataDir: nested });
      try {
        expect(existsSync(path.join(nested, SQLITE_FILE_NAME))).toBe(true);
        const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(
          opened.db.withoutPlugins(),
        );
        expect(journal.rows[0]?.journal_mode).toBe('wal');
        const foreignKeys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(
          opened.db.withoutPlugins(),
        );
        expect(foreignKeys.rows[0]?.foreign_keys).toBe(1);
      } finally {
        await opened.close();
      }
      // Reopening an existing file migrates nothing and keeps the data.
      const again = await openDatabase({ dataDir: nested });
      expect(await migrateToLatest(again.db, { dialect: 'sqlite' })).toEqual([]);
      await again.close();
    } finally {
      await database.cleanup();
    }
  });
});

describe('the change mark', () => {
  let database: TestDatabase | undefined;
  afterEach(() => database?.cleanup());

  it('on SQLite stays while the database is only read, and changes with every write and transaction', async () => {
    database = await createTestDatabase('sqlite');
    const { db } = database;
    const first = await database.changeMark();
    expect(first).not.toBeNull();
    await db.selectFrom('computers').selectAll().execute();
    await sql`select count(*) from hosts`.execute(db);
    expect(await database.changeMark()).toBe(first);

    await db.insertInto('computers').values({ name: 'BTS01', role: 'BizTalk Server' }).execute();
    const afterInsert = await database.changeMark();
    expect(afterInsert).not.toBe(first);
    // RETURNING makes a write look like a read to Kysely; it is still a write.
    await db.updateTable('computers').set({ name: 'BTS02' }).returning('id').execute();
    const afterUpdate = await database.changeMark();
    expect(afterUpdate).not.toBe(afterInsert);
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('computers').selectAll().execute();
    });
    expect(await database.changeMark()).not.toBe(afterUpdate);
  });

  it('on SQLite changes when another connection commits', async () => {
    database = await createTestDatabase('sqlite');
    const other = await openDatabase({ dataDir: database.dataDir });
    try {
      const before = await database.changeMark();
      await other.db.selectFrom('computers').selectAll().execute();
      expect(await database.changeMark()).toBe(before);
      await other.db.insertInto('computers').values({ name: 'BTS09', role: 'BizTalk Server' }).execute();
      expect(await database.changeMark()).not.toBe(before);
    } finally {
      await other.close();
    }
  });

  it('on SQLite reads data_version once for marks asked since the same moment, and again for a later one', async () => {
    database = await createTestDatabase('sqlite');
    const other = await openDatabase({ dataDir: database.dataDir });
    try {
      // A request asks twice, since its arrival: a commit after the arrival need not be seen by the
      // second ask, and the first ask's reading serves it; a later request's ask sees the commit.
      const arrival = performance.now();
      const first = await database.changeMark(arrival);
      await other.db.insertInto('computers').values({ name: 'BTS09', role: 'BizTalk Server' }).execute();
      expect(await database.changeMark(arrival)).toBe(first);
      const later = performance.now();
      expect(await database.changeMark(later)).not.toBe(first);
      // This connection's own writes are seen whatever the moment asked.
      const afterCommit = await database.changeMark(later);
      await database.db.insertInto('computers').values({ name: 'BTS10', role: 'BizTalk Server' }).execute();
      expect(await database.changeMark(later)).not.toBe(afterCommit);
    } finally {
      await other.close();
    }
  });

  it('on SQLite, asked by requests that arrived together, is read after their own code and is the same for all', async () => {
    database = await createTestDatabase('sqlite');
    const first = await database.changeMark();
    // Three requests arrive; before the event loop turns, another process commits.
    const asked = [database.changeMark(), database.changeMark(), database.changeMark()];
    const other = new SqliteDatabase(path.join(database.dataDir, SQLITE_FILE_NAME));
    try {
      other.prepare(`insert into computers (name, role) values ('BTS11', 'BizTalk Server')`).run();
    } finally {
      other.close();
    }
    const marks = await Promise.all(asked);
    expect(new Set(marks).size).toBe(1);
    expect(marks[0]).not.toBe(first);
  });

  it('on SQLite refuses a mark once the database is closed, rather than leaving the request waiting', async () => {
    const opened = await createTestDatabase('sqlite');
    try {
      await opened.close();
      await expect(opened.changeMark()).rejects.toThrow(/not open/);
    } finally {
      await opened.cleanup();
    }
  });

  /** The mark once the listening connection listens; null until then. */
  async function listeningMark(of: { changeMark(): Promise<string | null> }): Promise<string> {
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const mark = await of.changeMark();
      if (mark !== null) return mark;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('The change listener never listened.');
  }

  it.runIf(testDatabaseUrl)(
    'on PostgreSQL is null until it listens, stays while the database is only read, and changes with the next call after any commit',
    async () => {
      database = await createTestDatabase('postgres', { testDatabaseUrl });
      expect(await database.changeMark()).toBeNull();
      const first = await listeningMark(database);
      await database.db.selectFrom('computers').selectAll().execute();
      expect(await database.changeMark()).toBe(first);
      // A statement that changes no row tells nobody.
      await database.db.deleteFrom('computers').where('name', '=', 'BTS99').execute();
      expect(await database.changeMark()).toBe(first);

      await database.db.insertInto('computers').values({ name: 'BTS01', role: 'BizTalk Server' }).execute();
      const afterInsert = await database.changeMark();
      expect(afterInsert).not.toBe(first);
      expect(afterInsert).not.toBeNull();

      // Another connection, as psql or a second API process would: seen by the very next call.
      const other = new pg.Client({ connectionString: testDatabaseUrl });
      await other.connect();
      try {
        await other.query(`update "${database.schema!}".computers set name = 'BTS03' where name = 'BTS01'`);
        const afterOther = await database.changeMark();
        expect(afterOther).not.toBe(afterInsert);
        expect(afterOther).not.toBeNull();
        // A rolled-back change tells nobody.
        await other.query('begin');
        await other.query(`delete from "${database.schema!}".computers`);
        await other.query('rollback');
        expect(await database.changeMark()).toBe(afterOther);
      } finally {
        await other.end();
      }
    },
  );

  it.runIf(testDatabaseUrl)(
    'on PostgreSQL is null after the listening connection is lost, and a new one once it listens again',
    async () => {
      database = await createTestDatabase('postgres', { testDatabaseUrl });
      await listeningMark(database);
      const before = await listeningMark(database);
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      try {
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
          [postgresApplicationName(database.schema)],
        );
      } finally {
        await admin.end();
      }
      let sawNull = false;
      let after: string | null = null;
      for (let attempt = 0; attempt < 600 && after === null; attempt += 1) {
        after = await database.changeMark();
        if (after === null) {
          sawNull = true;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(sawNull).toBe(true);
      expect(after).not.toBeNull();
      expect(after).not.toBe(before);
    },
  );

  it.runIf(testDatabaseUrl)('on PostgreSQL is told of changes to every table of the schema', async () => {
    database = await createTestDatabase('postgres', { testDatabaseUrl });
    const plain = database.db.withoutPlugins() as unknown as Kysely<unknown>;
    const tables = await consoleTables(plain);
    expect(tables.length).toBeGreaterThan(10);
    for (const trigger of [CHANGE_NOTIFY_TRIGGER, TRUNCATE_NOTIFY_TRIGGER]) {
      const { rows } = await sql<{ table: string }>`
        select c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where t.tgname = ${trigger} and c.relnamespace = current_schema()::regnamespace
        order by c.relname
      `.execute(plain);
      expect(rows.map((row) => row.table)).toEqual(tables);
    }
  });
});

describe('the SQLite statement cache', () => {
  it('prepares each SQL text once, keeps at most its capacity, and drops the least recently used', () => {
    const connection = withStatementCache(new SqliteDatabase(':memory:'), 3);
    try {
      const first = connection.prepare('select 1 as n');
      expect(connection.prepare('select 1 as n')).toBe(first);
      const second = connection.prepare('select 2 as n');
      connection.prepare('select 3 as n');
      connection.prepare('select 1 as n'); // used again: now the most recent
      connection.prepare('select 4 as n'); // full: 'select 2' goes
      expect(connection.cachedStatements).toBe(3);
      expect(connection.prepare('select 1 as n')).toBe(first);
      expect(connection.prepare('select 2 as n')).not.toBe(second);
      expect(connection.cachedStatements).toBe(3);
    } finally {
      connection.close();
    }
  });

  it('tells readers from writers per statement, as Kysely needs', () => {
    const connection = withStatementCache(new SqliteDatabase(':memory:'));
    try {
      connection.prepare('create table t (n integer)').run([]);
      const insert = connection.prepare('insert into t (n) values (?)');
      const insertReturning = connection.prepare('insert into t (n) values (?) returning n');
      expect(insert.reader).toBe(false);
      expect(insertReturning.reader).toBe(true);
      expect(connection.prepare('insert into t (n) values (?)').reader).toBe(false);
      expect(connection.prepare('select n from t').reader).toBe(true);
    } finally {
      connection.close();
    }
  });

  it('serves Kysely: one prepared statement for a query run with different parameters', async () => {
    const connection = withStatementCache(new SqliteDatabase(':memory:'));
    const db = new Kysely<{ t: { n: number } }>({ dialect: new SqliteDialect({ database: connection }) });
    try {
      await db.schema.createTable('t').addColumn('n', 'integer').execute();
      await db
        .insertInto('t')
        .values([1, 2, 3].map((n) => ({ n })))
        .execute();
      const before = connection.cachedStatements;
      for (const n of [1, 2, 3, 4]) {
        const rows = await db.selectFrom('t').select('n').where('n', '>=', n).orderBy('n').execute();
        expect(rows.map((row) => row.n)).toEqual([1, 2, 3].filter((value) => value >= n));
      }
      expect(connection.cachedStatements).toBe(before + 1);
    } finally {
      await db.destroy();
    }
  });

  it('gives the same results through Kysely when statements are reused, bound afresh each time', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const names = ['ADMIN01', 'BTS01', 'BTS02', 'BTS03'];
      for (const name of names) {
        const inserted = await database.db
          .insertInto('computers')
          .values({ name, role: name.startsWith('BTS') ? 'BizTalk Server' : 'Console' })
          .returning('name')
          .executeTakeFirstOrThrow();
        expect(inserted.name).toBe(name);
      }
      const byName = (name: string) =>
        database.db
          .selectFrom('computers')
          .select(['name', 'role'])
          .where('name', '=', name)
          .executeTakeFirst();
      for (const name of names) expect((await byName(name))?.name).toBe(name);
      expect(await byName('SQL01')).toBeUndefined();
      const renamed = await database.db
        .updateTable('computers')
        .set({ name: 'BTS04' })
        .where('name', '=', 'BTS03')
        .executeTakeFirst();
      expect(renamed.numUpdatedRows).toBe(1n);
      const again = await database.db
        .updateTable('computers')
        .set({ name: 'BTS04' })
        .where('name', '=', 'BTS03')
        .executeTakeFirst();
      expect(again.numUpdatedRows).toBe(0n);
      expect((await byName('BTS04'))?.role).toBe('BizTalk Server');
      // A transaction that fails leaves nothing, and the reused begin/rollback statements still work.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        await expect(
          database.db.transaction().execute(async (trx) => {
            await trx.deleteFrom('computers').execute();
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
      }
      const all = await database.db.selectFrom('computers').select('name').orderBy('name').execute();
      expect(all.map((row) => row.name)).toEqual(['ADMIN01', 'BTS01', 'BTS02', 'BTS04']);
    } finally {
      await database.cleanup();
    }
  });
});

describe.runIf(testDatabaseUrl)('openDatabase on postgres', () => {
  it('lets two processes migrate the same new schema at once', async () => {
    const holder = await createTestDatabase('postgres', { testDatabaseUrl, migrate: false });
    try {
      const options = { databaseUrl: testDatabaseUrl!, dataDir: holder.dataDir, schema: holder.schema! };
      const [a, b] = await Promise.all([openDatabase(options), openDatabase(options)]);
      const migrations = await a.db
        .withoutPlugins()
        .selectFrom('kysely_migration' as never)
        .selectAll()
        .execute();
      // Each migration ran once, in one of the two processes.
      expect(migrations.map((row) => (row as { name: string }).name).sort()).toEqual(
        migrationNames('postgres'),
      );
      await Promise.all([a.close(), b.close()]);
    } finally {
      await holder.cleanup();
    }
  });

  it("migrates a schema while another schema's migration holds its lock, and waits while its own is held", async () => {
    // A lock held as a migration of `busy` would hold it, from a session of its own.
    const busy = await createTestDatabase('postgres', { testDatabaseUrl, migrate: false });
    const fresh = await createTestDatabase('postgres', { testDatabaseUrl, migrate: false });
    const holder = new pg.Client({ connectionString: testDatabaseUrl });
    await holder.connect();
    const migrationLock = (schema: string) => `72684, hashtext('bts-console.migrate.' || '${schema}')`;
    try {
      await holder.query(`select pg_advisory_lock(${migrationLock(busy.schema!)})`);
      const other = await openDatabase({
        databaseUrl: testDatabaseUrl!,
        dataDir: fresh.dataDir,
        schema: fresh.schema!,
      });
      await other.close();

      let opened = false;
      const waiting = openDatabase({
        databaseUrl: testDatabaseUrl!,
        dataDir: busy.dataDir,
        schema: busy.schema!,
      }).then((database) => {
        opened = true;
        return database;
      });
      // The migration of `busy` is seen waiting on its lock before the lock is let go.
      await expect
        .poll(
          async () =>
            (
              await holder.query(
                `select count(*)::int as waiting from pg_locks l join pg_stat_activity a using (pid)
                  where l.locktype = 'advisory' and not l.granted and l.classid = 72684
                    and a.application_name = $1`,
                [postgresApplicationName(busy.schema!)],
              )
            ).rows[0].waiting,
          { timeout: 60_000 },
        )
        .toBe(1);
      expect(opened).toBe(false);
      await holder.query(`select pg_advisory_unlock(${migrationLock(busy.schema!)})`);
      const database = await waiting;
      expect(await database.db.selectFrom('computers').selectAll().execute()).toEqual([]);
      await database.close();
    } finally {
      await holder.end();
      await Promise.all([busy.cleanup(), fresh.cleanup()]);
    }
  });

  it('migrates while other processes drop their schemas at the same time', async () => {
    // Parallel test files create and drop schemas constantly; a migration must not trip over them.
    const cycles = Array.from({ length: 8 }, async () => {
      for (let round = 0; round < 3; round += 1) {
        const database = await createTestDatabase('postgres', { testDatabaseUrl });
        await database.cleanup();
      }
    });
    await expect(Promise.all(cycles)).resolves.toHaveLength(8);
  });

  it('names test schemas by creation time and drops them, with the folder, even after the pool was closed', async () => {
    const database = await createTestDatabase('postgres', { testDatabaseUrl });
    expect(database.schema).toMatch(/^test_\d{13}_[0-9a-f]{8}$/);
    const schemaExists = async () => {
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        const found = await client.query('select 1 from information_schema.schemata where schema_name = $1', [
          database.schema,
        ]);
        return found.rowCount === 1;
      } finally {
        await client.end();
      }
    };
    expect(await schemaExists()).toBe(true);
    await database.close();
    await database.cleanup();
    expect(await schemaExists()).toBe(false);
    expect(existsSync(database.dataDir)).toBe(false);
  });

  it('refuses a schema name that could break out of the identifier', async () => {
    await expect(
      openDatabase({ databaseUrl: testDatabaseUrl!, dataDir: '/tmp', schema: 'x"; drop table users; --' }),
    ).rejects.toThrow(/schema name/);
  });

  it('keeps each schema to itself', async () => {
    const one = await createTestDatabase('postgres', { testDatabaseUrl });
    const two = await createTestDatabase('postgres', { testDatabaseUrl });
    try {
      await one.db.insertInto('computers').values({ name: 'BTS01', role: 'BizTalk Server' }).execute();
      expect(await two.db.selectFrom('computers').selectAll().execute()).toEqual([]);
    } finally {
      await Promise.all([one.cleanup(), two.cleanup()]);
    }
  });
});
