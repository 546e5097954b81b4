import { sql } from 'kysely';
import { toFlag, toIsoTime } from '../columns';
import type { Executor } from '../schema';

/**
 * Records one sign-in attempt and returns its id; the user name is kept lower-cased so throttling
 * ignores case.
 */
export async function recordSignInAttempt(
  db: Executor,
  attempt: { username: string; clientAddress: string; at: Date; succeeded: boolean },
): Promise<number> {
  const row = await db
    .insertInto('signInAttempts')
    .values({
      username: attempt.username.toLowerCase(),
      clientAddress: attempt.clientAddress,
      at: toIsoTime(attempt.at),
      succeeded: toFlag(attempt.succeeded),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Marks an attempt recorded as failed (before the password was checked) as successful. */
export async function markSignInAttemptSucceeded(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('signInAttempts')
    .set({ succeeded: toFlag(true) })
    .where('id', '=', id)
    .execute();
}

/** Forgets one attempt, for an attempt that was refused before the password was checked. */
export async function deleteSignInAttempt(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('signInAttempts').where('id', '=', id).execute();
}

/** Failed sign-ins for a user name (any case) at or after since. */
export async function countFailedSignInsForUser(
  db: Executor,
  username: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('signInAttempts')
    .select(sql<number>`cast(count(*) as integer)`.as('total'))
    .where('username', '=', username.toLowerCase())
    .where('at', '>=', toIsoTime(since))
    .where('succeeded', '=', 0)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Failed sign-ins from a client address at or after since. */
export async function countFailedSignInsFromAddress(
  db: Executor,
  clientAddress: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('signInAttempts')
    .select(sql<number>`cast(count(*) as integer)`.as('total'))
    .where('clientAddress', '=', clientAddress)
    .where('at', '>=', toIsoTime(since))
    .where('succeeded', '=', 0)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Forgets attempts older than before; returns how many. */
export async function deleteSignInAttemptsBefore(db: Executor, before: Date): Promise<number> {
  const result = await db.deleteFrom('signInAttempts').where('at', '<', toIsoTime(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
