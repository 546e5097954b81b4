import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import { buildSmallGroup, T0 } from '../testing/small-group';
import { createApplication, getApplicationByName, listApplications } from './applications';
import { createArtifact, listArtifacts } from './artifacts';
import {
  getComputerByName,
  getConsoleComputer,
  getGroup,
  getHostByName,
  listHostInstances,
  setHostInstanceState,
} from './group';
import { createSendPort } from './send-ports';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

describe.each(testDialects(testDatabaseUrl))('group, applications and artifacts on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
  });
  afterEach(() => database.cleanup());

  it('has no group before one is created', async () => {
    expect(await getGroup(database.db)).toBeNull();
    expect(await getConsoleComputer(database.db)).toBeNull();
  });

  it('shows the group as BizTalk does, with computers, hosts and host instances', async () => {
    await buildSmallGroup(database.db);
    const group = await getGroup(database.db);
    expect(group).toMatchObject({
      name: 'BizTalk Group',
      displayName: 'BizTalk Group [SQL01:BizTalkMgmtDb]',
      sqlServer: 'SQL01',
      managementDatabase: 'BizTalkMgmtDb',
    });
    expect(group?.computers.map((c) => [c.name, c.role])).toEqual([
      ['ADMIN01', 'Console'],
      ['BTS01', 'BizTalk Server'],
      ['BTS02', 'BizTalk Server'],
    ]);
    expect(group?.hosts.map((h) => [h.name, h.type, h.isDefault])).toEqual([
      ['BizTalkServerApplication', 'In-Process', true],
      ['SecureSendHost', 'In-Process', false],
    ]);
    expect(group?.hostInstances.map(({ host, server, state }) => ({ host, server, state }))).toEqual([
      { host: 'BizTalkServerApplication', server: 'BTS01', state: 'Running' },
      { host: 'BizTalkServerApplication', server: 'BTS02', state: 'Running' },
      { host: 'SecureSendHost', server: 'BTS02', state: 'Stopped' },
    ]);
  });

  it('finds computers and hosts by name in any case, and the console computer', async () => {
    await buildSmallGroup(database.db);
    expect(await getComputerByName(database.db, 'bts02')).toMatchObject({
      name: 'BTS02',
      role: 'BizTalk Server',
    });
    expect(await getComputerByName(database.db, 'BTS03')).toBeNull();
    expect(await getConsoleComputer(database.db)).toMatchObject({ name: 'ADMIN01', role: 'Console' });
    expect(await getHostByName(database.db, 'securesendhost')).toMatchObject({ name: 'SecureSendHost' });
  });

  it('starts and stops a host instance', async () => {
    await buildSmallGroup(database.db);
    expect(
      await setHostInstanceState(database.db, {
        hostName: 'SecureSendHost',
        computerName: 'BTS02',
        state: 'Running',
      }),
    ).toBe(true);
    expect(
      await setHostInstanceState(database.db, {
        hostName: 'SecureSendHost',
        computerName: 'BTS01',
        state: 'Running',
      }),
    ).toBe(false);
    const instances = await listHostInstances(database.db);
    expect(instances.find((i) => i.host === 'SecureSendHost')?.state).toBe('Running');
  });

  it('lists applications by name with their artifact counts', async () => {
    const { application, hosts } = await buildSmallGroup(database.db);
    await createApplication(database.db, { name: 'BizTalk.System', isSystem: true, createdAt: T0 });
    for (const name of ['SP.A', 'SP.B']) {
      await createSendPort(database.db, {
        name,
        applicationId: application.id,
        kind: 'Static One-way',
        transportType: 'FILE',
        uri: 'C:\\out\\%MessageID%.xml',
        sendHandlerHostId: hosts.application,
        sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
        changedBy: 'setup',
        changedAt: T0,
      });
    }
    await createArtifact(database.db, {
      kind: 'Schema',
      name: 'Contoso.Orders.Schemas.Order',
      applicationId: application.id,
    });
    await createArtifact(database.db, {
      kind: 'Schema',
      name: 'Contoso.Orders.Schemas.Ack',
      applicationId: application.id,
    });
    await createArtifact(database.db, {
      kind: 'Receive Port',
      name: 'RP.Orders.In',
      applicationId: application.id,
    });
    await createArtifact(database.db, { kind: 'Party', name: 'Contoso Ltd.', applicationId: null });

    const applications = await listApplications(database.db);
    expect(applications.map((a) => [a.name, a.isSystem])).toEqual([
      ['BizTalk.System', true],
      ['Contoso.Orders', false],
    ]);
    expect(applications[1]?.counts).toEqual({
      sendPorts: 2,
      roleLinks: 0,
      sendPortGroups: 0,
      receivePorts: 1,
      receiveLocations: 0,
      orchestrations: 0,
      policies: 0,
      schemas: 2,
      maps: 0,
      pipelines: 0,
      resources: 0,
    });
    expect(applications[0]?.counts.sendPorts).toBe(0);
    expect(await getApplicationByName(database.db, 'contoso.orders')).toMatchObject({
      name: 'Contoso.Orders',
    });
    expect(await getApplicationByName(database.db, 'Nope')).toBeNull();
  });

  it('lists the artifacts of a tree node, per application or group-wide', async () => {
    const { application } = await buildSmallGroup(database.db);
    await createArtifact(database.db, {
      kind: 'Receive Location',
      name: 'RL.Orders.In.FILE',
      applicationId: application.id,
      properties: { transportType: 'FILE' },
    });
    await createArtifact(database.db, { kind: 'Message Box', name: 'BizTalkMsgBoxDb', applicationId: null });
    expect(
      await listArtifacts(database.db, { kind: 'Receive Location', applicationName: 'CONTOSO.ORDERS' }),
    ).toEqual([
      {
        id: expect.any(Number),
        kind: 'Receive Location',
        name: 'RL.Orders.In.FILE',
        description: '',
        application: 'Contoso.Orders',
        properties: { transportType: 'FILE' },
      },
    ]);
    expect(
      (await listArtifacts(database.db, { kind: 'Message Box' })).map((a) => [a.name, a.application]),
    ).toEqual([['BizTalkMsgBoxDb', null]]);
  });
});
