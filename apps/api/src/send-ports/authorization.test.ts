import { DEMO_CERTIFICATES } from '@bts-console/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import {
  apiClient,
  issueTestCertificate,
  portPath,
  storePath,
  type ApiClient,
  type ApiRequest,
  type Caller,
} from '../test-support/port-test-client';

/*
 * Who may call each send-port, store and certificate route (DESIGN §1, §3 f): reads for every
 * signed-in role; Enlist/Start/Stop/Unenlist for administrators and operators; certificates and
 * stores for administrators only, with a session or an API token.
 */

const CALLERS: Caller[] = ['anonymous', 'reader', 'operator', 'admin', 'admin-token'];

const everyoneSignedIn = (status: number) => ({
  anonymous: 401,
  reader: status,
  operator: status,
  admin: status,
  'admin-token': status,
});
const operatorsAndAdministrators = (status: number) => ({
  anonymous: 401,
  reader: 403,
  operator: status,
  admin: status,
  'admin-token': status,
});
const administratorsOnly = (status: number) => ({
  anonymous: 401,
  reader: 403,
  operator: 403,
  admin: status,
  'admin-token': status,
});

interface Row {
  method: string;
  path: string;
  /** Built just before each call, e.g. If-Match with the port's current ETag. */
  request?: (caller: Caller) => Promise<ApiRequest> | ApiRequest;
  expected: Record<Caller, number>;
}

describe('authorization of the send-port, store and certificate routes', () => {
  let app: TestApp;
  let api: ApiClient;
  let contoso: string;

  async function ifMatch(name: string): Promise<Record<string, string>> {
    const read = await api.call('admin', 'GET', portPath(name));
    return { 'if-match': read.headers.get('etag') ?? '' };
  }

  const rows: Row[] = [
    { method: 'GET', path: '/api/applications/Contoso.Orders/send-ports', expected: everyoneSignedIn(200) },
    { method: 'GET', path: '/api/applications/No.Such.App/send-ports', expected: everyoneSignedIn(404) },
    { method: 'GET', path: portPath('SP.Orders.AS2'), expected: everyoneSignedIn(200) },
    {
      method: 'PUT',
      path: portPath('SP.Orders.Confirmation.FILE', '/certificate'),
      // The administrator assigns; the token call finds it assigned already and changes nothing: both 200.
      request: async () => ({
        json: { thumbprint: contoso },
        headers: await ifMatch('SP.Orders.Confirmation.FILE'),
      }),
      expected: administratorsOnly(200),
    },
    {
      method: 'PUT',
      path: portPath('SP.Orders.Confirmation.FILE', '/certificate'),
      request: () => ({ json: { thumbprint: contoso } }),
      expected: administratorsOnly(428),
    },
    {
      method: 'DELETE',
      path: portPath('SP.Orders.Notify.SMTP', '/certificate'),
      request: async () => ({ headers: await ifMatch('SP.Orders.Notify.SMTP') }),
      expected: administratorsOnly(200),
    },
    // Enlisting a Started port is refused by its status: 409 proves the caller got past authorization.
    ...(['enlist', 'start'] as const).map((operation) => ({
      method: 'POST',
      path: portPath('SP.Orders.AS2', `/${operation}`),
      expected: operatorsAndAdministrators(409),
    })),
    ...(['stop', 'unenlist'] as const).map((operation) => ({
      method: 'POST',
      path: portPath('SP.Orders.Status.WCF', `/${operation}`),
      expected: operatorsAndAdministrators(409),
    })),
    { method: 'GET', path: storePath('ADMIN01'), expected: everyoneSignedIn(200) },
    { method: 'GET', path: `${storePath('BTS01')}?q=contoso`, expected: everyoneSignedIn(200) },
    {
      method: 'POST',
      path: storePath('BTS01'),
      request: (caller) => ({
        bytes: issueTestCertificate({ commonName: `Matrix ${caller}`, now: app.clock.now() }).pem,
      }),
      expected: administratorsOnly(201),
    },
    {
      method: 'POST',
      path: storePath('BTS01'),
      // Authorization is decided before the body is read: an anonymous upload over the limit gets 401.
      request: () => ({ bytes: Buffer.alloc(100 * 1024, 0x41) }),
      expected: administratorsOnly(413),
    },
    {
      method: 'DELETE',
      path: storePath('BTS01', 'AB'.repeat(20)),
      expected: administratorsOnly(404),
    },
    { method: 'GET', path: '/api/certificates/{Contoso thumbprint}', expected: everyoneSignedIn(200) },
  ];

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app);
    const found = await api.call(
      'admin',
      'GET',
      `${storePath('ADMIN01')}?q=${encodeURIComponent(DEMO_CERTIFICATES.validEverywhere.commonName)}`,
    );
    contoso = found.body.items[0].thumbprint;
    const certificateRow = rows.find((row) => row.path === '/api/certificates/{Contoso thumbprint}');
    if (certificateRow) certificateRow.path = `/api/certificates/${contoso}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(rows.map((row) => [`${row.method} ${row.path}`, row] as const))('%s', async (_label, row) => {
    const actual: Record<string, number> = {};
    for (const caller of CALLERS) {
      const request = row.request ? await row.request(caller) : {};
      actual[caller] = (await api.call(caller, row.method, row.path, request)).status;
    }
    expect(actual).toEqual(row.expected);
  });

  it('the 403 says which role the action needs', async () => {
    const response = await api.call('operator', 'PUT', portPath('SP.Orders.AS2', '/certificate'), {
      json: { thumbprint: contoso },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
    expect(response.body.detail).toContain('BizTalk Server Administrators');
  });
});
