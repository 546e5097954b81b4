import { setHostInstanceState } from '@bts-console/db';
import { fixedClock, type SendPort } from '@bts-console/domain';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DIALECTS, TEST_START_TIME, type TestApp } from '../test-support/test-app';
import { apiClient, portPath, type ApiClient } from '../test-support/port-test-client';

/*
 * A send port's read may be answered from what the process read before, but only while nothing that
 * it shows has changed: whoever changed it (this process, another one, a direct write) and whenever
 * time alone changes it (a certificate expires).
 */
describe.each(TEST_DIALECTS)('reading a send port never shows a stale port (%s)', (dialect) => {
  const DAY_MS = 86_400_000;
  const clock = fixedClock(TEST_START_TIME);
  let app: TestApp;
  let other: TestApp;
  let api: ApiClient;
  let otherApi: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({ dialect, clock });
    // A second API process on the same database, as behind a load balancer.
    other = await startTestApp({ shareDatabaseOf: app });
    api = apiClient(app);
    otherApi = apiClient(other);
  });
  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  async function read(client: ApiClient, name: string): Promise<{ port: SendPort; etag: string }> {
    // Twice, so the second answer is the one the process may have kept.
    await client.call('reader', 'GET', portPath(name));
    const response = await client.call('reader', 'GET', portPath(name));
    expect(response.status).toBe(200);
    return { port: response.body as SendPort, etag: response.headers.get('etag') ?? '' };
  }

  it('shows a certificate assigned through this process at once, with the new ETag', async () => {
    const thumbprint = (await read(api, 'SP.Orders.AS2')).port.certificate?.thumbprint;
    const before = await read(api, 'SP.Orders.Confirmation.FILE');
    expect(before.port.certificate).toBeNull();
    const assigned = await api.call('admin', 'PUT', portPath('SP.Orders.Confirmation.FILE', '/certificate'), {
      json: { thumbprint },
      headers: { 'if-match': before.etag },
    });
    expect(assigned.status).toBe(200);
    const after = await read(api, 'SP.Orders.Confirmation.FILE');
    expect(after.port.certificate?.thumbprint).toBe(thumbprint);
    expect(after.port.processingServers.every((server) => server.certificatePresent)).toBe(true);
    expect(after.port.version).toBe(before.port.version + 1);
    expect(after.etag).toBe(assigned.headers.get('etag'));
    expect(after.etag).not.toBe(before.etag);
  });

  it('shows a change made by another API process on the same database', async () => {
    const before = await read(api, 'SP.Orders.AS2');
    expect(before.port.certificate).not.toBeNull();
    const removed = await otherApi.call('admin', 'DELETE', portPath('SP.Orders.AS2', '/certificate'), {
      headers: { 'if-match': before.etag },
    });
    expect(removed.status).toBe(200);
    const after = await read(api, 'SP.Orders.AS2');
    expect(after.port.certificate).toBeNull();
    expect(after.port.changedBy).toBe('admin');
    expect(after.etag).toBe(removed.headers.get('etag'));
  });

  it('shows a change written straight into the database', async () => {
    const before = await read(api, 'SP.Invoicing.AS2');
    expect(before.port.processingServers.map((server) => server.hostInstanceState)).toEqual([
      'Running',
      'Running',
    ]);
    await setHostInstanceState(other.deps.database.db, {
      hostName: 'BizTalkServerApplication',
      computerName: 'BTS02',
      state: 'Stopped',
    });
    const after = await read(api, 'SP.Invoicing.AS2');
    expect(after.port.processingServers).toEqual([
      expect.objectContaining({ name: 'BTS01', hostInstanceState: 'Running' }),
      expect.objectContaining({ name: 'BTS02', hostInstanceState: 'Stopped' }),
    ]);
    await setHostInstanceState(app.deps.database.db, {
      hostName: 'BizTalkServerApplication',
      computerName: 'BTS02',
      state: 'Running',
    });
    expect((await read(api, 'SP.Invoicing.AS2')).port.processingServers[1]?.hostInstanceState).toBe(
      'Running',
    );
  });

  it('answers a revalidation with the port as it is, though its ETag (its version) is the same', async () => {
    // The browser revalidates with If-None-Match; a stopped host instance changes what the port shows
    // without changing its version, so "304 Not Modified" would show the old state. (node:http, since
    // fetch adds Cache-Control: no-cache to a request with If-None-Match, which a browser does not.)
    const before = await read(api, 'SP.Invoicing.AS2');
    await setHostInstanceState(other.deps.database.db, {
      hostName: 'BizTalkServerApplication',
      computerName: 'BTS02',
      state: 'Stopped',
    });
    try {
      const { headers } = await app.signIn('reader');
      const revalidated = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        get(
          `${app.baseUrl}${portPath('SP.Invoicing.AS2')}`,
          { headers: { ...headers, 'if-none-match': before.etag } },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        ).on('error', reject);
      });
      expect(revalidated.status).toBe(200);
      const port = JSON.parse(revalidated.body) as SendPort;
      expect(port.version).toBe(before.port.version);
      expect(port.processingServers[1]?.hostInstanceState).toBe('Stopped');
    } finally {
      await setHostInstanceState(app.deps.database.db, {
        hostName: 'BizTalkServerApplication',
        computerName: 'BTS02',
        state: 'Running',
      });
    }
  });

  it('answers a name in any case, each with the port as it is', async () => {
    const exact = await read(api, 'SP.Shipping.AS2');
    const lower = await read(api, 'sp.shipping.as2');
    expect(lower.port).toEqual(exact.port);
    expect((await api.call('reader', 'GET', portPath('SP.No.Such.Port'))).status).toBe(404);
  });

  it("tells the certificate's health as of now, though nothing in the database changed", async () => {
    // The demo certificate of SP.Invoicing.AS2 expires 10 days after the seed.
    expect((await read(api, 'SP.Invoicing.AS2')).port.certificate?.health).toBe('expiring');
    clock.advance(11 * DAY_MS);
    try {
      // Sessions end after 12 hours: sign in again, eleven days later.
      expect((await read(apiClient(app), 'SP.Invoicing.AS2')).port.certificate?.health).toBe('expired');
    } finally {
      clock.set(TEST_START_TIME);
    }
    expect((await read(apiClient(app), 'SP.Invoicing.AS2')).port.certificate?.health).toBe('expiring');
  });
});
