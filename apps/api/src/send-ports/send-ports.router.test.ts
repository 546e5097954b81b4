import { DEMO_APPLICATIONS, DEMO_CERTIFICATES, DEMO_SEND_PORTS, listAuditEntries } from '@bts-console/db';
import { SendPortListSchema, SendPortSchema } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';
import { apiClient, portPath, type ApiClient } from '../test-support/port-test-client';

function applicationPath(name: string, query = ''): string {
  return `/api/applications/${encodeURIComponent(name)}/send-ports${query}`;
}

describe.each(TEST_DIALECTS)('send ports (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists an application's send ports with the results pane's columns and each certificate's health", async () => {
    const response = await api.call('reader', 'GET', applicationPath(DEMO_APPLICATIONS.orders));
    expect(response.status).toBe(200);
    const list = SendPortListSchema.parse(response.body);
    const expected = DEMO_SEND_PORTS.filter((port) => port.application === DEMO_APPLICATIONS.orders).map(
      (port) => port.name,
    );
    expect(list.items.map((row) => row.name)).toEqual([...expected].sort());
    expect(list.total).toBe(expected.length);
    const as2 = list.items.find((row) => row.name === 'SP.Orders.AS2');
    expect(as2).toMatchObject({
      application: DEMO_APPLICATIONS.orders,
      status: 'Started',
      transportType: 'AS2',
      sendHandler: 'BizTalkServerApplication',
      certificate: {
        commonName: DEMO_CERTIFICATES.validEverywhere.commonName,
        health: 'valid',
        notAfter: expect.any(String),
      },
    });
  });

  it('shows expired and expiring certificates as such in the list', async () => {
    const shipping = await api.call('reader', 'GET', applicationPath(DEMO_APPLICATIONS.shipping));
    const expired = shipping.body.items.find((row: { name: string }) => row.name === 'SP.Shipping.AS2');
    expect(expired.certificate).toMatchObject({
      commonName: DEMO_CERTIFICATES.expired.commonName,
      health: 'expired',
    });
    const invoicing = await api.call('reader', 'GET', applicationPath(DEMO_APPLICATIONS.invoicing));
    const expiring = invoicing.body.items.find((row: { name: string }) => row.name === 'SP.Invoicing.AS2');
    expect(expiring.certificate).toMatchObject({ health: 'expiring' });
    for (const row of invoicing.body.items) {
      if (row.certificate === null) expect(row.name).not.toBe('SP.Invoicing.AS2');
    }
  });

  it('filters the list with ?q= and answers 404 for an unknown application', async () => {
    const filtered = await api.call('reader', 'GET', applicationPath(DEMO_APPLICATIONS.orders, '?q=smtp'));
    expect(filtered.body.items.map((row: { name: string }) => row.name)).toEqual(['SP.Orders.Notify.SMTP']);
    const byCertificate = await api.call(
      'reader',
      'GET',
      applicationPath(DEMO_APPLICATIONS.orders, '?q=contoso%20as2'),
    );
    expect(byCertificate.body.items.map((row: { name: string }) => row.name)).toEqual(['SP.Orders.AS2']);
    const missing = await api.call('reader', 'GET', applicationPath('No.Such.Application'));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      code: 'not-found',
      detail: "Application 'No.Such.Application' does not exist.",
    });
  });

  it('returns one port with its processing servers, certificate presence and a strong ETag', async () => {
    const response = await api.call('reader', 'GET', portPath('SP.Orders.AS2'));
    expect(response.status).toBe(200);
    const port = SendPortSchema.parse(response.body);
    expect(response.headers.get('etag')).toBe(`"${port.version}"`);
    expect(port.processingServers).toEqual([
      { name: 'BTS01', hostInstanceState: 'Running', certificatePresent: true },
      { name: 'BTS02', hostInstanceState: 'Running', certificatePresent: true },
    ]);
    const secure = SendPortSchema.parse(
      (await api.call('reader', 'GET', portPath('SP.Orders.Secure.HTTP'))).body,
    );
    expect(secure.processingServers.map((server) => server.name)).toEqual(['BTS02']);
    expect(secure.processingServers[0]?.certificatePresent).toBe(secure.certificate ? true : null);
    // Dynamic ports without a send handler run on the group's default host.
    const dynamic = SendPortSchema.parse(
      (await api.call('reader', 'GET', portPath('SP.Orders.Dynamic'))).body,
    );
    expect(dynamic.processingServers.map((server) => server.name)).toEqual(['BTS01', 'BTS02']);
    expect((await api.call('reader', 'GET', portPath('sp.orders.as2'))).status).toBe(200);
    const unknown = await api.call('reader', 'GET', portPath('No Such Port'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe("Send port 'No Such Port' does not exist.");
  });

  it('walks a port through enlist, start, stop and unenlist; operators may; each step bumps the version and is audited', async () => {
    const name = 'SP.Orders.Status.WCF';
    const initial = await api.call('operator', 'GET', portPath(name));
    expect(initial.body.status).toBe('Bound');
    let version: number = initial.body.version;
    for (const [operation, status] of [
      ['enlist', 'Stopped'],
      ['start', 'Started'],
      ['stop', 'Stopped'],
      ['unenlist', 'Bound'],
      ['start', 'Started'],
      ['unenlist', 'Bound'],
    ] as const) {
      const response = await api.call('operator', 'POST', portPath(name, `/${operation}`));
      expect(response.status, operation).toBe(200);
      expect(response.body).toMatchObject({ status, version: version + 1, changedBy: 'operator' });
      expect(response.headers.get('etag')).toBe(`"${version + 1}"`);
      version += 1;
    }
    const audit = await listAuditEntries(app.deps.database.db, { target: name });
    expect(audit.items.map((entry) => entry.action).reverse()).toEqual([
      'send-port.enlist',
      'send-port.start',
      'send-port.stop',
      'send-port.unenlist',
      'send-port.start',
      'send-port.unenlist',
    ]);
    expect(audit.items[0]).toMatchObject({
      username: 'operator',
      before: { status: 'Started' },
      after: { status: 'Bound' },
    });
  });

  it('refuses an operation the status does not allow with 409 and a clear message, changing nothing', async () => {
    const name = 'SP.Invoicing.Reminder.SMTP';
    const before = await api.call('admin', 'GET', portPath(name));
    expect(before.body.status).toBe('Bound');
    const auditBefore = (await listAuditEntries(app.deps.database.db, { target: name })).total;
    const stop = await api.call('admin', 'POST', portPath(name, '/stop'));
    expect(stop.status).toBe(409);
    expect(stop.body).toMatchObject({
      code: 'invalid-state-transition',
      portStatus: 'Bound',
      operation: 'stop',
    });
    expect(stop.body.detail).toBe(
      `Send port '${name}' cannot be stopped: The send port is Bound (not enlisted), so it is not running and cannot be stopped.`,
    );
    expect((await api.call('admin', 'POST', portPath(name, '/unenlist'))).status).toBe(409);
    const after = await api.call('admin', 'GET', portPath(name));
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect((await listAuditEntries(app.deps.database.db, { target: name })).total).toBe(auditBefore);
  });

  it('honours If-Match on operations when sent: 412 with the current port when stale', async () => {
    const name = 'SP.Shipping.Dynamic';
    const read = await api.call('operator', 'GET', portPath(name));
    const etag = read.headers.get('etag') ?? '';
    const enlisted = await api.call('operator', 'POST', portPath(name, '/enlist'), {
      headers: { 'if-match': etag },
    });
    expect(enlisted.status).toBe(200);
    const stale = await api.call('operator', 'POST', portPath(name, '/start'), {
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      code: 'precondition-failed',
      current: { status: 'Stopped' },
      changedBy: 'operator',
    });
    expect((await api.call('operator', 'POST', portPath('No Such Port', '/start'))).status).toBe(404);
  });
});
