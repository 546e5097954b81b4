import type pg from 'pg';
import {
  PostgresAdapter,
  PostgresDialect,
  type DialectAdapter,
  type Driver,
  type MigrationLockOptions,
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';
import { ResilientPostgresDriver } from './postgres-driver';

/*
 * Kysely's own PostgreSQL introspector looks schemas up by name (has_schema_privilege(nspname),
 * pg_get_serial_sequence(nspname || …)), so it fails with "schema does not exist" when another
 * process drops a schema between the catalog snapshot and the lookup — which parallel test runs
 * do all the time. The Migrator only needs table and schema names, so this introspector reads
 * them by oid joins alone, which a concurrent drop cannot break.
 */
class PostgresCatalogIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const result = await sql<{ name: string }>`
      select nspname as name from pg_catalog.pg_namespace order by nspname`.execute(this.#db);
    return result.rows;
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const result = await sql<{ schema: string; name: string; isView: boolean }>`
      select n.nspname as schema, c.relname as name, c.relkind = 'v' as "isView"
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'v', 'p')
        and n.nspname !~ '^pg_'
        and n.nspname <> 'information_schema'
      order by n.nspname, c.relname`.execute(this.#db);
    return result.rows
      .filter(
        (row) =>
          options.withInternalKyselyTables ||
          (row.name !== 'kysely_migration' && row.name !== 'kysely_migration_lock'),
      )
      .map((row) => ({ name: row.name, schema: row.schema, isView: row.isView, columns: [] }));
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/*
 * Kysely's migration lock is one advisory lock for the whole cluster, held while every pending migration
 * runs. Schemas migrate independently (tests create one each, side by side), so each schema has a lock of
 * its own: two processes migrating the same schema still take turns, and two schemas no longer wait for
 * each other. What schemas share, the pg_trgm extension in `public`, is created under a lock of its own
 * (createTrigramIndexes).
 */
class PerSchemaMigrationLockAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>, options: MigrationLockOptions): Promise<void> {
    // No lock timeout (Kysely sets an hour): a migration waits as long as the one before it takes.
    await sql`select pg_advisory_lock(72684, hashtext(${migrationLockKey(options)}))`.execute(db);
  }

  override async releaseMigrationLock(db: Kysely<unknown>, options: MigrationLockOptions): Promise<void> {
    await sql`select pg_advisory_unlock(72684, hashtext(${migrationLockKey(options)}))`.execute(db);
  }
}

function migrationLockKey(options: MigrationLockOptions): string {
  return `bts-console.migrate.${options.lockTableSchema ?? 'public'}`;
}

/**
 * PostgresDialect whose introspection survives schemas being dropped concurrently, and whose driver
 * survives connections that die while in use (postgres-driver.ts).
 */
export class BtsPostgresDialect extends PostgresDialect {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }

  override createDriver(): Driver {
    return new ResilientPostgresDriver(this.#pool);
  }

  override createAdapter(): DialectAdapter {
    return new PerSchemaMigrationLockAdapter();
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresCatalogIntrospector(db);
  }
}
