import type { Command } from 'commander';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgram, runCli } from './program';
import type { Terminal } from './terminal';

function capturedTerminal(): Terminal & { out(): string; err(): string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: new PassThrough(),
    out: () => stdout,
    err: () => stderr,
  };
}

const OFFLINE = { url: undefined, token: undefined, configDir: '/nonexistent/bts-console' };

async function run(...argv: string[]) {
  const terminal = capturedTerminal();
  const code = await runCli(argv, OFFLINE, terminal);
  return { code, stdout: terminal.out(), stderr: terminal.err() };
}

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands
    .filter((child) => child.name() !== 'help')
    .flatMap((child) => {
      const path = [...prefix, child.name()];
      return [path, ...commandPaths(child, path)];
    });
}

describe('thumbprint normalize', () => {
  it('prints the canonical, display and colon forms and names what was removed', async () => {
    const result = await run(
      'thumbprint',
      'normalize',
      '\u200E1a 2b 3c 4d 5e 6f 7a 8b 9c 0d 1e 2f 3a 4b 5c 6d 7e 8f 9a 0b',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Canonical: 1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B');
    expect(result.stdout).toContain('Display:   1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D 7E8F 9A0B');
    expect(result.stdout).toContain('Colons:    1A:2B:3C:4D:5E:6F:7A:8B:9C:0D:1E:2F:3A:4B:5C:6D:7E:8F:9A:0B');
    expect(result.stdout).toContain('1 invisible character: U+200E LEFT-TO-RIGHT MARK');
    expect(result.stdout).toContain('19 separators');
  });

  it("accepts openssl's output line and says the prefix was removed", async () => {
    const result = await run(
      'thumbprint',
      'normalize',
      'SHA1 Fingerprint=1A:2B:3C:4D:5E:6F:7A:8B:9C:0D:1E:2F:3A:4B:5C:6D:7E:8F:9A:0B',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("the 'SHA1 Fingerprint=' prefix");
  });

  it('prints JSON with --json, before or after the command', async () => {
    for (const argv of [
      ['--json', 'thumbprint', 'normalize', '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b'],
      ['thumbprint', 'normalize', '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b', '--json'],
    ]) {
      const result = await run(...argv);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        ok: true,
        thumbprint: '1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B',
        colons: '1A:2B:3C:4D:5E:6F:7A:8B:9C:0D:1E:2F:3A:4B:5C:6D:7E:8F:9A:0B',
      });
    }
  });

  it.each([
    ['1A2B3C4D5E6F7A8B9C0G1E2F3A4B5C6D7E8F9A0B', "'G' at position 20 is not a hexadecimal digit"],
    ['1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0', 'A thumbprint has 40 hexadecimal digits; this has 39'],
    ['0'.repeat(64), 'This is a SHA-256 fingerprint'],
    ['   ', 'Enter a thumbprint'],
  ])('refuses %j with exit code 1 and the reason', async (value, message) => {
    const result = await run('thumbprint', 'normalize', value);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`error [invalid-thumbprint]: ${message}`);
  });
});

describe('usage errors exit with code 2', () => {
  it.each([
    [['no-such-command'], "error: unknown command 'no-such-command'"],
    [['cert', 'assign', 'SP.Orders.AS2'], "error: missing required argument 'thumbprint'"],
    [['send-ports', 'list'], "error: required option '--app <app>' not specified"],
    [['thumbprint', 'normalize', 'x', '--no-such-option'], "error: unknown option '--no-such-option'"],
    [['users', 'add', 'jdoe', '--role', 'superusers'], 'Use administrators, operators or readers'],
    [['cert'], 'Usage: bts-console cert [options] [command]'],
    [['login', '--username', 'admin'], "required option '--url <url>' not specified (or set BTS_URL)"],
  ])('%j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('asks for --password-stdin instead of prompting when stdin is not a terminal', async () => {
    const result = await run('login', '--url', 'http://127.0.0.1:9', '--username', 'admin');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--password-stdin');
  });

  it('refuses a server address that is not http or https', async () => {
    const result = await run('login', '--url', 'ftp://example', '--username', 'admin', '--password-stdin');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not an http or https URL');
  });
});

describe('without a stored login', () => {
  it('says how to sign in and exits with code 1', async () => {
    const result = await run('applications', 'list');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Not signed in. Run bts-console login');
  });
});

describe('help', () => {
  const paths = commandPaths(createProgram(OFFLINE, capturedTerminal()));

  it('covers every command group of the issue', () => {
    expect(paths.map((path) => path.join(' '))).toEqual(
      expect.arrayContaining([
        'login',
        'logout',
        'whoami',
        'applications list',
        'applications create',
        'send-ports list',
        'send-ports show',
        'send-ports start',
        'send-ports stop',
        'send-ports enlist',
        'send-ports unenlist',
        'cert assign',
        'cert remove',
        'store list',
        'store import',
        'store remove',
        'store install',
        'alerts list',
        'bindings export',
        'bindings import',
        'thumbprint normalize',
        'audit list',
        'audit verify',
        'users add',
        'users reset-password',
      ]),
    );
  });

  it.each(paths.map((path) => [path.join(' '), path]))(
    '%s --help shows an example and exits 0',
    async (_name, path) => {
      const result = await run(...path, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Example:\\n  \\$ bts-console ${path[0]}`));
    },
  );
});
