import { demoPartnerCertificatePath, listAuditEntries } from '@bts-console/db';
import { CertificateDetailSchema, InstallCertificateResultSchema } from '@bts-console/domain';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  issueTestCertificate,
  portPath,
  storePath,
  type ApiClient,
} from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

/** Processed by BTS01 and BTS02 (BizTalkServerApplication). */
const BOTH_SERVERS_PORT = 'SP.Orders.Confirmation.FILE';

/** The SHA-1 fingerprint openssl reads from DER bytes: the oracle for what the script embeds. */
function opensslThumbprintOfDer(der: Buffer): string {
  const line = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-fingerprint', '-sha1'], {
    input: der,
  }).toString();
  return line.replace(/^.*=/, '').replace(/[:\s]/g, '').toUpperCase();
}

function opensslThumbprintOfPem(pemPath: string): string {
  return opensslThumbprintOfDer(execFileSync('openssl', ['x509', '-in', pemPath, '-outform', 'DER']));
}

/** What a script says: the servers it runs Invoke-Command on, and the certificate bytes it embeds. */
function readScript(script: string): { servers: string[]; der: Buffer; thumbprint: string } {
  const servers = /^\$Servers = @\((.*)\)\r$/m.exec(script)?.[1] ?? '';
  const base64 = /^\$CertificateBase64 = @\(\r\n([\s\S]*?)\r\n\) -join ''/m.exec(script)?.[1] ?? '';
  const thumbprint = /^\$Thumbprint = '([0-9A-F]{40})'\r$/m.exec(script)?.[1] ?? '';
  return {
    servers: [...servers.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? ''),
    der: Buffer.from(
      [...base64.matchAll(/'([A-Za-z0-9+/=]+)'/g)].map((match) => match[1]).join(''),
      'base64',
    ),
    thumbprint,
  };
}

