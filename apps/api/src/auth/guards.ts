import { ROLES, type Role } from '@bts-console/domain';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpProblem } from '../http/problem';

/** Who made the request, and how they proved it. */
export interface RequestAuth {
  username: string;
  roles: Role[];
  via: 'session' | 'token';
  /** The id of the session or token row that authenticated the request. */
  credentialId: string;
  userId: number;
}

declare module 'express-serve-static-core' {
  interface Request {
    auth?: RequestAuth;
  }
}

function unauthenticated(): HttpProblem {
  return new HttpProblem({
    status: 401,
    code: 'unauthenticated',
    detail:
      'Sign in first: POST /api/session with your user name and password, or send an API token as Authorization: Bearer.',
  });
}

/** The signed-in user; throws 401 when the request is anonymous. */
export function getAuth(req: Request): RequestAuth {
  if (!req.auth) throw unauthenticated();
  return req.auth;
}

/** Refuses anonymous requests with 401. */
export const requireSignedIn: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  if (!req.auth) return next(unauthenticated());
  next();
};

function neededRole(check: (roles: Role[]) => boolean): string {
  if (check([ROLES.operators])) return `the ${ROLES.administrators} or ${ROLES.operators} role`;
  return `the ${ROLES.administrators} role`;
}

/**
 * Refuses with 401 when anonymous and 403 when the user's roles fail `check`.
 * `action` starts the message, e.g. 'Assigning certificates' → "Assigning certificates requires the BizTalk Server Administrators role".
 */
export function requireRole(check: (roles: Role[]) => boolean, action: string): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth) return next(unauthenticated());
    if (!check(req.auth.roles)) {
      return next(
        new HttpProblem({
          status: 403,
          code: 'forbidden',
          detail: `${action} requires ${neededRole(check)}; you are signed in as ${req.auth.username} (${req.auth.roles.join(', ') || 'no role'}).`,
        }),
      );
    }
    next();
  };
}
