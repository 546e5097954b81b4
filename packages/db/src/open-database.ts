import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CamelCasePlugin,
  Kysely,
  sql,
  SqliteDialect,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteStatement as KyselySqliteStatement,
} from 'kysely';
import pg from 'pg';
import type { DatabaseDialect } from './dialect';
import { migrateToLatest } from './migrate';
import { PostgresChangeListener } from './postgres-changes';
import { BtsPostgresDialect } from './postgres-catalog-introspector';
import type { DatabaseSchema } from './schema';

export interface OpenDatabaseOptions {
  /** `postgres://…` selects PostgreSQL; without it the embedded SQLite file is used. */
  databaseUrl?: string;
  /** Folder of the SQLite file `bts-console.sqlite` (created when missing). */
  dataDir: string;
  /** PostgreSQL schema to work in (created when missing); tests use one per run. */
  schema?: string;
  /** Run migrations on open (default true). */
  migrate?: boolean;
}

export interface BtsDatabase {
  db: Kysely<DatabaseSchema>;
  dialect: DatabaseDialect;
  /** The PostgreSQL schema in use, when one was asked for. */
  schema?: string;
  /**
   * A value that stays the same as long as nothing in the database changes: a write through this
   * connection gives a new one, and so does a commit by any other (another API process, the CLI) made
   * before `since`. Something read from the database may be kept while the mark is unchanged.
   * `since` is a `performance.now()` time no later than the call, by default the call: a request
   * passes its arrival. An earlier `since` than the caller's own moment would let it miss commits.
   * Null while no mark can be trusted (on PostgreSQL, while the listening connection is not
   * listening, ADR 021): nothing may then be kept.
   */
  changeMark(since?: number): Promise<string | null>;
  close(): Promise<void>;
}

export const SQLITE_FILE_NAME = 'bts-console.sqlite';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Distinct SQL texts whose prepared statements are kept; `in (…)` lists of varying length each count once. */
export const STATEMENT_CACHE_SIZE = 500;

/** The SQLite connection as Kysely sees it, with the number of prepared statements it keeps. */
export interface CachingSqliteDatabase extends KyselySqliteDatabase {
  readonly cachedStatements: number;
  /** Statements run through this connection that may have changed the database. */
  readonly writes: number;
}

/**
 * Wraps a better-sqlite3 connection so that `prepare` returns the statement already prepared for the
 * same SQL text, least recently used first out. Preparing costs more than running most of the
 * console's queries. Sharing statements is safe because Kysely's SQLite driver serialises all use of
 * its one connection and runs each statement to completion (`all`/`run`) before the next; a stream
 * (`iterate`) holds the connection until it is done or returned. A statement survives schema changes:
 * SQLite re-prepares it itself. `reader` depends only on the SQL text, so it stays right.
 */
export function withStatementCache(
  database: SqliteDatabase.Database,
  capacity: number = STATEMENT_CACHE_SIZE,
): CachingSqliteDatabase {
  const statements = new Map<string, KyselySqliteStatement>();
  let writes = 0;

  /**
   * A plain read is handed out as it is. Anything else is counted each time it runs: writes, and
   * transaction control (SQLite calls BEGIN and COMMIT read-only, but they decide when writes count).
   */
  function counted(statement: SqliteDatabase.Statement): KyselySqliteStatement {
    if (statement.reader && statement.readonly) return statement;
    return {
      reader: statement.reader,
      all(parameters) {
        writes += 1;
        return statement.all(parameters);
      },
      run(parameters) {
        writes += 1;
        return statement.run(parameters);
      },
      iterate(parameters) {
        writes += 1;
        return statement.iterate(parameters);
      },
    };
  }

  return {
    get cachedStatements() {
      return statements.size;
    },
    get writes() {
      return writes;
    },
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        // Map keeps insertion order: moving the hit to the end makes the first key the least recently used.
        statements.delete(sql);
      } else {
        statement = counted(database.prepare(sql));
        if (statements.size >= capacity) {
          const oldest = statements.keys().next();
          if (!oldest.done) statements.delete(oldest.value);
        }
      }
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}

/** How long the health check waits for the database before calling it unreachable. */
export const DATABASE_ANSWER_TIMEOUT_MS = 5_000;

