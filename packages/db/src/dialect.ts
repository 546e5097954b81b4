import { PostgresAdapter } from 'kysely';
import type { Executor } from './schema';

export type DatabaseDialect = 'sqlite' | 'postgres';

/** Which dialect an executor talks to, for the few statements that differ (advisory locks). */
export function dialectOf(db: Executor): DatabaseDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
