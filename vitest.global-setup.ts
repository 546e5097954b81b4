import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Before the workers start: one folder per test run for what the run may issue once and share between test
 * files, the demo group's certificates and keys (packages/db/src/testing/demo-certificate-cache.ts), which
 * the workers find through the variable they inherit; and, with PostgreSQL, the pg_trgm extension.
 */
export default async function setup(): Promise<() => void> {
  const folder = mkdtempSync(join(tmpdir(), 'bts-console-test-run-'));
  process.env.TEST_DEMO_CERTIFICATES_DIR = folder;
  await createTrigramExtension(process.env.TEST_DATABASE_URL);
  return () => rmSync(folder, { recursive: true, force: true });
}

/*
 * Every PostgreSQL suite works in a schema of its own, but the extension that store search needs is one per
 * database, in `public`, created by the first migration that finds it missing. On a new database, two
 * workers migrating at once would race to create it and one schema would go without its indexes; it is
 * created here first. Where it may not be created, the migrations say so, as on such a server.
 */
async function createTrigramExtension(databaseUrl: string | undefined): Promise<void> {
  if (databaseUrl === undefined || databaseUrl.trim() === '') return;
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.query('create extension if not exists pg_trgm schema public');
  } catch {
    // Left to the migrations, which report why store search is not indexed.
  } finally {
    await client.end().catch(() => undefined);
  }
}
