import { sendPortEtag, type SendPort } from '@bts-console/domain';
import type { Request } from 'express';
import { HttpProblem } from '../http/problem';

/** The entity tags an If-Match header lists; weak tags are kept apart because If-Match never matches them. */
export interface IfMatch {
  strong: string[];
  raw: string;
}

const ENTITY_TAG = /^\s*(W\/)?("[^"]*")\s*(?:,|$)/;

/** The If-Match header of the request, or undefined when it has none. */
export function readIfMatch(req: Request): IfMatch | undefined {
  const raw = req.get('if-match');
  if (raw === undefined) return undefined;
  const strong: string[] = [];
  let rest = raw.trim();
  while (rest !== '') {
    const match = ENTITY_TAG.exec(rest);
    if (!match) break;
    if (!match[1] && match[2]) strong.push(match[2]);
    rest = rest.slice(match[0].length).trim();
  }
  return { strong, raw };
}

/**
 * A change to a port must say which version it was based on. `If-Match: *` is refused as well:
 * it would let one administrator silently overwrite another's change, which is what ETags prevent.
 */
export function requireIfMatch(req: Request, portName: string): IfMatch {
  const ifMatch = readIfMatch(req);
  if (ifMatch === undefined || ifMatch.raw.trim() === '*') {
    throw new HttpProblem({
      status: 428,
      code: 'precondition-required',
      detail: `Send the ETag of send port '${portName}' in If-Match (GET /api/send-ports/{name} returns it in the ETag header), so that a change someone else made meanwhile is not overwritten.${ifMatch ? ' If-Match: * is not accepted for this reason.' : ''}`,
    });
  }
  return ifMatch;
}

export function matchesVersion(ifMatch: IfMatch, version: number): boolean {
  return ifMatch.strong.includes(sendPortEtag(version));
}

/** 412 carrying the port as it is now, and who changed it when, so the console can show what changed. */
export function preconditionFailed(current: SendPort, ifMatch: IfMatch): HttpProblem {
  const by = current.changedBy ?? 'someone';
  const at = current.changedAt ?? 'an unknown time';
  return new HttpProblem({
    status: 412,
    code: 'precondition-failed',
    detail: `Send port '${current.name}' was modified by ${by} at ${at} after you read it (you sent If-Match ${ifMatch.raw.trim() || '(empty)'}; its ETag is now ${sendPortEtag(current.version)}). Reload it, check what changed, and make your change again.`,
    extra: { current, changedBy: current.changedBy, changedAt: current.changedAt },
    headers: { ETag: sendPortEtag(current.version) },
  });
}
