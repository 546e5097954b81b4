// eslint-disable-next-line no-restricted-imports -- the test, not the CLI, knows the demo seed's certificates.
import { DEMO_CERTIFICATES } from '@bts-console/db';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  issueTestCertificate,
  portPath,
  storePath,
  type ApiClient,
} from '../../api/src/test-support/port-test-client';
import { startTestApp, type TestApp } from '../../api/src/test-support/test-app';
import { buildCliBundle, runCliBundle, type CliRun } from './cli-bundle';

/** Processed by BTS01 and BTS02; no certificate in the demo seed. */
const PORTS = ['SP.Shipping.Manifest.FILE', 'SP.Shipping.Alerts.SMTP'];

let app: TestApp;
let api: ApiClient;
let home: string;
let bundle: string;
let token: string;

/** Runs the real command with an administrator's API token, as a script would. */
function cli(args: string[]): Promise<CliRun> {
  const env = { ...process.env, XDG_CONFIG_HOME: home, BTS_URL: app.baseUrl, BTS_TOKEN: token };
  return runCliBundle(bundle, args, env);
}

let issued = 0;
async function importCertificate(computers: readonly string[], validFromDays = -1): Promise<string> {
  issued += 1;
  const file = issueTestCertificate({
    commonName: `CLI Partner ${issued}`,
    now: app.clock.now(),
    validFromDays,
  });
  let thumbprint = '';
  for (const computer of computers) {
    const response = await api.call('admin', 'POST', storePath(computer), { bytes: file.pem });
    expect(response.status).toBe(201);
    thumbprint = response.body.thumbprint;
  }
  return thumbprint;
}

/** Assigns the certificate to every port of PORTS through the API. */
async function assignToEveryPort(thumbprint: string): Promise<void> {
  for (const port of PORTS) {
    const etag = (await api.call('admin', 'GET', portPath(port))).headers.get('etag') ?? '';
    const assigned = await api.call('admin', 'PUT', portPath(port, '/certificate'), {
      json: { thumbprint },
      headers: { 'if-match': etag },
    });
    expect(assigned.status).toBe(200);
  }
}

async function certificateOf(port: string): Promise<string | undefined> {
  return (await api.call('admin', 'GET', portPath(port))).body.certificate?.thumbprint;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'bts-cli-lifecycle-'));
  bundle = await buildCliBundle(home);
  app = await startTestApp({ dialect: 'sqlite' });
  api = apiClient(app);
  token = await app.createToken('admin');
});

