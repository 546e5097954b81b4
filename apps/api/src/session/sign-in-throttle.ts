import {
  deleteSignInAttempt,
  deleteSignInAttemptsBefore,
  recentSignInFailuresFromAddress,
  recentSignInFailuresOfUser,
  recordSignInAttempt,
  serialiseSignInAttempts,
  type Executor,
  type SignInFailure,
} from '@bts-console/db';
import type { Clock } from '@bts-console/domain';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * Admitted: the attempt row, recorded as failed, to mark succeeded once the password matches.
 * Refused: seconds until the oldest counted failure leaves the window.
 */
export type SignInAdmission =
  | { admitted: true; attemptId: number }
  | { admitted: false; retryAfterSeconds: number; reason: 'user' | 'address' };

function secondsUntilExpiry(oldestFailure: string, now: number): number {
  return Math.max(1, Math.ceil((Date.parse(oldestFailure) + THROTTLE_WINDOW_MS - now) / 1000));
}

/**
 * When the caller is refused: the earlier failures other than this attempt, newest first, leave room
 * for one more attempt once the max-th newest of them leaves the window.
 */
function refusal(failures: SignInFailure[], attemptId: number, max: number, now: number): number | undefined {
  if (failures.length <= max) return undefined;
  const earlier = failures.filter((failure) => failure.id !== attemptId);
  const oldest = earlier[Math.min(max, earlier.length) - 1]!.at;
  return secondsUntilExpiry(oldest, now);
}

/**
 * Records a sign-in attempt as failed and then decides whether it may go on; the row is written before
 * the password is checked, so parallel guesses count against each other. Five failures for a user name
 * or twenty from an address in 15 minutes refuse the next attempt. A user's count restarts at their
 * last successful sign-in; an address's count does not, so guessing across many user names from one
 * address is still throttled. A refused attempt is forgotten again: refusing changes nothing.
 */
export async function admitSignInAttempt(
  db: Executor,
  attempt: { username: string; clientAddress: string },
  clock: Clock,
): Promise<SignInAdmission> {
  return serialiseSignInAttempts(db, async (trx) => {
    const now = clock.now().getTime();
    const since = new Date(now - THROTTLE_WINDOW_MS);
    const attemptId = await recordSignInAttempt(trx, {
      username: attempt.username,
      clientAddress: attempt.clientAddress,
      at: new Date(now),
      succeeded: false,
    });

    const limits = [
      {
        reason: 'user',
        max: MAX_FAILURES_PER_USER,
        failures: recentSignInFailuresOfUser,
        of: attempt.username,
      },
      {
        reason: 'address',
        max: MAX_FAILURES_PER_ADDRESS,
        failures: recentSignInFailuresFromAddress,
        of: attempt.clientAddress,
      },
    ] as const;
    for (const limit of limits) {
      const failures = await limit.failures(trx, limit.of, since, limit.max + 1);
      const retryAfterSeconds = refusal(failures, attemptId, limit.max, now);
      if (retryAfterSeconds !== undefined) {
        await deleteSignInAttempt(trx, attemptId);
        return { admitted: false, retryAfterSeconds, reason: limit.reason };
      }
    }
    return { admitted: true, attemptId };
  });
}

/** Forgets attempts that have left the throttle window; returns how many. */
export function purgeOldSignInAttempts(db: Executor, clock: Clock): Promise<number> {
  return deleteSignInAttemptsBefore(db, new Date(clock.now().getTime() - THROTTLE_WINDOW_MS));
}
