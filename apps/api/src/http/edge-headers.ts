import type { Request, RequestHandler } from 'express';
import type { AppConfig } from '../config/env';
import { HttpProblem } from './problem';

/** Names that reach this machine only from itself, whatever DNS says. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];

/** The host name of a Host header, without port or IPv6 brackets, lower-cased. */
export function hostNameOf(host: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(host);
  const name = bracketed ? bracketed[1]! : host.replace(/:\d*$/, '');
  return name.toLowerCase().replace(/\.$/, '');
}

/** The address the request arrived at, as a Host header would name it. */
function boundAddressOf(req: Request): string | undefined {
  return req.socket.localAddress?.replace(/^::ffff:/, '').toLowerCase();
}

/**
 * The server takes its own origin from Host (the cross-site check compares Origin with it). A page on
 * another site whose name DNS points at this machine (DNS rebinding) would send its own name: only
 * BTS_PUBLIC_ORIGIN's host, loopback names and the address the request was sent to are this server.
 */
export function acceptOnlyKnownHosts(config: Pick<AppConfig, 'publicOrigin'>): RequestHandler {
  const known = new Set(LOOPBACK_HOSTS);
  if (config.publicOrigin) known.add(hostNameOf(new URL(config.publicOrigin).host));
  return (req, _res, next) => {
    const host = req.get('host');
    if (host === undefined) return next();
    const name = hostNameOf(host);
    if (known.has(name) || name === boundAddressOf(req)) return next();
    next(
      new HttpProblem({
        status: 421,
        code: 'unknown-host',
        detail: `This server does not answer for ${JSON.stringify(host)}. Use localhost, its address, or the host of BTS_PUBLIC_ORIGIN${config.publicOrigin ? ` (${config.publicOrigin})` : ', which you can set to the name users type'}.`,
      }),
    );
  };
}

/**
 * API responses hold signed-in users' data, and two carry a secret (a new token, a new password):
 * no cache may keep them. A route whose answer is worth revalidating says so itself.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
