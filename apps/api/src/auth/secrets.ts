import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'btsc_';

/** A session cookie value: 32 random bytes. */
export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** An API token: prefix (so secret scanners recognize it) plus 32 random bytes. */
export function newApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Sessions and tokens are stored only as this hash, so a copy of the database grants nothing. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