describe.each(TEST_DIALECTS)('Install on missing servers (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;
  /** Tailspin's certificate: in the stores of ADMIN01 and BTS01, not BTS02. */
  let thumbprint: string;

  const installations = (value = thumbprint) => `/api/certificates/${value}/installations`;
  const script = (query = '') => `/api/certificates/${thumbprint}/installation-script.ps1${query}`;
  const detail = async () =>
    CertificateDetailSchema.parse((await api.call('reader', 'GET', `/api/certificates/${thumbprint}`)).body);
  const installs = async () =>
    (await listAuditEntries(app.deps.database.db, { action: 'store.install', limit: 1000 })).total;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
    thumbprint = opensslThumbprintOfPem(
      demoPartnerCertificatePath(app.deps.config.dataDir, 'missingOnBts02'),
    );
    // A port that BTS02 processes uses it, acknowledged: the case Install on missing servers mends.
    const port = await api.call('admin', 'GET', portPath(BOTH_SERVERS_PORT));
    const assigned = await api.call('admin', 'PUT', portPath(BOTH_SERVERS_PORT, '/certificate'), {
      json: { thumbprint, acknowledgeMissingOn: ['BTS02'] },
      headers: { 'if-match': port.headers.get('etag') ?? '' },
    });
    expect(assigned.status).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('names the processing servers that lack the certificate in its details', async () => {
    expect((await detail()).missingOnServers).toEqual(['BTS02']);
  });

  it('offers a PowerShell script that embeds the certificate and names every missing server, and only those', async () => {
    const response = await api.call('reader', 'GET', script());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="?Install-Tailspin-Toys-Encryption-[0-9A-F]{8}\.ps1"?$/,
    );
    const text = String(response.body);
    const read = readScript(text);
    expect(read.servers).toEqual(['BTS02']);
    expect(read.thumbprint).toBe(thumbprint);
    expect(opensslThumbprintOfDer(read.der)).toBe(thumbprint);
    expect(text).toContain('Invoke-Command -ComputerName $Server');
    expect(text).toContain('Cert:\\LocalMachine\\AddressBook');
    // The servers that hold it are named nowhere, not even in a comment.
    expect(text).not.toMatch(/BTS01|ADMIN01/);

    // Named explicitly, a computer that already holds it is left out.
    const named = await api.call('reader', 'GET', script('?computers=BTS01,bts02'));
    expect(readScript(String(named.body)).servers).toEqual(['BTS02']);
    const unknown = await api.call('reader', 'GET', script('?computers=BTS09'));
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'unknown-computers', computers: ['BTS09'] });
  });

  it('refuses anonymous callers and those who may not manage stores, changing nothing', async () => {
    const before = await installs();
    const anonymous = await api.call('anonymous', 'POST', installations(), {
      json: { computers: ['BTS02'] },
    });
    expect(anonymous.status).toBe(401);
    for (const caller of ['operator', 'reader'] as const) {
      const refused = await api.call(caller, 'POST', installations(), { json: { computers: ['BTS02'] } });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
    }
    expect((await detail()).missingOnServers).toEqual(['BTS02']);
    expect(await installs()).toBe(before);
  });

  it('refuses unknown computers and bad bodies with problem details, changing nothing', async () => {
    const before = await installs();
    const unknown = await api.call('admin', 'POST', installations(), {
      json: { computers: ['BTS02', 'BTS09', 'SQL01'] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({
      code: 'unknown-computers',
      computers: ['BTS09', 'SQL01'],
      known: ['ADMIN01', 'BTS01', 'BTS02'],
    });
    expect(unknown.body.detail).toContain("'BTS09', 'SQL01'");
    const empty = await api.call('admin', 'POST', installations(), { json: { computers: [] } });
    expect(empty.status).toBe(422);
    expect(empty.body.code).toBe('validation-failed');
    const notKnown = await api.call('admin', 'POST', installations('A'.repeat(40)), {
      json: { computers: ['BTS02'] },
    });
    expect(notKnown.status).toBe(404);
    const malformed = await api.call('admin', 'POST', installations('xyz'), {
      json: { computers: ['BTS02'] },
    });
    expect(malformed.body.code).toBe('invalid-thumbprint');
    expect((await detail()).missingOnServers).toEqual(['BTS02']);
    expect(await installs()).toBe(before);
  });

  it('copies the certificate into the missing server’s store, audited; again it changes nothing', async () => {
    const before = await installs();
    const first = await api.call('admin', 'POST', installations(), {
      json: { computers: ['bts02', 'BTS01'] },
    });
    expect(first.status).toBe(201);
    expect(InstallCertificateResultSchema.parse(first.body)).toEqual({
      thumbprint,
      outcome: 'installed',
      copiedFrom: 'ADMIN01',
      computers: [
        { computer: 'BTS02', outcome: 'installed' },
        { computer: 'BTS01', outcome: 'unchanged' },
      ],
    });
    const after = await detail();
    expect(after.missingOnServers).toEqual([]);
    expect(after.presence.find((entry) => entry.computer === 'BTS02')).toMatchObject({
      present: true,
      friendlyName: 'Tailspin Toys orders',
    });
    const audit = await listAuditEntries(app.deps.database.db, { action: 'store.install', limit: 1000 });
    expect(audit.total).toBe(before + 1);
    expect(audit.items[0]).toMatchObject({
      username: 'admin',
      target: thumbprint,
      after: { computer: 'BTS02', store: 'Other People', copiedFrom: 'ADMIN01' },
    });
    // The store lists it as any import would.
    const listed = await api.call('reader', 'GET', `${storePath('BTS02')}?q=${thumbprint}`);
    expect(listed.body.total).toBe(1);

    const again = await api.call('admin', 'POST', installations(), { json: { computers: ['BTS02'] } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      thumbprint,
      outcome: 'unchanged',
      copiedFrom: null,
      computers: [{ computer: 'BTS02', outcome: 'unchanged' }],
    });
    expect(await installs()).toBe(before + 1);

    // Nothing is missing any more: the script names no server.
    expect(readScript(String((await api.call('reader', 'GET', script())).body)).servers).toEqual([]);
  });

  it('refuses a certificate that no store holds any more: there is nothing to copy from', async () => {
    const { der } = issueTestCertificate({ commonName: 'Removed Everywhere', now: app.clock.now() });
    const imported = await api.call('admin', 'POST', storePath('ADMIN01'), { bytes: der });
    expect(imported.status).toBe(201);
    const removedThumbprint: string = imported.body.thumbprint;
    expect((await api.call('admin', 'DELETE', storePath('ADMIN01', removedThumbprint))).status).toBe(204);
    const before = await installs();
    const refused = await api.call('admin', 'POST', installations(removedThumbprint), {
      json: { computers: ['BTS01'] },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'certificate-in-no-store' });
    expect(refused.body.detail).toContain('Removed Everywhere');
    expect(await installs()).toBe(before);
  });
});
