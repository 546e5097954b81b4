import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../bin/bts-console.mjs', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'bts-cli-bin-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function cli(...args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, XDG_CONFIG_HOME: home };
  delete env.BTS_URL;
  delete env.BTS_TOKEN;
  const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the bts-console command, offline', () => {
  it('normalizes a thumbprint without a server and exits 0', () => {
    const result = cli(
      'thumbprint',
      'normalize',
      '1a:2b:3c:4d:5e:6f:7a:8b:9c:0d:1e:2f:3a:4b:5c:6d:7e:8f:9a:0b',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Display:   1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D 7E8F 9A0B');
  });

  it('exits 1 with the reason when the thumbprint is refused', () => {
    const result = cli('thumbprint', 'normalize', 'SHA256 Fingerprint=00');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error [invalid-thumbprint]: This is a SHA-256 fingerprint');
  });

  it('exits 2 on a usage error', () => {
    const result = cli('send-ports', 'show');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: missing required argument 'name'");
  });

  it('exits 1 and says how to sign in when there is no login', () => {
    const result = cli('whoami');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Not signed in');
  });
});
