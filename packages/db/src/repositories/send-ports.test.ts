import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import { withTransaction } from '../transaction';
import {
  buildSmallGroup,
  certificateFacts,
  storeCertificate,
  T0,
  type SmallGroup,
} from '../testing/small-group';
import { createApplication } from './applications';
import { setHostInstanceState } from './group';
import {
  createSendPort,
  getSendPortByName,
  listApplicationSendPortRows,
  listSendPorts,
  setSendPortCertificate,
  setSendPortStatus,
  updateSendPort,
  type NewSendPort,
} from './send-ports';
import { getHoldersOfCertificatesUsedBy } from './certificates';
import {
  getProcessingServers,
  getProcessingServersBySendHandler,
  getProcessingServersOfSendHandler,
} from './processing-servers';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const T1 = new Date('2026-11-25T11:00:00.000Z');

describe.each(testDialects(testDatabaseUrl))('send ports on %s', (dialect) => {
  let database: TestDatabase;
  let group: SmallGroup;
  beforeEach(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    group = await buildSmallGroup(database.db);
  });
  afterEach(() => database.cleanup());

  function port(overrides: Partial<NewSendPort> = {}): NewSendPort {
    return {
      name: 'SP.Orders.AS2',
      applicationId: group.application.id,
      kind: 'Static One-way',
      status: 'Started',
      transportType: 'AS2',
      uri: 'https://as2.contoso.com/as2/receive',
      sendHandlerHostId: group.hosts.application,
      sendPipeline: 'Microsoft.BizTalk.EdiInt.DefaultPipelines.AS2Send',
      changedBy: 'setup',
      changedAt: T0,
      ...overrides,
    };
  }

  it('creates a port with BizTalk defaults and reads it back by name in any case', async () => {
    await createSendPort(database.db, port({ filter: '<Filter><Group /></Filter>' }));
    const found = await getSendPortByName(database.db, 'sp.orders.as2');
    expect(found).toMatchObject({
      name: 'SP.Orders.AS2',
      application: 'Contoso.Orders',
      sendHandler: 'BizTalkServerApplication',
      status: 'Started',
      version: 1,
      certificate: null,
      filter: '<Filter><Group /></Filter>',
      receivePipeline: null,
      backupTransport: null,
      outboundMaps: [],
      changedBy: 'setup',
      changedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(found?.transportOptions).toEqual({
      retryCount: 3,
      retryIntervalMinutes: 5,
      priority: 5,
      orderedDelivery: false,
      stopSendingOnFailure: false,
      serviceWindow: null,
    });
    expect(await getSendPortByName(database.db, 'SP.Unknown')).toBeNull();
  });

  it('refuses a second port with the same name, whatever its case', async () => {
    await createSendPort(database.db, port());
    await expect(createSendPort(database.db, port({ name: 'sp.ORDERS.as2' }))).rejects.toThrow();
  });

  it("lists one application's ports by name, with the certificate's expiry joined in", async () => {
    const other = await createApplication(database.db, { name: 'Fabrikam.Invoicing', createdAt: T0 });
    const thumbprint = await storeCertificate(database.db, certificateFacts('Contoso AS2 Encryption'), [
      'BTS01',
    ]);
    await createSendPort(
      database.db,
      port({ name: 'SP.B', certificate: { thumbprint, commonName: 'Contoso AS2 Encryption' } }),
    );
    await createSendPort(database.db, port({ name: 'SP.A' }));
    await createSendPort(database.db, port({ name: 'SP.Other', applicationId: other.id }));

    const ports = await listSendPorts(database.db, { applicationName: 'contoso.orders' });
    expect(ports.map((p) => p.name)).toEqual(['SP.A', 'SP.B']);
    expect(ports[1]?.certificate).toEqual({
      thumbprint,
      commonName: 'Contoso AS2 Encryption',
      notAfter: '2028-01-01T00:00:00.000Z',
    });
    expect((await listSendPorts(database.db)).map((p) => p.name)).toEqual(['SP.A', 'SP.B', 'SP.Other']);
    expect(await listSendPorts(database.db, { certificateThumbprint: thumbprint })).toHaveLength(1);
  });

  it("lists one application's rows for the results pane, with the certificate's validity", async () => {
    const other = await createApplication(database.db, { name: 'Fabrikam.Invoicing', createdAt: T0 });
    const thumbprint = await storeCertificate(database.db, certificateFacts('Contoso AS2 Encryption'), [
      'BTS01',
    ]);
    await createSendPort(
      database.db,
      port({ name: 'SP.B', certificate: { thumbprint, commonName: 'Contoso AS2 Encryption' } }),
    );
    await createSendPort(
      database.db,
      port({
        name: 'SP.C',
        sendHandlerHostId: null,
        certificate: { thumbprint: 'F'.repeat(40), commonName: null },
      }),
    );
    await createSendPort(database.db, port({ name: 'SP.A' }));
    await createSendPort(database.db, port({ name: 'SP.Other', applicationId: other.id }));

    const rows = await listApplicationSendPortRows(database.db, group.application.id);
    expect(rows.map((row) => row.name)).toEqual(['SP.A', 'SP.B', 'SP.C']);
    expect(rows[0]).toEqual({
      id: expect.any(Number),
      name: 'SP.A',
      application: 'Contoso.Orders',
      kind: 'Static One-way',
      status: 'Started',
      transportType: 'AS2',
      uri: 'https://as2.contoso.com/as2/receive',
      sendHandlerHostId: group.hosts.application,
      sendHandler: 'BizTalkServerApplication',
      certificate: null,
    });
    expect(rows[1]?.certificate).toEqual({
      thumbprint,
      commonName: 'Contoso AS2 Encryption',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2028-01-01T00:00:00.000Z',
    });
    // A thumbprint of no known certificate has no validity; a port without handler names none.
    expect(rows[2]).toMatchObject({
      sendHandler: null,
      certificate: { thumbprint: 'F'.repeat(40), commonName: null, notBefore: null, notAfter: null },
    });
    expect((await listApplicationSendPortRows(database.db, other.id)).map((row) => row.name)).toEqual([
      'SP.Other',
    ]);
  });

  it('keeps a thumbprint that matches no known certificate, with no expiry', async () => {
    await createSendPort(
      database.db,
      port({ certificate: { thumbprint: 'AB'.repeat(20), commonName: null } }),
    );
    expect((await getSendPortByName(database.db, 'SP.Orders.AS2'))?.certificate).toEqual({
      thumbprint: 'AB'.repeat(20),
      commonName: null,
      notAfter: null,
    });
  });

  it('assigns and removes a certificate, bumping the version and recording who and when', async () => {
    const thumbprint = await storeCertificate(database.db, certificateFacts('Contoso'), ['BTS01', 'BTS02']);
    await createSendPort(database.db, port());
    const assigned = await setSendPortCertificate(database.db, {
      name: 'SP.Orders.AS2',
      expectedVersion: 1,
      thumbprint,
      commonName: 'Contoso',
      changedBy: 'alice',
      changedAt: T1,
    });
    expect(assigned).toMatchObject({
      version: 2,
      changedBy: 'alice',
      changedAt: T1.toISOString(),
      certificate: { thumbprint, commonName: 'Contoso', notAfter: '2028-01-01T00:00:00.000Z' },
    });
    const removed = await setSendPortCertificate(database.db, {
      name: 'SP.Orders.AS2',
      expectedVersion: 2,
      thumbprint: null,
      commonName: 'ignored without a thumbprint',
      changedBy: 'bob',
      changedAt: T1,
    });
    expect(removed).toMatchObject({ version: 3, certificate: null, changedBy: 'bob' });
  });

  it('lets exactly one of two updates made from the same version win', async () => {
    const a = await storeCertificate(database.db, certificateFacts('A'), ['BTS01']);
    const b = await storeCertificate(database.db, certificateFacts('B'), ['BTS01']);
    await createSendPort(database.db, port());
    const results = await Promise.all(
      [a, b].map((thumbprint, i) =>
        setSendPortCertificate(database.db, {
          name: 'SP.Orders.AS2',
          expectedVersion: 1,
          thumbprint,
          commonName: thumbprint === a ? 'A' : 'B',
          changedBy: `user${i}`,
          changedAt: T1,
        }),
      ),
    );
    const winners = results.filter((result) => result !== null);
    expect(winners).toHaveLength(1);
    const current = await getSendPortByName(database.db, 'SP.Orders.AS2');
    expect(current?.version).toBe(2);
    expect(current?.certificate?.thumbprint).toBe(winners[0]?.certificate?.thumbprint);
    expect(current?.changedBy).toBe(winners[0]?.changedBy);
  });

  it('changes nothing when the version is stale or the port is missing', async () => {
    await createSendPort(database.db, port());
    const stale = await setSendPortCertificate(database.db, {
      name: 'SP.Orders.AS2',
      expectedVersion: 7,
      thumbprint: 'CD'.repeat(20),
      commonName: 'x',
      changedBy: 'mallory',
      changedAt: T1,
    });
    expect(stale).toBeNull();
    expect(await getSendPortByName(database.db, 'SP.Orders.AS2')).toMatchObject({
      version: 1,
      certificate: null,
      changedBy: 'setup',
    });
    expect(
      await setSendPortStatus(database.db, {
        name: 'SP.Missing',
        from: 'Started',
        status: 'Stopped',
        changedBy: 'x',
        changedAt: T1,
      }),
    ).toBeNull();
  });

  it('sets the status with or without an expected version', async () => {
    await createSendPort(database.db, port());
    const stopped = await setSendPortStatus(database.db, {
      name: 'SP.Orders.AS2',
      from: 'Started',
      status: 'Stopped',
      changedBy: 'operator',
      changedAt: T1,
    });
    expect(stopped).toMatchObject({ status: 'Stopped', version: 2, changedBy: 'operator' });
    expect(
      await setSendPortStatus(database.db, {
        name: 'SP.Orders.AS2',
        from: 'Stopped',
        status: 'Bound',
        expectedVersion: 1,
        changedBy: 'operator',
        changedAt: T1,
      }),
    ).toBeNull();
    expect(
      await setSendPortStatus(database.db, {
        name: 'SP.Orders.AS2',
        from: 'Stopped',
        status: 'Bound',
        expectedVersion: 2,
        changedBy: 'operator',
        changedAt: T1,
      }),
    ).toMatchObject({ status: 'Bound', version: 3 });
  });

  it('changes nothing when the port is no longer in the status the change started from', async () => {
    await createSendPort(database.db, port({ status: 'Stopped' }));
    expect(
      await setSendPortStatus(database.db, {
        name: 'SP.Orders.AS2',
        from: 'Started',
        status: 'Stopped',
        changedBy: 'operator',
        changedAt: T1,
      }),
    ).toBeNull();
    expect(await getSendPortByName(database.db, 'SP.Orders.AS2')).toMatchObject({
      status: 'Stopped',
      version: 1,
      changedBy: 'setup',
    });
  });

  it('lets only one of two concurrent transitions from the same status win', async () => {
    await createSendPort(database.db, port({ status: 'Started' }));
    // Both requests read the port as Started before either writes, as two API calls at once would.
    const seen = await getSendPortByName(database.db, 'SP.Orders.AS2');
    const [stop, unenlist] = await Promise.all(
      (['Stopped', 'Bound'] as const).map((status, i) =>
        withTransaction(database.db, (trx) =>
          setSendPortStatus(trx, {
            name: 'SP.Orders.AS2',
            from: seen!.status,
            status,
            changedBy: `operator-${i}`,
            changedAt: T1,
          }),
        ),
      ),
    );
    const winners = [stop, unenlist].filter((result) => result !== null);
    expect(winners).toHaveLength(1);
    const current = await getSendPortByName(database.db, 'SP.Orders.AS2');
    expect(current).toMatchObject({ status: winners[0]!.status, version: 2 });
  });

  it('updates settings from a binding import, leaving the rest untouched', async () => {
    await createSendPort(database.db, port({ description: 'before' }));
    const updated = await updateSendPort(database.db, {
      name: 'SP.Orders.AS2',
      changes: {
        uri: 'https://as2.contoso.com/v2',
        sendHandlerHostId: group.hosts.secureSend,
        transportOptions: {
          retryCount: 1,
          retryIntervalMinutes: 1,
          priority: 2,
          orderedDelivery: true,
          stopSendingOnFailure: true,
          serviceWindow: { start: '08:00', stop: '18:00' },
        },
      },
      changedBy: 'developer',
      changedAt: T1,
    });
    expect(updated).toMatchObject({
      uri: 'https://as2.contoso.com/v2',
      sendHandler: 'SecureSendHost',
      description: 'before',
      version: 2,
      transportOptions: { orderedDelivery: true, serviceWindow: { start: '08:00', stop: '18:00' } },
    });
  });

  it('finds the processing servers from the send handler host (SecureSendHost: BTS02 only)', async () => {
    const secure = await createSendPort(database.db, port({ sendHandlerHostId: group.hosts.secureSend }));
    expect(await getProcessingServers(database.db, secure.id)).toEqual([
      { computerId: group.computers.bts02, name: 'BTS02', hostInstanceState: 'Stopped' },
    ]);
    const normal = await createSendPort(database.db, port({ name: 'SP.Two' }));
    expect((await getProcessingServers(database.db, normal.id)).map((s) => s.name)).toEqual([
      'BTS01',
      'BTS02',
    ]);

    await setHostInstanceState(database.db, {
      hostName: 'bizTalkServerApplication',
      computerName: 'bts01',
      state: 'Stopped',
    });
    expect(await getProcessingServers(database.db, normal.id)).toEqual([
      { computerId: group.computers.bts01, name: 'BTS01', hostInstanceState: 'Stopped' },
      { computerId: group.computers.bts02, name: 'BTS02', hostInstanceState: 'Running' },
    ]);
  });

  it("runs a dynamic port that names no send handler on the group's default host", async () => {
    const dynamic = await createSendPort(
      database.db,
      port({
        name: 'SP.Dynamic',
        kind: 'Dynamic One-way',
        transportType: '',
        uri: '',
        sendHandlerHostId: null,
      }),
    );
    expect(dynamic.sendHandler).toBeNull();
    expect((await getProcessingServers(database.db, dynamic.id)).map((s) => s.name)).toEqual([
      'BTS01',
      'BTS02',
    ]);
  });

  it('reads the processing servers of many ports at once, each as the port alone would give them', async () => {
    const shared = await storeCertificate(database.db, certificateFacts('Shared Partner'), ['BTS01']);
    const other = await storeCertificate(database.db, certificateFacts('Other Partner'), ['BTS01', 'BTS02']);
    const certificate = (thumbprint: string) => ({ thumbprint, commonName: null });
    const ports = [
      await createSendPort(database.db, port({ name: 'SP.A', certificate: certificate(shared) })),
      await createSendPort(
        database.db,
        port({ name: 'SP.B', sendHandlerHostId: group.hosts.secureSend, certificate: certificate(shared) }),
      ),
      await createSendPort(
        database.db,
        port({
          name: 'SP.C',
          kind: 'Dynamic One-way',
          sendHandlerHostId: null,
          certificate: certificate(other),
        }),
      ),
    ];
    const elsewhere = await createApplication(database.db, { name: 'Fabrikam.Invoicing', createdAt: T0 });
    await createSendPort(
      database.db,
      port({ name: 'SP.Elsewhere', applicationId: elsewhere.id, sendHandlerHostId: group.hosts.secureSend }),
    );

    for (const scope of [
      { applicationId: group.application.id },
      { certificateThumbprint: shared.toLowerCase() },
    ]) {
      const byHandler = await getProcessingServersBySendHandler(database.db, scope);
      const inScope =
        'applicationId' in scope ? ports : ports.filter((p) => p.certificate?.thumbprint === shared);
      expect(byHandler.size).toBe(new Set(inScope.map((p) => p.sendHandlerHostId)).size);
      for (const each of inScope) {
        const alone = await getProcessingServers(database.db, each.id);
        expect(alone.length).toBeGreaterThan(0);
        expect(byHandler.get(each.sendHandlerHostId), each.name).toEqual(alone);
        expect(await getProcessingServersOfSendHandler(database.db, each.sendHandlerHostId)).toEqual(alone);
      }
    }

    const holders = await getHoldersOfCertificatesUsedBy(database.db, {
      applicationId: group.application.id,
    });
    expect(holders).toEqual(
      new Map([
        [shared, new Set([group.computers.bts01])],
        [other, new Set([group.computers.bts01, group.computers.bts02])],
      ]),
    );
    expect(await getHoldersOfCertificatesUsedBy(database.db, { applicationId: elsewhere.id })).toEqual(
      new Map(),
    );
  });
});
