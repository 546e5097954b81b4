import type { Transaction } from 'kysely';
import { takeAdvisoryLock } from '../advisory-lock';
import { toFlag, toIsoTime } from '../columns';
import type { DatabaseSchema, Executor } from '../schema';
import { withTransaction } from '../transaction';

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

/**
 * Runs fn in a transaction that no other caller of this function runs beside: recording an attempt,
 * counting failures and refusing must not interleave, or parallel guesses each count the others'
 * rows before they are refused and removed.
 */
export function serialiseSignInAttempts<T>(
  db: Executor,
  fn: (trx: Transaction<DatabaseSchema>) => Promise<T>,
): Promise<T> {
  return withTransaction(db, async (trx) => {
    await takeAdvisoryLock(trx, 'sign-in');
    return fn(trx);
  });
}

export interface SignInFailure {
  id: number;
  at: string;
}

/**
 * The newest failed sign-ins for a user name (any case) after `since`, at most `limit`, newest first.
 * A successful sign-in after `since` restarts the count: only failures after it are listed. Ids, not
 * times, order attempts, since several can share one instant.
 */
export async function recentSignInFailuresOfUser(
  db: Executor,
  username: string,
  since: Date,
  limit: number,
): Promise<SignInFailure[]> {
  const name = username.toLowerCase();
  const after = toIsoTime(since);
  return db
    .selectFrom('signInAttempts')
    .select(['id', 'at'])
    .where('username', '=', name)
    .where('succeeded', '=', 0)
    .where('at', '>', after)
    .where('id', '>', (eb) =>
      eb.fn.coalesce(
        eb
          .selectFrom('signInAttempts')
          .select((inner) => inner.fn.max('id').as('id'))
          .where('username', '=', name)
          .where('succeeded', '=', 1)
          .where('at', '>', after),
        eb.lit(0),
      ),
    )
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The newest failed sign-ins from a client address after `since`, whatever user names they tried, at
 * most `limit`, newest first. A successful sign-in does not restart this count.
 */
export async function recentSignInFailuresFromAddress(
  db: Executor,
  clientAddress: string,
  since: Date,
  limit: number,
): Promise<SignInFailure[]> {
  return db
    .selectFrom('signInAttempts')
    .select(['id', 'at'])
    .where('clientAddress', '=', clientAddress)
    .where('succeeded', '=', 0)
    .where('at', '>', toIsoTime(since))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Forgets attempts older than before; returns how many. */
export async function deleteSignInAttemptsBefore(db: Executor, before: Date): Promise<number> {
  const result = await db.deleteFrom('signInAttempts').where('at', '<', toIsoTime(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
