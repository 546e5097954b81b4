import {
  getApiTokenByHash,
  touchApiToken,
  type ApiToken,
  type ApiTokenWithUser,
  type Executor,
} from '@bts-console/db';
import type { Clock, TokenSummary } from '@bts-console/domain';
import { sha256Hex, TOKEN_PREFIX } from '../auth/secrets';

/** lastUsedAt is written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

export function toTokenSummary(token: ApiToken): TokenSummary {
  return { id: String(token.id), name: token.name, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt };
}

/** The live token of this secret with its owner, or null for an unknown or revoked one. */
export async function resolveApiToken(
  db: Executor,
  secret: string,
  clock: Clock,
  lookup: (hash: string) => Promise<ApiTokenWithUser | null> = (hash) => getApiTokenByHash(db, hash),
): Promise<ApiTokenWithUser | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await lookup(sha256Hex(secret));
  if (!token || token.revokedAt !== null) return null;
  const now = clock.now();
  if (token.lastUsedAt === null || now.getTime() - Date.parse(token.lastUsedAt) >= TOUCH_INTERVAL_MS) {
    await touchApiToken(db, token.id, now);
  }
  return token;
}