afterAll(async () => {
  await app?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('bts-console cert: not yet valid, in use, replace, replacements', () => {
  it('refuses a certificate not valid yet, naming the date, and saves it with --acknowledge-not-yet-valid', async () => {
    const thumbprint = await importCertificate(['ADMIN01', 'BTS01', 'BTS02'], 7);
    const refused = await cli(['cert', 'assign', PORTS[0]!, thumbprint]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error \[certificate-not-yet-valid\]: .*not valid until \d{4}-\d{2}-\d{2}/,
    );
    expect(refused.stderr).toContain('--acknowledge-not-yet-valid');
    expect(await certificateOf(PORTS[0]!)).toBeUndefined();

    const saved = await cli(['cert', 'assign', PORTS[0]!, thumbprint, '--acknowledge-not-yet-valid']);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('warning [certificate-not-yet-valid]');
    expect(await certificateOf(PORTS[0]!)).toBe(thumbprint);
  });

  it('cert in-use lists the certificates by days left, as a table and as JSON', async () => {
    const table = await cli(['cert', 'in-use']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ISSUED TO +THUMBPRINT +NOT AFTER +DAYS +HEALTH +PORTS +MISSING ON$/);
    expect(lines[1]).toContain(DEMO_CERTIFICATES.expired.commonName);
    expect(lines[1]).toContain('expired (red)');

    const json = await cli(['cert', 'in-use', '--health', 'expiring', '--json']);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { items: { commonName: string }[]; total: number };
    expect(list.items.map((row) => row.commonName)).toEqual([DEMO_CERTIFICATES.expiringIn10Days.commonName]);
    expect(list.total).toBe(1);
  });

  it('cert replace previews, names the acknowledgement needed, and replaces every port once acknowledged', async () => {
    const from = await importCertificate(['ADMIN01', 'BTS01', 'BTS02']);
    const to = await importCertificate(['ADMIN01', 'BTS01']);
    await assignToEveryPort(from);

    const dryRun = await cli(['cert', 'replace', from, to, '--dry-run']);
    expect(dryRun.code).toBe(1);
    expect(dryRun.stdout).toContain('Dry run: nothing was changed.');
    expect(dryRun.stdout).toContain('BTS02 (lacks it)');
    expect(dryRun.stderr).toMatch(/^error \[replacement-refused\]: 2 of 2 send ports/);

    const refused = await cli(['cert', 'replace', from, to]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error \[replacement-refused\]/m);
    for (const port of PORTS) expect(refused.stderr).toContain(`--acknowledge-missing-on ${port}=BTS02`);
    for (const port of PORTS) expect(await certificateOf(port)).toBe(from);

    const wrong = await cli(['cert', 'replace', from, to, '--acknowledge-missing-on', 'BTS02']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('PORT=SERVER[,SERVER]');

    const replaced = await cli([
      'cert',
      'replace',
      from,
      to,
      ...PORTS.flatMap((port) => ['--acknowledge-missing-on', `${port}=BTS02`]),
      '--json',
    ]);
    expect(replaced.code).toBe(0);
    const result = JSON.parse(replaced.stdout) as {
      applied: boolean;
      batchId: string;
      ports: { name: string }[];
    };
    expect(result.applied).toBe(true);
    expect(result.ports.map((port) => port.name).sort()).toEqual([...PORTS].sort());
    for (const port of PORTS) expect(await certificateOf(port)).toBe(to);
  });

  it('cert replace --port switches only the named ports of a shared certificate, and names the ports that use it', async () => {
    const from = await importCertificate(['ADMIN01', 'BTS01', 'BTS02']);
    const to = await importCertificate(['ADMIN01', 'BTS01', 'BTS02']);
    await assignToEveryPort(from);

    const unknown = await cli(['cert', 'replace', from, to, '--port', 'SP.Nowhere']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error \[send-port-not-using-certificate\]: 'SP.Nowhere' does not use/);
    for (const port of PORTS) expect(unknown.stderr).toContain(port);

    const dryRun = await cli(['cert', 'replace', from, to, '--port', PORTS[0]!.toLowerCase(), '--dry-run']);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(PORTS[0]);
    expect(dryRun.stdout).not.toContain(PORTS[1]);

    const replaced = await cli(['cert', 'replace', from, to, '--port', PORTS[0]!]);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`Replaced the certificate on 1 send port`);
    expect(await certificateOf(PORTS[0]!)).toBe(to);
    expect(await certificateOf(PORTS[1]!)).toBe(from);
  });

  it('cert replace --at not-before schedules; cert replacements lists and cancels', async () => {
    const from = await importCertificate(['ADMIN01', 'BTS01', 'BTS02']);
    const to = await importCertificate(['ADMIN01', 'BTS01', 'BTS02'], 7);
    const etag = (await api.call('admin', 'GET', portPath(PORTS[1]!))).headers.get('etag') ?? '';
    await api.call('admin', 'PUT', portPath(PORTS[1]!, '/certificate'), {
      json: { thumbprint: from },
      headers: { 'if-match': etag },
    });

    const now = await cli(['cert', 'replace', from, to]);
    expect(now.code).toBe(1);
    expect(now.stderr).toContain('--at not-before');

    const scheduled = await cli(['cert', 'replace', from, to, '--at', 'not-before']);
    expect(scheduled.code).toBe(0);
    const id = /Scheduled replacement ([0-9a-f-]{36})/.exec(scheduled.stdout)?.[1] ?? '';
    expect(id).not.toBe('');

    const pending = await cli(['cert', 'replacements', '--status', 'pending', '--json']);
    expect(pending.code).toBe(0);
    expect(
      (JSON.parse(pending.stdout) as { items: { id: string }[] }).items.map((item) => item.id),
    ).toContain(id);
    const table = await cli(['cert', 'replacements']);
    expect(table.stdout).toMatch(new RegExp(`${id} +pending`));

    const cancelled = await cli(['cert', 'replacements', '--cancel', id]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain(`Cancelled replacement ${id}`);
    const again = await cli(['cert', 'replacements', '--cancel', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error \[replacement-not-pending\]/);
    expect(await certificateOf(PORTS[1]!)).toBe(from);

    const badTime = await cli(['cert', 'replace', from, to, '--at', 'tomorrow']);
    expect(badTime.code).toBe(2);
  });
});
