import { DEMO_CERTIFICATES, removeFromStore } from '@bts-console/db';
import { CertificatesInUseListSchema, GroupHubSchema, type CertificateInUse } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, portPath, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

const IN_USE = '/api/certificates/in-use';

describe.each(TEST_DIALECTS)('GET /api/certificates/in-use (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  async function inUse(query = ''): Promise<{ items: CertificateInUse[]; total: number }> {
    const response = await api.call('reader', 'GET', `${IN_USE}${query}`);
    expect(response.status).toBe(200);
    return CertificatesInUseListSchema.parse(response.body);
  }

  async function thumbprintOf(commonName: string): Promise<string> {
    const rows = (await inUse(`?q=${encodeURIComponent(commonName)}`)).items;
    expect(rows).toHaveLength(1);
    return rows[0]!.thumbprint;
  }

  it('lists each referenced certificate once, by days left, with health, badge, ports and missing servers', async () => {
    const list = await inUse();
    expect(list.total).toBe(3);
    expect(list.items.map((row) => [row.commonName, row.health, row.badge])).toEqual([
      [DEMO_CERTIFICATES.expired.commonName, 'expired', 'red'],
      [DEMO_CERTIFICATES.expiringIn10Days.commonName, 'expiring', 'amber'],
      [DEMO_CERTIFICATES.validEverywhere.commonName, 'valid', null],
    ]);
    const expiring = list.items[1]!;
    expect(expiring.daysLeft).toBe(10);
    expect(expiring.sendPorts).toEqual([{ name: 'SP.Invoicing.AS2', application: 'Fabrikam.Invoicing' }]);
    expect(expiring.missingOn).toEqual([]);
    expect(list.items[0]!.daysLeft).toBeLessThan(0);
    expect(response(await api.call('reader', 'GET', IN_USE)).warningDays).toEqual([30, 14, 7]);
  });

  it('pages with the total, sorts on the server by any column, and counts every certificate and problem', async () => {
    const whole = await inUse();
    const [first, second] = [await inUse('?limit=1&offset=0'), await inUse('?limit=1&offset=1')];
    expect([first.total, second.total]).toEqual([whole.total, whole.total]);
    expect([...first.items, ...second.items].map((row) => row.thumbprint)).toEqual(
      whole.items.slice(0, 2).map((row) => row.thumbprint),
    );
    const body = response(await api.call('reader', 'GET', `${IN_USE}?q=zzz-nothing`));
    expect(body).toMatchObject({ total: 0, unfilteredTotal: whole.total, problems: 2 });

    const names = (list: { items: CertificateInUse[] }) => list.items.map((row) => row.commonName);
    const ascending = names(await inUse('?sort=issuedTo&order=asc'));
    expect(ascending).toEqual(
      [...ascending].sort((a, b) => (a ?? '').toLowerCase().localeCompare((b ?? '').toLowerCase())),
    );
    expect(names(await inUse('?sort=issuedTo&order=desc'))).toEqual([...ascending].reverse());
    expect(names(await inUse('?sort=daysLeft&order=desc'))).toEqual([...names(whole)].reverse());
    expect((await api.call('reader', 'GET', `${IN_USE}?sort=nothing`)).status).toBe(422);
  });

  it('names the processing servers that lack a certificate, and filters by health and text', async () => {
    const holders = await api.call('reader', 'GET', `/api/certificates/in-use?q=zzz-nothing`);
    expect(holders.body).toMatchObject({ items: [], total: 0 });
    const store = await api.call(
      'reader',
      'GET',
      `/api/computers/ADMIN01/stores/other-people/certificates?q=${encodeURIComponent(DEMO_CERTIFICATES.missingOnBts02.commonName)}`,
    );
    const thumbprint: string = store.body.items[0].thumbprint;
    const port = 'SP.Orders.Confirmation.FILE';
    const read = await api.call('admin', 'GET', portPath(port));
    const assigned = await api.call('admin', 'PUT', portPath(port, '/certificate'), {
      json: { thumbprint, acknowledgeMissingOn: ['BTS02'] },
      headers: { 'if-match': read.headers.get('etag') ?? '' },
    });
    expect(assigned.status).toBe(200);

    const row = (await inUse(`?q=${encodeURIComponent(port.toLowerCase())}`)).items;
    expect(row.map((entry) => [entry.thumbprint, entry.health, entry.missingOn])).toEqual([
      [thumbprint, 'valid', ['BTS02']],
    ]);
    expect((await inUse('?q=bts02')).items.map((entry) => entry.thumbprint)).toEqual([thumbprint]);
    expect((await inUse('?health=expired&health=expiring')).total).toBe(2);
    expect((await inUse('?health=valid')).total).toBe(2);
    const refused = await api.call('reader', 'GET', `${IN_USE}?health=fine`);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('validation-failed');
  });

  it('pages, saying the total', async () => {
    const first = await inUse('?limit=1');
    const second = await inUse('?limit=1&offset=1');
    expect(first.total).toBe(4);
    expect(second.total).toBe(4);
    expect(first.items).toHaveLength(1);
    expect(second.items[0]!.thumbprint).not.toBe(first.items[0]!.thumbprint);
  });

  it('lists a certificate not valid yet as a problem, in In Use and on the Group Hub (DESIGN §3 d)', async () => {
    const store = await api.call(
      'reader',
      'GET',
      `/api/computers/ADMIN01/stores/other-people/certificates?q=${encodeURIComponent(DEMO_CERTIFICATES.notYetValid.commonName)}`,
    );
    const thumbprint: string = store.body.items[0].thumbprint;
    const port = 'SP.Shipping.Manifest.FILE';
    const read = await api.call('admin', 'GET', portPath(port));
    const assigned = await api.call('admin', 'PUT', portPath(port, '/certificate'), {
      json: { thumbprint, acknowledgeNotYetValid: true },
      headers: { 'if-match': read.headers.get('etag') ?? '' },
    });
    expect(assigned.status).toBe(200);
    expect((await inUse('?health=not-yet-valid')).items.map((row) => row.thumbprint)).toEqual([thumbprint]);
    const hub = GroupHubSchema.parse((await api.call('reader', 'GET', '/api/group/hub')).body);
    expect(hub.certificateProblems.find((row) => row.sendPort === port)?.problems).toEqual([
      { server: 'BTS01', problem: 'not-yet-valid' },
      { server: 'BTS02', problem: 'not-yet-valid' },
    ]);
  });

  it('shows a certificate that no store holds any more as missing, lacking on every processing server', async () => {
    const thumbprint = await thumbprintOf(DEMO_CERTIFICATES.validEverywhere.commonName);
    for (const computerName of ['ADMIN01', 'BTS01', 'BTS02']) {
      await removeFromStore(app.deps.database.db, { computerName, thumbprint });
    }
    const row = (await inUse()).items.find((entry) => entry.thumbprint === thumbprint);
    expect(row).toMatchObject({ health: 'missing', missingOn: ['BTS01', 'BTS02'] });
  });

  it('is open to every signed-in role and to no anonymous caller', async () => {
    expect((await api.call('anonymous', 'GET', IN_USE)).status).toBe(401);
    expect((await api.call('operator', 'GET', IN_USE)).status).toBe(200);
  });
});

function response(answer: { body: unknown }) {
  return CertificatesInUseListSchema.parse(answer.body);
}
