// eslint-disable-next-line no-restricted-imports -- the test, not the CLI, knows the demo seed's certificates.
import { DEMO_CERTIFICATES } from '@bts-console/db';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORDS, type TestApp } from '../../api/src/test-support/test-app';
import { buildCliBundle, runCliBundle, type CliRun } from './cli-bundle';

/** Processed by BizTalkServerApplication, so by BTS01 and BTS02; it has no certificate in the demo seed. */
const PORT = 'SP.Orders.Confirmation.FILE';

let app: TestApp;
let home: string;
let configDir: string;
let bundle: string;

/** Runs the real command, as a person would, with its own configuration directory. */
function cli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, XDG_CONFIG_HOME: home, ...options.env };
  if (!options.env?.BTS_URL) delete env.BTS_URL;
  if (!options.env?.BTS_TOKEN) delete env.BTS_TOKEN;
  return runCliBundle(bundle, args, env, options.stdin);
}

async function thumbprintOf(commonName: string): Promise<string> {
  const listed = await cli(['store', 'list', 'ADMIN01', '--search', commonName, '--json']);
  expect(listed.code).toBe(0);
  const found = (
    JSON.parse(listed.stdout) as { items: { subjectCommonName: string; thumbprint: string }[] }
  ).items.find((certificate) => certificate.subjectCommonName === commonName);
  if (!found) throw new Error(`${commonName} is not in ADMIN01's Other People store`);
  return found.thumbprint;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'bts-cli-test-'));
  configDir = join(home, 'bts-console');
  bundle = await buildCliBundle(home);
  app = await startTestApp({ dialect: 'sqlite' });
});