/**
 * Whether the database answers a trivial query within timeoutMs; for the health check that load
 * balancers poll, which must answer even when the database's host drops packets instead of refusing.
 */
export async function databaseAnswers(
  db: Kysely<DatabaseSchema>,
  timeoutMs: number = DATABASE_ANSWER_TIMEOUT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens (and by default migrates) the console's database: SQLite under dataDir, or PostgreSQL. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<BtsDatabase> {
  const opened = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema)
    : openSqlite(options.dataDir);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(opened.db, { dialect: opened.dialect, schema: opened.schema });
    } catch (error) {
      await opened.close();
      throw error;
    }
  }
  return opened;
}

function openSqlite(dataDir: string): BtsDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  // A second process (the CLI's verify, a backup) may hold the write lock for a moment.
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  const connection = withStatementCache(database);
  const db = new Kysely<DatabaseSchema>({
    dialect: new SqliteDialect({ database: connection }),
    plugins: [new CamelCasePlugin()],
  });
  // data_version changes when another connection commits; this connection's own writes it does not see.
  const dataVersion = database.prepare('pragma data_version').pluck();
  // The last reading and when it began: it reflects every commit by others done before then. A mark
  // asked since a moment after the last reading waits for the next, one turn of the event loop later:
  // requests that arrived together share one reading, and a GET's second ask (the port, after its
  // session) uses its first's (ADR 008; the SQLite GET went from 0.39–0.59 to 0.70–0.75 of bare
  // Express, BENCHMARKS.md). A reading taken while a transaction of this connection is open sees that
  // transaction's snapshot, possibly older; no mark given then is ever given again, because BEGIN and
  // COMMIT count as writes (withStatementCache, and the test "changes with every write and transaction").
  let reading = { at: -Infinity, version: '' };
  let nextReading: Promise<void> | undefined;
  // This connection's own writes are counted as they are made, so always current.
  const mark = () => `${reading.version}:${connection.writes}`;
  return {
    db,
    dialect: 'sqlite',
    changeMark: (since = performance.now()) => {
      if (reading.at >= since) return Promise.resolve(mark());
      nextReading ??= new Promise<void>((resolve, reject) =>
        setImmediate(() => {
          nextReading = undefined;
          try {
            const at = performance.now();
            reading = { at, version: String(dataVersion.get()) };
            resolve();
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return nextReading.then(mark);
    },
    close: () => db.destroy(),
  };
}

/**
 * The application_name of the service's PostgreSQL connections: an operator finds its backends in
 * pg_stat_activity by it, and a test those of its own schema.
 */
export function postgresApplicationName(schema: string | undefined): string {
  return schema !== undefined ? `bts-console ${schema}` : 'bts-console';
}

async function openPostgres(databaseUrl: string, schema: string | undefined): Promise<BtsDatabase> {
  if (schema !== undefined) {
    if (!SCHEMA_NAME.test(schema)) {
      throw new Error(
        `PostgreSQL schema name "${schema}" is not allowed: use lower-case letters, digits and underscores.`,
      );
    }
    await createSchemaIfMissing(databaseUrl, schema);
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    application_name: postgresApplicationName(schema),
    // Set at connection start-up, so every pooled connection sees only this schema.
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle pooled connection that drops (server restart, network) is discarded by the pool;
  // without a listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  const db = new Kysely<DatabaseSchema>({
    dialect: new BtsPostgresDialect(pool),
    plugins: [new CamelCasePlugin()],
  });
  const changes = new PostgresChangeListener({
    connectionString: databaseUrl,
    // The same name as the pool's: an operator (and the benchmark) counts its backend with the others.
    applicationName: postgresApplicationName(schema),
    ...(schema !== undefined ? { schema } : {}),
  });
  return {
    db,
    dialect: 'postgres',
    ...(schema !== undefined ? { schema } : {}),
    changeMark: (since) => changes.changeMark(since),
    close: async () => {
      await changes.close();
      await db.destroy();
    },
  };
}

async function createSchemaIfMissing(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    // Two processes creating the same schema at once: one loses with a duplicate error.
    const code = (error as { code?: string }).code;
    if (code !== '42P06' && code !== '23505') throw error;
  } finally {
    await client.end();
  }
}
