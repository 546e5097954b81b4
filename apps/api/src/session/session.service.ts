import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  getSession,
  touchSession,
  type Executor,
  type Session,
} from '@bts-console/db';
import type { Clock } from '@bts-console/domain';
import { newSessionSecret, sha256Hex } from '../auth/secrets';

export const SESSION_COOKIE = 'bts_session';

export interface SessionLifetime {
  idleMinutes: number;
  absoluteHours: number;
}

/** lastSeenAt is written at most this often, so reads do not each cost a write. */
export const TOUCH_INTERVAL_MS = 30_000;

/**
 * How long after lastSeenAt a session stays live. The last request may have come up to one touch
 * interval after lastSeenAt without being written, so the interval is added: a session never ends
 * before it has been idle for the configured time, and at most 30 s after.
 */
function idleLimitMs(lifetime: SessionLifetime): number {
  return lifetime.idleMinutes * 60_000 + TOUCH_INTERVAL_MS;
}

/** Creates a session row and returns the cookie value; only its hash is stored. */
export async function startSession(
  db: Executor,
  userId: number,
  clientAddress: string,
  clock: Clock,
): Promise<{ secret: string; idHash: string }> {
  const secret = newSessionSecret();
  const idHash = sha256Hex(secret);
  await createSession(db, { idHash, userId, createdAt: clock.now(), clientAddress });
  return { secret, idHash };
}

/** Ends the session of this cookie value, if it exists. */
export async function endSession(db: Executor, secret: string): Promise<void> {
  await deleteSession(db, sha256Hex(secret));
}

/**
 * The live session of a cookie value, or null when it names no session or the session has been
 * idle too long or lived too long (the row is then deleted). `lookup` reads the stored session; the
 * timeouts are applied here, on every call.
 */
export async function resolveSession(
  db: Executor,
  secret: string,
  lifetime: SessionLifetime,
  clock: Clock,
  lookup: (idHash: string) => Promise<Session | null> = (idHash) => getSession(db, idHash),
): Promise<Session | null> {
  const idHash = sha256Hex(secret);
  const session = await lookup(idHash);
  if (!session) return null;
  const now = clock.now();
  const idleFor = now.getTime() - Date.parse(session.lastSeenAt);
  const livedFor = now.getTime() - Date.parse(session.createdAt);
  if (idleFor > idleLimitMs(lifetime) || livedFor > lifetime.absoluteHours * 3_600_000) {
    await deleteSession(db, idHash);
    return null;
  }
  if (idleFor >= TOUCH_INTERVAL_MS) await touchSession(db, idHash, now);
  return session;
}

/** Deletes sessions that can no longer be used (idle or lived too long); returns how many. */
export function purgeExpiredSessions(db: Executor, lifetime: SessionLifetime, clock: Clock): Promise<number> {
  const now = clock.now().getTime();
  return deleteExpiredSessions(db, {
    idleSince: new Date(now - idleLimitMs(lifetime)),
    createdSince: new Date(now - lifetime.absoluteHours * 3_600_000),
  });
}
