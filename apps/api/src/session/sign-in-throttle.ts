import type { Executor } from '@bts-console/db';
import type { Clock } from '@bts-console/domain';
import { sql } from 'kysely';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface ThrottleVerdict {
  /** Seconds until the oldest counted failure leaves the window; undefined when not throttled. */
  retryAfterSeconds?: number;
  reason?: 'user' | 'address';
}

function secondsUntilExpiry(oldestFailure: string, now: number): number {
  return Math.max(1, Math.ceil((Date.parse(oldestFailure) + THROTTLE_WINDOW_MS - now) / 1000));
}

/**
 * Whether this user name or address has failed too often in the last 15 minutes. A user's count
 * restarts at their last successful sign-in; an address's count does not, so guessing across many
 * user names from one address is still throttled.
 */
export async function checkSignInThrottle(
  db: Executor,
  attempt: { username: string; clientAddress: string },
  clock: Clock,
): Promise<ThrottleVerdict> {
  const now = clock.now().getTime();
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
  const username = attempt.username.toLowerCase();

  const lastSuccess = await db
    .selectFrom('signInAttempts')
    .select(sql<string>`max(at)`.as('at'))
    .where('username', '=', username)
    .where('succeeded', '=', 1)
    .where('at', '>', since)
    .executeTakeFirst();
  const userFailures = await db
    .selectFrom('signInAttempts')
    .select('at')
    .where('username', '=', username)
    .where('succeeded', '=', 0)
    .where('at', '>', lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since)
    .orderBy('at', 'desc')
    .limit(MAX_FAILURES_PER_USER)
    .execute();
  if (userFailures.length >= MAX_FAILURES_PER_USER) {
    const oldest = userFailures[userFailures.length - 1]!.at;
    return { retryAfterSeconds: secondsUntilExpiry(oldest, now), reason: 'user' };
  }

  const addressFailures = await db
    .selectFrom('signInAttempts')
    .select('at')
    .where('clientAddress', '=', attempt.clientAddress)
    .where('succeeded', '=', 0)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(MAX_FAILURES_PER_ADDRESS)
    .execute();
  if (addressFailures.length >= MAX_FAILURES_PER_ADDRESS) {
    const oldest = addressFailures[addressFailures.length - 1]!.at;
    return { retryAfterSeconds: secondsUntilExpiry(oldest, now), reason: 'address' };
  }
  return {};
}
