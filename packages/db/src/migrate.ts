import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseDialect } from './dialect';
import { initialSchemaMigration } from './migrations/001-initial-schema';
import { auditAppendOnlyMigration } from './migrations/002-audit-append-only';

/*
 * Migrations live in code, not in a folder read at run time: the server is bundled and
 * started from anywhere, and both dialects must get exactly the same list.
 */
function migrationsFor(dialect: DatabaseDialect): Record<string, Migration> {
  return {
    '001-initial-schema': initialSchemaMigration(dialect),
    '002-audit-append-only': auditAppendOnlyMigration(dialect),
  };
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
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(options.dialect) };
  const migrator = new Migrator({
    // Without the camel-case plugin: migrations spell the real snake_case names.
    db: db.withoutPlugins(),
    provider,
    ...(options.dialect === 'postgres' ? { migrationTableSchema: options.schema ?? 'public' } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
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
