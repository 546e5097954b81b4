import type { Executor } from './schema';
import type { Transaction } from 'kysely';
import type { DatabaseSchema } from './schema';

/** Runs fn in one transaction; inside an existing transaction it joins it instead of nesting. */
export async function withTransaction<T>(
  db: Executor,
  fn: (trx: Transaction<DatabaseSchema>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db as Transaction<DatabaseSchema>);
  return db.transaction().execute(fn);
}
