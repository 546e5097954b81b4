import type { Request, RequestHandler } from 'express';
import type { AppDependencies } from '../app-dependencies';
import { HttpProblem } from '../http/problem';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** The origins a console page of this server can have. */
function ownOrigins(req: Request, publicOrigin: string | undefined): string[] {
  const origins: string[] = [];
  const host = req.get('host');
  if (host) origins.push(`${req.protocol}://${host}`.toLowerCase());
  if (publicOrigin) origins.push(publicOrigin.toLowerCase());
  return origins;
}

/**
 * A state-changing request that authenticates with the session cookie must come from a page of
 * this server: Origin (or, lacking it, Referer) must be our origin. A token in Authorization is
 * never sent by a browser on its own, so token requests are exempt. An anonymous request (sign-in)
 * is refused only when a browser says it comes from another site, so scripts without Origin work.
 */
export function rejectCrossSiteRequests(deps: AppDependencies): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || req.auth?.via === 'token') return next();
    const origin = req.get('origin');
    const claimed = origin !== undefined ? originOf(origin) : originOf(req.get('referer'));
    const fromUs =
      claimed !== undefined && ownOrigins(req, deps.config.publicOrigin).includes(claimed.toLowerCase());
    if (fromUs) return next();
    const stated = origin !== undefined || req.get('referer') !== undefined;
    if (!req.auth && !stated) return next();
    next(
      new HttpProblem({
        status: 403,
        code: 'cross-site-request',
        detail: claimed
          ? `This request came from ${claimed}, which is not this console; it was refused to protect your session.`
          : stated
            ? 'This request came from a page whose origin cannot be verified; it was refused to protect your session.'
            : 'This request carries neither Origin nor Referer, so it cannot be told apart from a cross-site forgery. Send it from the console, or use an API token (Authorization: Bearer).',
      }),
    );
  };
}
