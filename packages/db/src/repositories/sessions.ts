import type { Role } from '@bts-console/domain';
import { parseJsonText, toIsoTime } from '../columns';
import { preparedQuery } from '../prepared-query';
import type { Executor } from '../schema';

export interface Session {
  idHash: string;
  userId: number;
  username: string;
  roles: Role[];
  createdAt: string;
  lastSeenAt: string;
  clientAddress: string;
}

/** Stores a new session under the SHA-256 of its cookie value. */
export async function createSession(
  db: Executor,
  session: { idHash: string; userId: number; createdAt: Date; clientAddress: string },
): Promise<void> {
  const at = toIsoTime(session.createdAt);
  await db
    .insertInto('sessions')
    .values({
      idHash: session.idHash,
      userId: session.userId,
      createdAt: at,
      lastSeenAt: at,
      clientAddress: session.clientAddress,
    })
    .execute();
}

const sessionByIdHash = preparedQuery((db, values: { idHash: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.idHash',
      'sessions.userId',
      'users.username',
      'users.roles',
      'sessions.createdAt',
      'sessions.lastSeenAt',
      'sessions.clientAddress',
    ])
    .where('sessions.idHash', '=', values.idHash),
);

/** A session with its user's name and roles; null when unknown (the caller applies the timeouts). */
export async function getSession(db: Executor, idHash: string): Promise<Session | null> {
  const row = await sessionByIdHash.executeTakeFirst(db, { idHash });
  return row ? { ...row, roles: parseJsonText<Role[]>(row.roles) } : null;
}

/** Records activity, which pushes back the idle timeout. */
export async function touchSession(db: Executor, idHash: string, at: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ lastSeenAt: toIsoTime(at) })
    .where('idHash', '=', idHash)
    .execute();
}

/** Ends one session; false when it did not exist. */
export async function deleteSession(db: Executor, idHash: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('idHash', '=', idHash).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of a user (after a password change); returns how many. */
export async function deleteSessionsOfUser(db: Executor, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('userId', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes sessions idle since before idleSince or created before createdSince; returns how many. */
export async function deleteExpiredSessions(
  db: Executor,
  limits: { idleSince: Date; createdSince: Date },
): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('lastSeenAt', '<', toIsoTime(limits.idleSince)),
        eb('createdAt', '<', toIsoTime(limits.createdSince)),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
