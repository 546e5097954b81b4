import { getApiTokenByHash, getSession, type ApiTokenWithUser, type Session } from '@bts-console/db';
import type { Request, RequestHandler } from 'express';
import { performance } from 'node:perf_hooks';
import type { AppDependencies } from '../app-dependencies';
import { keepWhileUnchanged } from '../http/kept-while-unchanged';
import { HttpProblem } from '../http/problem';
import { resolveSession, SESSION_COOKIE } from '../session/session.service';
import { resolveApiToken } from '../tokens/tokens.service';

/** Sessions kept between changes to the database; more signed-in browsers than this only cost a read each. */
const SESSIONS_KEPT = 10_000;
/** API tokens kept likewise; more scripts at once than this only cost a read each. */
const TOKENS_KEPT = 10_000;

/** The value of one cookie; Express 5 has no cookie parser built in and we need only this one. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/** Who a request's session cookie signs in, if anyone: the session, read as every API request reads it. */
export function readSignedIn({ database, clock, config }: AppDependencies) {
  // Every request looks its session up; while the database is unchanged the stored session is too.
  const sessions = keepWhileUnchanged<Session | null>(database, SESSIONS_KEPT, async (db, idHash) => ({
    value: await getSession(db, idHash),
  }));
  return async (req: Request, receivedAt: number): Promise<Session | null> => {
    const secret = readCookie(req, SESSION_COOKIE);
    if (secret === undefined || secret.length > 200) return null;
    return resolveSession(
      database.db,
      secret,
      { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
      clock,
      (idHash) => sessions.get(database.db, idHash, clock.now(), receivedAt),
    );
  };
}

/**
 * Sets `req.auth` from `Authorization: Bearer <token>` or the session cookie. A request that
 * presents a bearer token stands or falls by it: a bad token is 401, never a silent fallback.
 */
export function authenticate(
  deps: AppDependencies,
  signedIn: ReturnType<typeof readSignedIn> = readSignedIn(deps),
): RequestHandler {
  const { database, clock } = deps;
  // Scripts call with the same token request after request: kept the same way, by the token's hash.
  const tokens = keepWhileUnchanged<ApiTokenWithUser | null>(database, TOKENS_KEPT, async (db, hash) => ({
    value: await getApiTokenByHash(db, hash),
  }));
  return async (req, _res, next) => {
    // Everything committed before this moment must be seen, on this process or any other.
    const receivedAt = performance.now();
    req.receivedAt = receivedAt;
    try {
      const authorization = req.get('authorization');
      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
        const resolved = match
          ? await resolveApiToken(database.db, match[1]!, clock, (hash) =>
              tokens.get(database.db, hash, clock.now(), receivedAt),
            )
          : null;
        if (!resolved) {
          throw new HttpProblem({
            status: 401,
            code: 'unauthenticated',
            detail:
              'The API token is unknown or revoked. Create a new one with POST /api/tokens (or bts-console login).',
            headers: { 'WWW-Authenticate': 'Bearer' },
          });
        }
        req.auth = {
          username: resolved.username,
          roles: resolved.roles,
          via: 'token',
          credentialId: String(resolved.id),
          userId: resolved.userId,
        };
        return next();
      }
      const session = await signedIn(req, receivedAt);
      if (session) {
        req.auth = {
          username: session.username,
          roles: session.roles,
          via: 'session',
          credentialId: session.idHash,
          userId: session.userId,
        };
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
