import type { Role } from '@bts-console/domain';
import type { Request } from 'express';

/** Who acts, as services and the audit log know them: the HTTP edge makes one from the request. */
export interface Actor {
  username: string;
  roles: readonly Role[];
  /** The client address as the audit log records it (`BTS_TRUST_PROXY` decides whom to believe). */
  clientAddress: string;
}

/** The actor of a request: the signed-in user, or `anonymous` (a sign-in attempt) with no role. */
export function actorOf(req: Request): Actor {
  return {
    username: req.auth?.username ?? 'anonymous',
    roles: req.auth?.roles ?? [],
    clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  };
}
