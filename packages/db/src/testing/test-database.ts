import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseDialect } from '../dialect';
import { AUDIT_APPEND_ONLY_TRIGGER } from '../migrations/002-audit-append-only';
import { openDatabase, type BtsDatabase } from '../open-database';

export interface TestDatabase extends BtsDatabase {
  /** A fresh temporary folder (holds the SQLite file, and demo keys when seeded). */
  dataDir: string;
  /** Closes the database and removes everything it created: the folder, and the PostgreSQL schema. */
  cleanup(): Promise<void>;
}

/** The dialects a test run covers: SQLite always, PostgreSQL when a test database URL is given. */
export function testDialects(testDatabaseUrl: string | undefined): DatabaseDialect[] {
  return testDatabaseUrl ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * A fresh, migrated, empty database for one test file: SQLite in a temporary folder, or a new
 * PostgreSQL schema of testDatabaseUrl (dropped by cleanup).
 */
export async function createTestDatabase(
  dialect: DatabaseDialect,
  options: { testDatabaseUrl?: string; migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bts-console-test-'));
  if (dialect === 'sqlite') {
    let opened: BtsDatabase;
    try {
      opened = await openDatabase({ dataDir, migrate: options.migrate ?? true });
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
    return {
      ...opened,
      dataDir,
      cleanup: async () => {
        try {
          await opened.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  }
  const databaseUrl = options.testDatabaseUrl;
  if (!databaseUrl) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      'A PostgreSQL test database needs a URL: set TEST_DATABASE_URL (postgres://user@host:port/db).',
    );
  }
  // Recognisable and sortable by age, so schemas left by a killed run can be found and dropped by hand.
  const schema = `test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  let opened: BtsDatabase;
  try {
    opened = await openDatabase({ databaseUrl, dataDir, schema, migrate: options.migrate ?? true });
  } catch (error) {
    await removeEverything(databaseUrl, schema, dataDir);
    throw error;
  }
  return {
    ...opened,
    dataDir,
    cleanup: async () => {
      try {
        await opened.close();
      } finally {
        // Dropped over a connection of its own, so a broken pool cannot leave the schema behind.
        await removeEverything(databaseUrl, schema, dataDir);
      }
    },
  };
}

/**
 * Lets a test play an attacker with DDL rights: removes the append-only guard of the audit log
 * (SQLite drops its triggers, PostgreSQL disables its trigger), so rows can be altered directly.
 */
export async function disableAuditAppendOnly(database: Pick<BtsDatabase, 'db' | 'dialect'>): Promise<void> {
  const db = database.db.withoutPlugins();
  if (database.dialect === 'sqlite') {
    for (const operation of ['update', 'delete']) {
      await sql.raw(`drop trigger if exists ${AUDIT_APPEND_ONLY_TRIGGER}_${operation}`).execute(db);
    }
    return;
  }
  await sql.raw(`alter table audit_entries disable trigger ${AUDIT_APPEND_ONLY_TRIGGER}`).execute(db);
}

async function removeEverything(databaseUrl: string, schema: string, dataDir: string): Promise<void> {
  try {
    await dropSchema(databaseUrl, schema);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Gives the query planner fresh statistics, as autovacuum would within a minute of a bulk load;
 * benchmarks call it after generating a large group on PostgreSQL.
 */
export async function refreshPlannerStatistics(database: Pick<BtsDatabase, 'db'>): Promise<void> {
  await sql`analyze`.execute(database.db);
}