afterAll(async () => {
  await app?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('bts-console against a running server', () => {
  let token = '';

  it('logs in with --password-stdin and keeps the token readable by its owner only', async () => {
    const result = await cli(['login', '--url', app.baseUrl, '--username', 'admin', '--password-stdin'], {
      stdin: `${TEST_PASSWORDS.admin}\n`,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Signed in to ${app.baseUrl} as admin (BizTalk Server Administrators)`);

    const configFile = join(configDir, 'config.json');
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(configFile, 'utf8')) as {
      url: string;
      username: string;
      token: string;
    };
    expect(stored).toMatchObject({ url: app.baseUrl, username: 'admin' });
    token = stored.token;
    expect(token).not.toBe('');
  });

  it('logging in again replaces the stored token and revokes the old one', async () => {
    const again = await cli(['login', '--url', app.baseUrl, '--username', 'admin', '--password-stdin'], {
      stdin: TEST_PASSWORDS.admin,
    });
    expect(again.code).toBe(0);
    const { token: replacement } = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as {
      token: string;
    };
    expect(replacement).not.toBe(token);

    const withOld = await cli(['whoami'], { env: { BTS_URL: app.baseUrl, BTS_TOKEN: token } });
    expect(withOld.code).toBe(1);
    expect(withOld.stderr).toMatch(/^error \[unauthenticated\]: /);
    token = replacement;
  });

  it('refuses a wrong password with the API’s message', async () => {
    const result = await cli(['login', '--url', app.baseUrl, '--username', 'reader', '--password-stdin'], {
      stdin: 'not-the-password',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error \[[a-z-]+\]: /);
  });

  it('whoami names the user and role, and --json prints the API’s JSON', async () => {
    const readable = await cli(['whoami']);
    expect(readable.code).toBe(0);
    expect(readable.stdout).toBe(`admin (BizTalk Server Administrators) on ${app.baseUrl}\n`);

    const json = await cli(['whoami', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      user: 'admin',
      roles: ['BizTalk Server Administrators'],
      expiryWarningDays: [30, 14, 7],
    });
  });

  it('assigns a certificate pasted with an invisible mark and spaces to a demo port', async () => {
    const thumbprint = await thumbprintOf(DEMO_CERTIFICATES.validEverywhere.commonName);
    const pasted = `\u200E${thumbprint.toLowerCase().replace(/(.{4})(?!$)/g, '$1 ')}`;
    const result = await cli(['cert', 'assign', PORT, pasted]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: Removed 1 invisible character: U+200E LEFT-TO-RIGHT MARK');
    expect(result.stdout).toContain(`Assigned ${DEMO_CERTIFICATES.validEverywhere.commonName}`);

    const shown = await cli(['send-ports', 'show', PORT, '--json']);
    expect(shown.code).toBe(0);
    const port = JSON.parse(shown.stdout) as {
      certificate: { thumbprint: string };
      processingServers: unknown[];
    };
    expect(port.certificate.thumbprint).toBe(thumbprint);
    expect(port.processingServers).toEqual([
      expect.objectContaining({ name: 'BTS01', certificatePresent: true }),
      expect.objectContaining({ name: 'BTS02', certificatePresent: true }),
    ]);
  });

  it('lists send ports as an aligned table and as JSON', async () => {
    const table = await cli(['send-ports', 'list', '--app', 'Contoso.Orders']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS +NAME +TRANSPORT TYPE +SEND HANDLER +ENCRYPTION CERTIFICATE +URI$/);
    const row = lines.find((line) => line.includes(PORT)) ?? '';
    expect(row.indexOf(PORT)).toBe(lines[0]?.indexOf('NAME'));
    expect(row).toContain(DEMO_CERTIFICATES.validEverywhere.commonName);

    const json = await cli(['send-ports', 'list', '--app', 'Contoso.Orders', '--json']);
    const names = (JSON.parse(json.stdout) as { items: { name: string }[] }).items.map((port) => port.name);
    expect(names).toContain(PORT);
  });

  it('exits 1 with the API’s code and message when the certificate has expired, and changes nothing', async () => {
    const thumbprint = await thumbprintOf(DEMO_CERTIFICATES.expired.commonName);
    const result = await cli(['cert', 'assign', PORT, thumbprint]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error \[certificate-expired\]: .+/);

    const shown = await cli(['send-ports', 'show', PORT]);
    expect(shown.stdout).toContain(DEMO_CERTIFICATES.validEverywhere.commonName);
  });

  it('names the servers that lack the certificate, and saves once they are acknowledged, with a warning', async () => {
    const thumbprint = await thumbprintOf(DEMO_CERTIFICATES.missingOnBts02.commonName);
    const refused = await cli(['cert', 'assign', PORT, thumbprint]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error \[certificate-missing-on-servers\]: .*BTS02/);
    expect(refused.stderr).toContain('--acknowledge-missing-on BTS02');
    // Only in the CLI's terms: not the API's request field.
    expect(refused.stderr).not.toContain('acknowledgeMissingOn');

    const saved = await cli([
      'cert',
      'assign',
      PORT,
      thumbprint,
      '--acknowledge-missing-on',
      'BTS02',
      '--json',
    ]);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('warning [missing-on-servers-acknowledged]');
    const port = JSON.parse(saved.stdout) as {
      certificate: { thumbprint: string };
      warnings: { code: string }[];
    };
    expect(port.certificate.thumbprint).toBe(thumbprint);
    expect(port.warnings.map((warning) => warning.code)).toContain('missing-on-servers-acknowledged');
  });

  it('imports certificate files one line each, and exits 1 when one of them fails', async () => {
    const pem = join(home, 'partner.pem');
    const notACertificate = join(home, 'notes.txt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(home, 'partner.key'),
        '-subj',
        '/CN=CLI Import Partner',
        '-days',
        '365',
        '-out',
        pem,
      ],
      { stdio: 'ignore' },
    );
    writeFileSync(notACertificate, 'these are not the bytes of a certificate');
    const fingerprint = execFileSync('openssl', ['x509', '-in', pem, '-noout', '-fingerprint', '-sha1'], {
      encoding: 'utf8',
    });

    const result = await cli([
      'store',
      'import',
      'BTS02',
      pem,
      notACertificate,
      '--friendly-name',
      'CLI test',
    ]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^imported {2}partner\.pem: CLI Import Partner/);
    expect(lines[1]).toMatch(/^failed {4}notes\.txt: error \[[a-z-]+\]: /);

    const normalized = await cli(['thumbprint', 'normalize', fingerprint.trim(), '--json']);
    const { thumbprint } = JSON.parse(normalized.stdout) as { thumbprint: string };
    const listed = await cli(['store', 'list', 'BTS02', '--search', 'CLI Import Partner', '--json']);
    expect(
      (JSON.parse(listed.stdout) as { items: { thumbprint: string }[] }).items.map((c) => c.thumbprint),
    ).toEqual([thumbprint]);
  });

  it('records the assignments in the audit log, whose chain verifies', async () => {
    const listed = await cli(['audit', 'list', '--target', PORT, '--action', 'certificate.assign', '--json']);
    expect(listed.code).toBe(0);
    const entries = (JSON.parse(listed.stdout) as { items: { user: string; action: string }[] }).items;
    expect(entries).toHaveLength(2);
    expect(entries.every((entry) => entry.user === 'admin' && entry.action === 'certificate.assign')).toBe(
      true,
    );

    const verified = await cli(['audit', 'verify']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('The audit log is intact');
  });

  it('round-trips bindings: an exported file imports with nothing changed; an expired certificate is refused', async () => {
    const file = join(home, 'Fabrikam.Invoicing.BindingInfo.xml');
    const exported = await cli(['bindings', 'export', 'Fabrikam.Invoicing', '-o', file]);
    expect(exported.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<BindingInfo');
    expect(existsSync(`${file}.partial`)).toBe(false);
    const toStdout = await cli(['bindings', 'export', 'Fabrikam.Invoicing']);
    expect(toStdout.stdout.replace(/<Timestamp>[^<]*</, '')).toBe(xml.replace(/<Timestamp>[^<]*</, ''));
    const unwritable = join(home, 'no-such-folder', 'Fabrikam.Invoicing.BindingInfo.xml');
    const failed = await cli(['bindings', 'export', 'Fabrikam.Invoicing', '-o', unwritable]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('did not complete');
    expect(existsSync(unwritable)).toBe(false);

    const imported = await cli(['bindings', 'import', 'Fabrikam.Invoicing', file, '--json']);
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as Record<string, unknown[]>;
    expect(report).toMatchObject({ created: [], updated: [], refused: [] });
    expect(report.unchanged?.length).toBeGreaterThan(0);

    const expired = await thumbprintOf(DEMO_CERTIFICATES.expired.commonName);
    const broken = join(home, 'broken.BindingInfo.xml');
    writeFileSync(broken, xml.replace(/ThumbPrint="[0-9A-F]{40}"/, `ThumbPrint="${expired}"`));
    const refused = await cli(['bindings', 'import', 'Fabrikam.Invoicing', broken, '--dry-run']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/\[certificate-expired\]/);
    expect(refused.stderr).toMatch(/^error \[bindings-refused\]: /);
  });

  it("imports bindings confirmed by the dry run's fingerprint, acknowledging missing servers per port", async () => {
    const file = join(home, 'Fabrikam.Invoicing.acknowledged.BindingInfo.xml');
    expect((await cli(['bindings', 'export', 'Fabrikam.Invoicing', '-o', file])).code).toBe(0);
    const missingOnBts02 = await thumbprintOf(DEMO_CERTIFICATES.missingOnBts02.commonName);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/ThumbPrint="[0-9A-F]{40}"/, `ThumbPrint="${missingOnBts02}"`),
    );

    const refused = await cli(['bindings', 'import', 'Fabrikam.Invoicing', file, '--dry-run', '--json']);
    expect(refused.code).toBe(1);
    // Refused, the answer is the problem, which carries the report.
    const problem = JSON.parse(refused.stdout) as {
      report: { refused: { sendPort: string; code: string }[] };
    };
    const [port] = problem.report.refused;
    expect(port?.code).toBe('certificate-missing-on-servers');
    const sendPort = port!.sendPort;
    const acknowledged = ['--acknowledge-missing-on-port', `${sendPort}=BTS02`];

    const badValue = await cli([
      'bindings',
      'import',
      'Fabrikam.Invoicing',
      file,
      '--acknowledge-missing-on-port',
      'BTS02',
    ]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('--acknowledge-missing-on-port takes PORT=SERVER[,SERVER]');

    const dryRun = await cli([
      'bindings',
      'import',
      'Fabrikam.Invoicing',
      file,
      '--dry-run',
      ...acknowledged,
    ]);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(`Updated:     1 (${sendPort} [`);
    const fingerprint = /^Fingerprint: (\S+) /m.exec(dryRun.stdout)?.[1] ?? '';
    expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    // The port changes after the dry run: the confirmed import refuses and shows what it would do now.
    expect((await cli(['cert', 'remove', sendPort])).code).toBe(0);
    const stale = await cli([
      'bindings',
      'import',
      'Fabrikam.Invoicing',
      file,
      ...acknowledged,
      '--if-match',
      fingerprint,
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^error \[precondition-failed\]: /);
    const fresh = /--if-match (\S+)/.exec(stale.stderr)?.[1] ?? '';
    expect(fresh).not.toBe('');
    expect(fresh).not.toBe(fingerprint);
    expect(stale.stdout).toContain(`Fingerprint: ${fresh} `);
    const unchanged = await cli(['send-ports', 'show', sendPort, '--json']);
    expect(JSON.parse(unchanged.stdout)).toMatchObject({ certificate: null });

    const applied = await cli([
      'bindings',
      'import',
      'Fabrikam.Invoicing',
      file,
      ...acknowledged,
      '--if-match',
      fresh,
    ]);
    expect(applied.code).toBe(0);
    const after = await cli(['send-ports', 'show', sendPort, '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ certificate: { thumbprint: missingOnBts02 } });
  });

  it('adds an operator who can stop a port but not assign a certificate', async () => {
    const added = await cli(['users', 'add', 'jdoe', '--role', 'operators', '--json']);
    expect(added.code).toBe(0);
    const user = JSON.parse(added.stdout) as { username: string; roles: string[]; password: string };
    expect(user).toMatchObject({ username: 'jdoe', roles: ['BizTalk Server Operators'] });

    const operatorHome = mkdtempSync(join(tmpdir(), 'bts-cli-operator-'));
    try {
      const asOperator = (args: string[], stdin?: string) =>
        cli(args, { env: { XDG_CONFIG_HOME: operatorHome }, ...(stdin === undefined ? {} : { stdin }) });
      const login = await asOperator(
        ['login', '--url', app.baseUrl, '--username', 'jdoe', '--password-stdin'],
        user.password,
      );
      expect(login.code).toBe(0);

      const stopped = await asOperator(['send-ports', 'stop', PORT]);
      expect(stopped.stderr).toBe('');
      expect(stopped.stdout).toBe(`Send port '${PORT}' is now Stopped.\n`);

      const refused = await asOperator(['cert', 'remove', PORT]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error \[forbidden\]: .*BizTalk Server Administrators/);

      // An operator starts and stops a whole application: each of its send ports.
      const started = await asOperator(['applications', 'start', 'Northwind.Shipping']);
      expect(started.code).toBe(0);
      expect(started.stdout).toMatch(/-> Started\n/);
      expect(started.stdout).toMatch(/^Started application 'Northwind\.Shipping': \d+ send ports? changed/m);
      const stoppedAll = await asOperator(['applications', 'stop', 'Northwind.Shipping', '--json']);
      expect(stoppedAll.code).toBe(0);
      const result = JSON.parse(stoppedAll.stdout) as { changed: { after: string }[]; unchanged: string[] };
      expect(result.changed.length).toBeGreaterThan(0);
      expect(result.changed.every((port) => port.after === 'Stopped')).toBe(true);
    } finally {
      rmSync(operatorHome, { recursive: true, force: true });
    }
  });

  it('logs out: the token is revoked and a later call with it exits 1', async () => {
    const result = await cli(['logout']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('the API token is revoked');
    expect(() => statSync(join(configDir, 'config.json'))).toThrow();

    const after = await cli(['whoami'], { env: { BTS_URL: app.baseUrl, BTS_TOKEN: token } });
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/^error \[unauthenticated\]: /);
  });
});
