import { getUserByName, markSignInAttemptSucceeded, withTransaction } from '@bts-console/db';
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  SessionResponseSchema,
  SignInRequestSchema,
  type SessionResponse,
} from '@bts-console/domain';
import { Router, type CookieOptions, type Request, type Response } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { recordAudit } from '../audit/audit.service';
import { readCookie } from '../auth/authenticate';
import { getAuth } from '../auth/guards';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords';
import { HttpProblem } from '../http/problem';
import { defineRoute, jsonBody } from '../http/route';
import { endSession, SESSION_COOKIE, startSession } from './session.service';
import { admitSignInAttempt } from './sign-in-throttle';

const WRONG_CREDENTIALS =
  'The user name or password is incorrect. Check them and try again; after 5 failures sign-in is paused for 15 minutes.';

export function createSessionRouter({ database, clock, config }: AppDependencies): Router {
  const expiryWarningDays = [...(config.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS)];
  const router = Router();

  function cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: req.secure || config.secureCookies, path: '/' };
  }

  function clearCookie(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
  }

  defineRoute(
    router,
    {
      method: 'post',
      path: '/api/session',
      summary: 'Sign in',
      description:
        'Sets the session cookie (HttpOnly, SameSite=Strict). Five failures for one user name, or twenty from one address, within 15 minutes answer 429 with Retry-After.',
      tags: ['Session'],
      access: 'anyone',
      body: jsonBody(SignInRequestSchema),
      responses: {
        200: { description: 'Signed in; the cookie is set', schema: SessionResponseSchema },
        401: 'Wrong user name or password',
        422: 'User name or password missing',
        429: 'Too many failed sign-ins; see Retry-After',
      },
    },
    async ({ body: { username, password }, actor, req, res }) => {
      const admission = await admitSignInAttempt(
        database.db,
        { username, clientAddress: actor.clientAddress },
        clock,
      );
      if (!admission.admitted) {
        const { retryAfterSeconds, reason } = admission;
        const minutes = Math.ceil(retryAfterSeconds / 60);
        throw new HttpProblem({
          status: 429,
          code: 'too-many-attempts',
          detail:
            reason === 'user'
              ? `Too many failed sign-ins for this user name. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an administrator to reset the password.`
              : `Too many failed sign-ins from your address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          headers: { 'Retry-After': String(retryAfterSeconds) },
        });
      }

      const user = await getUserByName(database.db, username);
      // Verify against a dummy hash for unknown users, so the answer takes as long either way.
      const matches = await verifyPassword(
        password,
        user?.passwordHash ?? (await dummyPasswordHash(config.passwordHashCost)),
      );
      if (!user || !matches) {
        // The attempt is already recorded as failed.
        // Nobody is signed in yet: the entry names the user name that was tried.
        await recordAudit(
          database.db,
          { ...actor, username },
          { action: 'session.sign-in-failed', targetType: 'user', target: username },
          clock,
        );
        throw new HttpProblem({ status: 401, code: 'unauthenticated', detail: WRONG_CREDENTIALS });
      }

      const previous = readCookie(req, SESSION_COOKIE);
      const session = await withTransaction(database.db, async (trx) => {
        // A new session id at every sign-in: a cookie planted before sign-in is worth nothing after.
        if (previous !== undefined) await endSession(trx, previous);
        await markSignInAttemptSucceeded(trx, admission.attemptId);
        const started = await startSession(trx, user.id, actor.clientAddress, clock);
        await recordAudit(
          trx,
          { ...actor, username: user.username },
          { action: 'session.sign-in', targetType: 'user', target: user.username },
          clock,
        );
        return started;
      });
      res.cookie(SESSION_COOKIE, session.secret, cookieOptions(req));
      const body: SessionResponse = { user: user.username, roles: user.roles, expiryWarningDays };
      res.json(body);
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/api/session',
      summary: 'Who am I',
      tags: ['Session'],
      access: 'signed-in',
      responses: {
        200: { description: 'The signed-in user and roles', schema: SessionResponseSchema },
        401: 'Not signed in, or the session expired',
      },
    },
    ({ req, res }) => {
      const auth = getAuth(req);
      const body: SessionResponse = { user: auth.username, roles: auth.roles, expiryWarningDays };
      res.json(body);
    },
  );

  defineRoute(
    router,
    {
      method: 'delete',
      path: '/api/session',
      summary: 'Sign out',
      tags: ['Session'],
      access: 'signed-in',
      responses: { 204: 'Signed out; the cookie is cleared' },
    },
    async ({ actor, req, res }) => {
      const auth = getAuth(req);
      if (auth.via === 'session') {
        const secret = readCookie(req, SESSION_COOKIE);
        await withTransaction(database.db, async (trx) => {
          if (secret !== undefined) await endSession(trx, secret);
          await recordAudit(
            trx,
            actor,
            { action: 'session.sign-out', targetType: 'user', target: auth.username },
            clock,
          );
        });
      }
      clearCookie(req, res);
      res.status(204).end();
    },
  );

  return router;
}
