import { canChangeConfiguration, canOperate, ROLES, type Role } from '@bts-console/domain';
import type { Request } from 'express';
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
    /**
     * When the API began to handle the request (performance.now()): reads kept while the database is
     * unchanged see every change committed before it (ADR 021).
     */
    receivedAt?: number;
  }
}

/** Who may call a route: anyone (sign-in, health), any signed-in user, or the holders of a role. */
export type Access = 'anyone' | 'signed-in' | RoleAccess;

export interface RoleAccess {
  allows: (roles: readonly Role[]) => boolean;
  /** Starts the refusal, e.g. 'Assigning certificates' → "Assigning certificates requires …". */
  action: string;
}

/** Changing configuration: certificates, stores, bindings, applications, users (DESIGN §1). */
export function administrators(action: string): RoleAccess {
  return { allows: canChangeConfiguration, action };
}

/** Operating: starting and stopping ports, resuming and terminating messages (DESIGN §1). */
export function operators(action: string): RoleAccess {
  return { allows: canOperate, action };
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

/** Whether operators pass too: the two roles a route can ask for. */
function admitsOperators(access: RoleAccess): boolean {
  return access.allows([ROLES.operators]);
}

/** What the OpenAPI document says of a 403. */
export function forbiddenDescription(access: RoleAccess): string {
  return admitsOperators(access) ? 'Neither an administrator nor an operator' : 'Not an administrator';
}

/** Throws 401 when the route needs a signed-in user and there is none, 403 when the user's roles fall short. */
export function authorize(req: Request, access: Access): void {
  if (access === 'anyone') return;
  const auth = getAuth(req);
  if (access === 'signed-in' || access.allows(auth.roles)) return;
  const needed = admitsOperators(access)
    ? `the ${ROLES.administrators} or ${ROLES.operators} role`
    : `the ${ROLES.administrators} role`;
  throw new HttpProblem({
    status: 403,
    code: 'forbidden',
    detail: `${access.action} requires ${needed}; you are signed in as ${auth.username} (${auth.roles.join(', ') || 'no role'}).`,
  });
}
