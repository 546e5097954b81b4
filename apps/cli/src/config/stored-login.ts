import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `login` keeps between runs; the token is a secret, so the file is readable by its owner only. */
export interface StoredLogin {
  url: string;
  username: string;
  token: string;
  /** Lets `logout` revoke exactly this token. */
  tokenId: string;
}

export function storedLoginPath(configDir: string): string {
  return join(configDir, 'config.json');
}

/** The stored login, or undefined when there is none; a damaged file is an error that says how to fix it. */
export function readStoredLogin(configDir: string): StoredLogin | undefined {
  const path = storedLoginPath(configDir);
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`${path} is not valid JSON. Delete it and run bts-console login again.`);
  }
  const login = parsed as Partial<StoredLogin> | null;
  if (
    typeof login?.url !== 'string' ||
    typeof login.username !== 'string' ||
    typeof login.token !== 'string' ||
    typeof login.tokenId !== 'string'
  ) {
    throw new Error(
      `${path} lacks url, username, token or tokenId. Delete it and run bts-console login again.`,
    );
  }
  return { url: login.url, username: login.username, token: login.token, tokenId: login.tokenId };
}

/**
 * Writes to a temporary file created with mode 0600 and renames it over the old one, so the token is
 * never readable by others, not even for a moment, and a crash never leaves half a file.
 */
export function writeStoredLogin(configDir: string, login: StoredLogin): string {
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  chmodSync(configDir, 0o700);
  const path = storedLoginPath(configDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}

export function removeStoredLogin(configDir: string): void {
  rmSync(storedLoginPath(configDir), { force: true });
}
