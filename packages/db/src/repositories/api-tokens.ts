import type { Role } from '@bts-console/domain';
import { parseJsonText, toIsoTime } from '../columns';
import { preparedQuery } from '../prepared-query';
import type { Executor } from '../schema';

export interface ApiToken {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokenWithUser extends ApiToken {
  username: string;
  roles: Role[];
}

const TOKEN_COLUMNS = [
  'apiTokens.id',
  'apiTokens.userId',
  'apiTokens.name',
  'apiTokens.createdAt',
  'apiTokens.lastUsedAt',
  'apiTokens.revokedAt',
] as const;

/** Stores a token by its hash; the token itself is shown once and never stored. */
export async function createApiToken(
  db: Executor,
  token: { userId: number; name: string; tokenHash: string; createdAt: Date },
): Promise<ApiToken> {
  return db
    .insertInto('apiTokens')
    .values({
      userId: token.userId,
      name: token.name,
      tokenHash: token.tokenHash,
      createdAt: toIsoTime(token.createdAt),
      lastUsedAt: null,
      revokedAt: null,
    })
    .returning(TOKEN_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** A user's tokens, newest first, revoked ones included. */
export async function listApiTokens(db: Executor, userId: number): Promise<ApiToken[]> {
  return db
    .selectFrom('apiTokens')
    .select(TOKEN_COLUMNS)
    .where('userId', '=', userId)
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

const tokenByHash = preparedQuery((db, values: { tokenHash: string }) =>
  db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .select([...TOKEN_COLUMNS, 'users.username', 'users.roles'])
    .where('apiTokens.tokenHash', '=', values.tokenHash),
);

/** The token with this hash and its user, revoked or not (the caller refuses revoked ones); null when unknown. */
export async function getApiTokenByHash(db: Executor, tokenHash: string): Promise<ApiTokenWithUser | null> {
  const row = await tokenByHash.executeTakeFirst(db, { tokenHash });
  return row ? { ...row, roles: parseJsonText<Role[]>(row.roles) } : null;
}

export async function touchApiToken(db: Executor, id: number, at: Date): Promise<void> {
  await db
    .updateTable('apiTokens')
    .set({ lastUsedAt: toIsoTime(at) })
    .where('id', '=', id)
    .execute();
}

/**
 * Revokes a token (of that user, when userId is given). False when there is no such live token;
 * revoking twice keeps the first revocation time.
 */
export async function revokeApiToken(
  db: Executor,
  target: { id: number; userId?: number; revokedAt: Date },
): Promise<boolean> {
  let update = db
    .updateTable('apiTokens')
    .set({ revokedAt: toIsoTime(target.revokedAt) })
    .where('id', '=', target.id)
    .where('revokedAt', 'is', null);
  if (target.userId !== undefined) update = update.where('userId', '=', target.userId);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every active token of a user (after an administrator resets the password); returns how many. */
export async function revokeApiTokensOfUser(db: Executor, userId: number, revokedAt: Date): Promise<number> {
  const result = await db
    .updateTable('apiTokens')
    .set({ revokedAt: toIsoTime(revokedAt) })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
