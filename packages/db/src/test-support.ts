import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseDialect } from './dialect';
import { openDatabase, type BtsDatabase } from './open-database';

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
    const opened = await openDatabase({ dataDir, migrate: options.migrate ?? true });
    return {
      ...opened,
      dataDir,
      cleanup: async () => {
        await opened.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const databaseUrl = options.testDatabaseUrl;
  if (!databaseUrl) {
    throw new Error(
      'A PostgreSQL test database needs a URL: set TEST_DATABASE_URL (postgres://user@host:port/db).',
    );
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const opened = await openDatabase({ databaseUrl, dataDir, schema, migrate: options.migrate ?? true });
  return {
    ...opened,
    dataDir,
    cleanup: async () => {
      await opened.close();
      await dropSchema(databaseUrl, schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
