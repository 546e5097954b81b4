import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import { buildSmallGroup, T0, type SmallGroup } from '../testing/small-group';
import {
  appendAuditEntries,
  appendAuditEntry,
  listAuditEntries,
  verifyAuditChain,
  type NewAuditEntry,
} from './audit';
import {
  getSendPortBindingStates,
  insertSendPorts,
  listSendPortBindingStates,
  updateSendPortsFromBindings,
} from './bindings';
import { getSendPortByName, type NewSendPort } from './send-ports';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const T1 = new Date('2026-11-25T11:00:00.000Z');
/** More than one statement's worth of rows. */
const MANY = 450;
const THUMBPRINT = 'A'.repeat(40);

describe.each(testDialects(testDatabaseUrl))('binding import writes on %s', (dialect) => {
  let database: TestDatabase;
  let group: SmallGroup;
  beforeEach(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    group = await buildSmallGroup(database.db);
  });
  afterEach(() => database.cleanup());

  function ports(): NewSendPort[] {
    return Array.from({ length: MANY }, (_, index) => ({
      name: `SP.Bulk.${index}`,
      applicationId: group.application.id,
      kind: 'Static One-way',
      transportType: 'FILE',
      uri: `C:\\Out\\${index}`,
      sendHandlerHostId: group.hosts.application,
      sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
      description: `Port ${index}`,
      certificate: index % 3 === 0 ? { thumbprint: THUMBPRINT, commonName: 'Partner' } : null,
      changedBy: 'importer',
      changedAt: T0,
    }));
  }

  it('reads only the ports named, in any case, however many the group has', async () => {
    await insertSendPorts(database.db, ports());
    const named = ['sp.bulk.7', 'SP.BULK.449', 'SP.Bulk.7', 'SP.Bulk.None'];
    // More names than one statement takes, so that the chunks are read and joined.
    const many = Array.from({ length: MANY }, (_, index) => `sp.bulk.${index * 2}`);
    const [states, all, chunked] = await Promise.all([
      getSendPortBindingStates(database.db, named),
      listSendPortBindingStates(database.db),
      getSendPortBindingStates(database.db, many),
    ]);
    expect(states.map((state) => state.name).sort()).toEqual(['SP.Bulk.449', 'SP.Bulk.7']);
    expect(states).toEqual(
      expect.arrayContaining(all.filter((state) => ['SP.Bulk.449', 'SP.Bulk.7'].includes(state.name))),
    );
    expect(chunked.map((state) => state.name).sort()).toEqual(
      Array.from({ length: MANY / 2 }, (_, index) => `SP.Bulk.${index * 2}`).sort(),
    );
  });

  it('creates many ports as createSendPort would, and lists what an import compares', async () => {
    await insertSendPorts(database.db, ports());
    const states = await listSendPortBindingStates(database.db);
    expect(states).toHaveLength(MANY);
    const port = await getSendPortByName(database.db, 'SP.Bulk.3');
    expect(port).toMatchObject({
      application: 'Contoso.Orders',
      status: 'Bound',
      sendHandler: 'BizTalkServerApplication',
      description: 'Port 3',
      certificate: { thumbprint: THUMBPRINT, commonName: 'Partner' },
      version: 1,
      changedBy: 'importer',
      transportOptions: { retryCount: 3, retryIntervalMinutes: 5 },
    });
    expect(states.find((state) => state.name === 'SP.Bulk.4')).toEqual({
      id: expect.any(Number),
      name: 'SP.Bulk.4',
      applicationId: group.application.id,
      application: 'Contoso.Orders',
      kind: 'Static One-way',
      transportType: 'FILE',
      uri: 'C:\\Out\\4',
      sendHandlerHostId: group.hosts.application,
      sendHandler: 'BizTalkServerApplication',
      certificate: null,
      version: 1,
    });
  });

  it('changes only what each update names, bumps versions, and skips ports whose version moved on', async () => {
    await insertSendPorts(database.db, ports());
    const states = await listSendPortBindingStates(database.db);
    const updates = states.map((state, index) => ({
      id: state.id,
      expectedVersion: index === 7 ? state.version + 1 : state.version,
      ...(index % 2 === 0 ? { uri: `D:\\Moved\\${index}` } : { sendHandlerHostId: group.hosts.secureSend }),
      ...(index % 5 === 0 ? { certificate: null } : {}),
    }));
    expect(await updateSendPortsFromBindings(database.db, updates, 'importer-2', T1)).toBe(MANY - 1);

    const byName = new Map(
      (await listSendPortBindingStates(database.db)).map((state) => [state.name, state]),
    );
    const even = states[0];
    const odd = states[3];
    const stale = states[7];
    expect(byName.get(even?.name ?? '')).toMatchObject({
      uri: 'D:\\Moved\\0',
      sendHandler: 'BizTalkServerApplication',
      certificate: null,
      version: 2,
    });
    expect(byName.get(odd?.name ?? '')).toMatchObject({
      uri: odd?.uri,
      sendHandler: 'SecureSendHost',
      certificate: odd?.certificate,
      version: 2,
    });
    expect(byName.get(stale?.name ?? '')).toEqual(stale);
    expect((await getSendPortByName(database.db, even?.name ?? ''))?.changedBy).toBe('importer-2');
  });

  it('continues the audit hash chain with many entries in order', async () => {
    const entry = (index: number): NewAuditEntry => ({
      at: T1,
      username: 'admin',
      clientAddress: '127.0.0.1',
      action: 'send-port.create',
      targetType: 'send-port',
      target: `SP.Bulk.${index}`,
      after: { uri: `C:\\Out\\${index}`, nested: { b: 1, a: [index] } },
      batchId: 'batch-1',
    });
    await appendAuditEntry(database.db, { ...entry(-1), batchId: 'earlier' });
    const appended = await appendAuditEntries(
      database.db,
      Array.from({ length: MANY }, (_, index) => entry(index)),
    );
    expect(appended.map((item) => item.seq)).toEqual(Array.from({ length: MANY }, (_, index) => index + 2));
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: MANY + 1 });
    const batch = await listAuditEntries(database.db, { batchId: 'batch-1', limit: 1000 });
    expect(batch.total).toBe(MANY);
    expect(batch.items.at(-1)).toMatchObject({ target: 'SP.Bulk.0', before: null, after: entry(0).after });
    expect(await appendAuditEntries(database.db, [])).toEqual([]);
  });
});
