import { sql, type Transaction } from 'kysely';
import { dialectOf } from './dialect';
import type { DatabaseSchema } from './schema';

/** What a transaction-scoped lock serialises; each name is one lock. */
export type AdvisoryLockName = 'audit' | 'sign-in' | 'seed' | 'store-search';

/**
 * Serialises, until the transaction ends, every transaction that takes the same lock: on PostgreSQL a
 * transaction-scoped advisory lock, per schema (tests run side by side, one schema each) except for
 * the store search index, whose extension lives in `public` for every schema. SQLite has a single
 * writer, so nothing is needed there.
 */
export async function takeAdvisoryLock(
  trx: Transaction<DatabaseSchema>,
  name: AdvisoryLockName,
): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  const key =
    name === 'store-search'
      ? sql`hashtext(${sql.lit(`bts-console.${name}`)})`
      : sql`hashtext(${sql.lit(`bts-console.${name}.`)} || current_schema())`;
  await sql`select pg_advisory_xact_lock(72683, ${key})`.execute(trx);
}
