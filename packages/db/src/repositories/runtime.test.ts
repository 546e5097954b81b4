import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import { buildSmallGroup, T0, type SmallGroup } from '../testing/small-group';
import {
  appendEventLogEntry,
  countMessageInstancesOfSendPort,
  countSuspendedBySendPort,
  createMessageInstance,
  getMessageInstance,
  getMessageInstanceWithBodies,
  listEventLogEntries,
  listMessageInstances,
  lockSendPortForRouting,
  updateMessageInstance,
} from './runtime';
import { createSendPort } from './send-ports';
import { withTransaction } from '../transaction';
import type { Executor } from '../schema';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(testDialects(testDatabaseUrl))('runtime on %s', (dialect) => {
  let database: TestDatabase;
  let group: SmallGroup;
  let portId: number;
  let otherPortId: number;
  beforeEach(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    group = await buildSmallGroup(database.db);
    const common = {
      applicationId: group.application.id,
      kind: 'Static One-way' as const,
      status: 'Started' as const,
      transportType: 'FILE',
      uri: 'C:\\Out\\%MessageID%.xml',
      sendHandlerHostId: group.hosts.application,
      sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
      changedBy: 'setup',
      changedAt: T0,
    };
    portId = (await createSendPort(database.db, { ...common, name: 'SP.Orders.AS2' })).id;
    otherPortId = (await createSendPort(database.db, { ...common, name: 'SP.Orders.FILE' })).id;
  });
  afterEach(() => database.cleanup());

  async function instance(
    id: string,
    overrides: Partial<Parameters<typeof createMessageInstance>[1]> = {},
    db: Executor = database.db,
  ) {
    await createMessageInstance(db, {
      id,
      sendPortId: portId,
      serverComputerId: group.computers.bts01,
      status: 'Suspended (resumable)',
      error: 'The certificate was not found.',
      message: Buffer.from('<Order/>'),
      output: null,
      encrypted: false,
      createdAt: T0,
      ...overrides,
    });
  }

  it('keeps the message bytes exactly and reports sizes, port, application and server', async () => {
    const message = Buffer.from([0, 255, 1, 254, 10, 13]);
    await instance('11111111-1111-4111-8111-111111111111', { message });
    const stored = await getMessageInstanceWithBodies(database.db, '11111111-1111-4111-8111-111111111111');
    expect(stored).toMatchObject({
      sendPort: 'SP.Orders.AS2',
      application: 'Contoso.Orders',
      server: 'BTS01',
      status: 'Suspended (resumable)',
      encrypted: false,
      messageSize: 6,
      outputSize: null,
      output: null,
      createdAt: T0.toISOString(),
    });
    expect(Buffer.compare(stored!.message, message)).toBe(0);
    expect(await getMessageInstance(database.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('changes an instance only while it still has the expected status', async () => {
    await instance('22222222-2222-4222-8222-222222222222');
    const delivered = await updateMessageInstance(database.db, {
      id: '22222222-2222-4222-8222-222222222222',
      status: 'Delivered',
      error: null,
      output: Buffer.from('delivered'),
      encrypted: true,
      serverComputerId: group.computers.bts02,
      updatedAt: at(5),
      expectedStatus: 'Suspended (resumable)',
    });
    expect(delivered).toBe(true);
    const again = await updateMessageInstance(database.db, {
      id: '22222222-2222-4222-8222-222222222222',
      status: 'Terminated',
      error: null,
      updatedAt: at(6),
      expectedStatus: 'Suspended (resumable)',
    });
    expect(again).toBe(false);
    expect(await getMessageInstance(database.db, '22222222-2222-4222-8222-222222222222')).toMatchObject({
      status: 'Delivered',
      server: 'BTS02',
      encrypted: true,
      outputSize: 9,
      updatedAt: at(5).toISOString(),
    });
  });

  it('lists newest first, filters by status and port name in any case, and counts', async () => {
    await instance('33333333-3333-4333-8333-333333333331', { createdAt: at(1) });
    await instance('33333333-3333-4333-8333-333333333332', {
      createdAt: at(2),
      status: 'Delivered',
      error: null,
    });
    await instance('33333333-3333-4333-8333-333333333333', { createdAt: at(3), sendPortId: otherPortId });

    const all = await listMessageInstances(database.db);
    expect(all.total).toBe(3);
    expect(all.items.map((item) => item.id.slice(-1))).toEqual(['3', '2', '1']);

    const suspendedOfPort = await listMessageInstances(database.db, {
      status: 'Suspended (resumable)',
      sendPortName: 'sp.orders.as2',
    });
    expect(suspendedOfPort.items.map((item) => item.id.slice(-1))).toEqual(['1']);
    expect(suspendedOfPort.total).toBe(1);

    const page = await listMessageInstances(database.db, { limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, items: [{ id: '33333333-3333-4333-8333-333333333332' }] });

    expect(await countMessageInstancesOfSendPort(database.db, portId)).toBe(2);
    expect(await countSuspendedBySendPort(database.db)).toEqual([
      { sendPort: 'SP.Orders.AS2', application: 'Contoso.Orders', count: 1 },
      { sendPort: 'SP.Orders.FILE', application: 'Contoso.Orders', count: 1 },
    ]);
  });

  it('locks the port for routing inside a transaction on either dialect', async () => {
    const count = await withTransaction(database.db, async (trx) => {
      await lockSendPortForRouting(trx, portId);
      await instance('44444444-4444-4444-8444-444444444444', {}, trx);
      return countMessageInstancesOfSendPort(trx, portId);
    });
    expect(count).toBe(1);
  });

  it('writes event log entries and reads them newest first by computer, level and time', async () => {
    const entry = {
      source: 'BizTalk Server',
      eventId: 5754,
      text: 'There was a failure executing the send pipeline',
    };
    await appendEventLogEntry(database.db, {
      ...entry,
      at: at(1),
      computerId: group.computers.bts01,
      level: 'Error',
    });
    await appendEventLogEntry(database.db, {
      ...entry,
      at: at(2),
      computerId: group.computers.bts02,
      level: 'Error',
    });
    await appendEventLogEntry(database.db, {
      ...entry,
      at: at(3),
      computerId: group.computers.bts02,
      level: 'Information',
      eventId: 5410,
    });

    const all = await listEventLogEntries(database.db);
    expect(all.total).toBe(3);
    expect(all.items.map((item) => item.at)).toEqual([at(3), at(2), at(1)].map((d) => d.toISOString()));

    const bts02Errors = await listEventLogEntries(database.db, { computerName: 'bts02', level: 'Error' });
    expect(bts02Errors).toEqual({
      total: 1,
      items: [
        {
          id: expect.any(Number),
          at: at(2).toISOString(),
          computer: 'BTS02',
          level: 'Error',
          source: 'BizTalk Server',
          eventId: 5754,
          text: entry.text,
        },
      ],
    });
    expect((await listEventLogEntries(database.db, { since: at(2) })).total).toBe(2);
  });
});
