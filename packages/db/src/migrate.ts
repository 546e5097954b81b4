import {
  Migrator,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';
import type { DatabaseDialect } from './dialect';
import { initialSchemaMigration } from './migrations/001-initial-schema';
import { auditAppendOnlyMigration } from './migrations/002-audit-append-only';
import { storeSearchIndexMigration } from './migrations/003-store-search-index';
import { certificateReplacementsMigration } from './migrations/004-certificate-replacements';
import { alertsMigration } from './migrations/005-alerts';
import { storeSortIndexesMigration } from './migrations/006-store-sort-indexes';
import { changeNotificationsMigration } from './migrations/008-change-notifications';
import { replacementScopeAndAlertsMigration } from './migrations/010-replacement-scope-and-alerts';
import { storeSearchCoveringIndexMigration } from './migrations/011-store-search-covering-index';
import { storeSearchColumnsMigration } from './migrations/012-store-search-columns';

/*
 * Migrations live in code, not in a folder read at run time: the server is bundled and
 * started from anywhere, and both dialects must get exactly the same list.
 */
function migrationsFor(dialect: DatabaseDialect): Record<string, Migration> {
  return {
    '001-initial-schema': initialSchemaMigration(dialect),
    '002-audit-append-only': auditAppendOnlyMigration(dialect),
    '003-store-search-index': storeSearchIndexMigration(dialect),
    '004-certificate-replacements': certificateReplacementsMigration(dialect),
    '005-alerts': alertsMigration(dialect),
    '006-store-sort-indexes': storeSortIndexesMigration(),
    '008-change-notifications': changeNotificationsMigration(dialect),
    '010-replacement-scope-and-alerts': replacementScopeAndAlertsMigration(dialect),
    '011-store-search-covering-index': storeSearchCoveringIndexMigration(dialect),
    '012-store-search-columns': storeSearchColumnsMigration(dialect),
  };
}

/** The names of every migration, in the order they run. */
export function migrationNames(dialect: DatabaseDialect): string[] {
  return Object.keys(migrationsFor(dialect)).sort();
}

export interface MigrateOptions {
  dialect: DatabaseDialect;
  /** PostgreSQL schema that holds Kysely's own migration tables (defaults to `public`). */
  schema?: string;
}

/**
 * Brings the schema to the latest migration. Idempotent; on PostgreSQL two processes may run it
 * at once (Kysely takes an advisory lock around the migrations and tolerates the race on its
 * own bookkeeping tables).
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, options: MigrateOptions): Promise<string[]> {
  return migrate(db, options, (migrator) => migrator.migrateToLatest());
}

/**
 * Brings the schema up to the named migration and no further: how a test builds a database as an
 * older release left it, to check that the later migrations take its rows along.
 */
export async function migrateUpTo<DB>(
  db: Kysely<DB>,
  options: MigrateOptions & { migration: string },
): Promise<string[]> {
  if (!(options.migration in migrationsFor(options.dialect))) {
    throw new Error(`There is no migration named ${options.migration}.`);
  }
  return migrate(db, options, (migrator) => migrator.migrateTo(options.migration));
}

async function migrate<DB>(
  db: Kysely<DB>,
  options: MigrateOptions,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(options.dialect) };
  const migrator = new Migrator({
    // Without the camel-case plugin: migrations spell the real snake_case names.
    db: db.withoutPlugins(),
    provider,
    ...(options.dialect === 'postgres' ? { migrationTableSchema: options.schema ?? 'public' } : {}),
  });
  const { error, results } = await run(migrator);
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(
      `Migrating the database failed${failed ? ` in ${failed.migrationName}` : ''}: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { cause: error },
    );
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
