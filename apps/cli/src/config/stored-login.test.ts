import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStoredLogin, removeStoredLogin, storedLoginPath, writeStoredLogin } from './stored-login';

const LOGIN = { url: 'http://localhost:8080', username: 'admin', token: 'bts_secret', tokenId: '7' };

describe('stored login', () => {
  let home: string;
  let configDir: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'bts-cli-config-'));
    configDir = join(home, 'bts-console');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('is written for its owner only (file 0600, directory 0700) and read back', () => {
    const path = writeStoredLogin(configDir, LOGIN);
    expect(path).toBe(storedLoginPath(configDir));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    expect(readStoredLogin(configDir)).toEqual(LOGIN);
  });

  it('tightens a file and directory that others could read', () => {
    mkdirSync(configDir, { mode: 0o755 });
    writeFileSync(storedLoginPath(configDir), '{}', { mode: 0o644 });
    chmodSync(storedLoginPath(configDir), 0o644);
    writeStoredLogin(configDir, LOGIN);
    expect(statSync(storedLoginPath(configDir)).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
  });

  it('is absent before login and after removal', () => {
    expect(readStoredLogin(configDir)).toBeUndefined();
    writeStoredLogin(configDir, LOGIN);
    removeStoredLogin(configDir);
    expect(readStoredLogin(configDir)).toBeUndefined();
  });

  it('says how to recover from a damaged file', () => {
    mkdirSync(configDir);
    writeFileSync(storedLoginPath(configDir), '{"url": ');
    expect(() => readStoredLogin(configDir)).toThrow(
      'is not valid JSON. Delete it and run bts-console login again.',
    );
    writeFileSync(storedLoginPath(configDir), '{"url": "http://x"}');
    expect(() => readStoredLogin(configDir)).toThrow('lacks url, username, token or tokenId');
  });
});
