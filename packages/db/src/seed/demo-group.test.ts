import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fixedClock } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../open-database';
import { listApplications } from '../repositories/applications';
import { listArtifacts } from '../repositories/artifacts';
import { getPresence, listStoreCertificates } from '../repositories/certificates';
import { getGroup } from '../repositories/group';
import { getProcessingServers } from '../repositories/processing-servers';
import { getSendPortByName, listSendPorts } from '../repositories/send-ports';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import {
  DEMO_CERTIFICATE_AUTHORITY,
  DEMO_CERTIFICATES,
  DEMO_PARTNER_KEYS_FOLDER,
  type DemoCertificateCaseName,
} from './demo-certificates';
import { DEMO_APPLICATIONS, DEMO_AS2_PORT, DEMO_HOSTS } from './demo-group-layout';
import {
  demoPartnerCertificatePath,
  demoPartnerKeyPath,
  findDemoCertificate,
  isSeeded,
  seedDemoGroup,
} from './demo-group';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const NOW = new Date('2026-11-25T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const CASES = Object.keys(DEMO_CERTIFICATES) as DemoCertificateCaseName[];

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8' }).trim();
}

describe.each(testDialects(testDatabaseUrl))('demo group seed on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    expect(await isSeeded(database.db)).toBe(false);
    expect(await seedDemoGroup(database.db, { clock: fixedClock(NOW), dataDir: database.dataDir })).toEqual({
      seeded: true,
    });
  });
  afterAll(() => database.cleanup());

  it('creates the group of DESIGN §11: computers, hosts and host instances', async () => {
    const group = await getGroup(database.db);
    expect(group?.displayName).toBe('BizTalk Group [SQL01:BizTalkMgmtDb]');
    expect(group?.seededAt).toBe(NOW.toISOString());
    expect(group?.computers.map((c) => `${c.name}:${c.role}`)).toEqual([
      'ADMIN01:Console',
      'BTS01:BizTalk Server',
      'BTS02:BizTalk Server',
    ]);
    expect(group?.hosts.map((h) => `${h.name}:${h.type}`)).toEqual([
      'BizTalkServerApplication:In-Process',
      'BizTalkServerIsolatedHost:Isolated',
      'SecureSendHost:In-Process',
    ]);
    expect(group?.hostInstances.map((i) => `${i.host}@${i.server}:${i.state}`)).toEqual([
      'BizTalkServerApplication@BTS01:Running',
      'BizTalkServerApplication@BTS02:Running',
      'BizTalkServerIsolatedHost@BTS01:Running',
      'BizTalkServerIsolatedHost@BTS02:Running',
      'SecureSendHost@BTS02:Running',
    ]);
  });

  it('creates the applications with about twenty send ports over the five transports', async () => {
    const applications = await listApplications(database.db);
    expect(applications.map((a) => a.name)).toEqual([
      'BizTalk Application 1',
      'BizTalk.System',
      'Contoso.Orders',
      'Fabrikam.Invoicing',
      'Northwind.Shipping',
    ]);
    const ports = await listSendPorts(database.db);
    expect(ports.length).toBeGreaterThanOrEqual(18);
    expect(new Set(ports.map((p) => p.transportType).filter(Boolean))).toEqual(
      new Set(['FILE', 'HTTP', 'SMTP', 'WCF-BasicHttp', 'AS2']),
    );
    expect(new Set(ports.map((p) => p.status))).toEqual(new Set(['Bound', 'Stopped', 'Started']));
    expect(ports.some((p) => p.kind.startsWith('Dynamic'))).toBe(true);
    expect(ports.some((p) => p.kind.endsWith('Solicit-Response') && p.receivePipeline !== null)).toBe(true);
    expect(ports.some((p) => p.filter !== null)).toBe(true);

    for (const app of applications.filter((a) => a.name !== DEMO_APPLICATIONS.system)) {
      const handlers = ports.filter((p) => p.application === app.name).map((p) => p.sendHandler);
      expect(handlers, app.name).toContain(DEMO_HOSTS.secureSend);
    }
    // Every application node in the tree has something to list.
    const orders = applications.find((a) => a.name === DEMO_APPLICATIONS.orders);
    expect(Object.values(orders?.counts ?? {}).every((count) => count > 0)).toBe(true);
  });

  it('has SP.Orders.AS2 in Contoso.Orders, on BizTalkServerApplication, processed by both servers', async () => {
    const port = await getSendPortByName(database.db, DEMO_AS2_PORT);
    expect(port).toMatchObject({
      application: 'Contoso.Orders',
      transportType: 'AS2',
      sendHandler: 'BizTalkServerApplication',
      version: 1,
    });
    expect((await getProcessingServers(database.db, port!.id)).map((s) => s.name)).toEqual([
      'BTS01',
      'BTS02',
    ]);
  });

  it('runs SecureSendHost ports on BTS02 only', async () => {
    const secure = await listSendPorts(database.db, { sendHandler: DEMO_HOSTS.secureSend });
    expect(secure.length).toBeGreaterThanOrEqual(4);
    for (const port of secure) {
      expect(
        (await getProcessingServers(database.db, port.id)).map((s) => s.name),
        port.name,
      ).toEqual(['BTS02']);
    }
  });

  it('puts each partner certificate in exactly the stores its case says, never the CA', async () => {
    for (const caseName of CASES) {
      const certificate = await findDemoCertificate(database.db, caseName);
      expect(certificate, caseName).not.toBeNull();
      const presence = await getPresence(database.db, certificate!.thumbprint);
      expect(
        presence.filter((p) => p.present).map((p) => p.computer),
        caseName,
      ).toEqual([...DEMO_CERTIFICATES[caseName].presentOn]);
      expect(presence.find((p) => p.present)?.friendlyName).toBe(DEMO_CERTIFICATES[caseName].friendlyName);
    }
    const ca = await listStoreCertificates(database.db, {
      computerName: 'ADMIN01',
      search: 'Partner Demo CA',
    });
    expect(ca.items.every((c) => c.subjectCommonName !== DEMO_CERTIFICATE_AUTHORITY.commonName)).toBe(true);
  });

  it('dates the certificates relative to the clock, so every case holds', async () => {
    const get = async (caseName: DemoCertificateCaseName) =>
      (await findDemoCertificate(database.db, caseName))!;
    const valid = await get('validEverywhere');
    expect(Date.parse(valid.notBefore)).toBeLessThan(NOW.getTime());
    expect(Date.parse(valid.notAfter)).toBeGreaterThan(NOW.getTime() + 365 * DAY);
    expect((await get('expiringIn10Days')).notAfter).toBe(new Date(NOW.getTime() + 10 * DAY).toISOString());
    expect(Date.parse((await get('expired')).notAfter)).toBeLessThan(NOW.getTime());
    expect((await get('notYetValid')).notBefore).toBe(new Date(NOW.getTime() + 7 * DAY).toISOString());
    expect((await get('signingOnly')).keyUsage).toEqual(['digitalSignature']);
    expect(valid.keyUsage).toEqual(['digitalSignature', 'keyEncipherment', 'dataEncipherment']);
    expect(valid.issuerCommonName).toBe('Partner Demo CA');
  });

  it('assigns the valid, the expiring and the expired certificate to one port each', async () => {
    const assigned = (await listSendPorts(database.db)).filter((p) => p.certificate !== null);
    const byCase = new Map<string, string>();
    for (const caseName of ['validEverywhere', 'expiringIn10Days', 'expired'] as const) {
      byCase.set((await findDemoCertificate(database.db, caseName))!.thumbprint, caseName);
    }
    expect(assigned.map((p) => [p.name, byCase.get(p.certificate!.thumbprint)])).toEqual([
      ['SP.Invoicing.AS2', 'expiringIn10Days'],
      [DEMO_AS2_PORT, 'validEverywhere'],
      ['SP.Shipping.AS2', 'expired'],
    ]);
    expect(assigned.find((p) => p.name === DEMO_AS2_PORT)?.certificate?.commonName).toBe(
      'Contoso AS2 Encryption',
    );
  });

  it('writes each partner key (0600) beside its certificate, and openssl agrees on both', async () => {
    const caFile = path.join(
      database.dataDir,
      DEMO_PARTNER_KEYS_FOLDER,
      `${DEMO_CERTIFICATE_AUTHORITY.shortName}.cert.pem`,
    );
    for (const caseName of CASES) {
      const keyFile = demoPartnerKeyPath(database.dataDir, caseName);
      const certFile = demoPartnerCertificatePath(database.dataDir, caseName);
      expect(statSync(keyFile).mode & 0o777, keyFile).toBe(0o600);
      expect(openssl('rsa', '-in', keyFile, '-noout', '-modulus')).toBe(
        openssl('x509', '-in', certFile, '-noout', '-modulus'),
      );
      const fingerprint = openssl('x509', '-in', certFile, '-noout', '-fingerprint', '-sha1')
        .replace(/^.*=/, '')
        .replaceAll(':', '');
      expect(fingerprint).toBe((await findDemoCertificate(database.db, caseName))!.thumbprint);
      expect(openssl('verify', '-no_check_time', '-CAfile', caFile, certFile)).toBe(`${certFile}: OK`);
      expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----/);
    }
  });

  it('lists every other artifact kind for the tree', async () => {
    expect((await listArtifacts(database.db, { kind: 'Message Box' })).map((a) => a.name)).toEqual([
      'BizTalkMsgBoxDb',
    ]);
    const adapters = (await listArtifacts(database.db, { kind: 'Adapter' })).map((a) => a.name);
    expect(adapters).toEqual(expect.arrayContaining(['FILE', 'HTTP', 'SMTP', 'WCF-BasicHttp', 'AS2']));
    expect((await listArtifacts(database.db, { kind: 'Party' })).length).toBeGreaterThan(0);
    const system = await listArtifacts(database.db, { kind: 'Pipeline', applicationName: 'BizTalk.System' });
    expect(system.map((p) => p.name)).toContain('Microsoft.BizTalk.DefaultPipelines.XMLTransmit');
  });

  it('reuses the data on a second start: nothing added, same thumbprints', async () => {
    const before = await Promise.all(
      CASES.map(async (c) => (await findDemoCertificate(database.db, c))!.thumbprint),
    );
    const portsBefore = await listSendPorts(database.db);
    const keyBefore = readFileSync(demoPartnerKeyPath(database.dataDir, 'validEverywhere'), 'utf8');

    const again = await seedDemoGroup(database.db, {
      clock: fixedClock(new Date(NOW.getTime() + 30 * DAY)),
      dataDir: database.dataDir,
    });
    expect(again).toEqual({ seeded: false });
    expect(
      await Promise.all(CASES.map(async (c) => (await findDemoCertificate(database.db, c))!.thumbprint)),
    ).toEqual(before);
    expect(await listSendPorts(database.db)).toEqual(portsBefore);
    expect((await getGroup(database.db))?.computers).toHaveLength(3);
    expect(readFileSync(demoPartnerKeyPath(database.dataDir, 'validEverywhere'), 'utf8')).toBe(keyBefore);
  });
});

describe.runIf(testDatabaseUrl)('demo group seed on postgres, two API processes starting at once', () => {
  it('seeds once', async () => {
    const database = await createTestDatabase('postgres', { testDatabaseUrl });
    const other = await openDatabase({
      databaseUrl: testDatabaseUrl!,
      dataDir: database.dataDir,
      schema: database.schema!,
    });
    try {
      const options = { clock: fixedClock(NOW), dataDir: database.dataDir };
      const results = await Promise.all([
        seedDemoGroup(database.db, options),
        seedDemoGroup(other.db, options),
      ]);
      expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
      expect((await getGroup(database.db))?.computers).toHaveLength(3);
      // The key on disk belongs to the certificate that was stored.
      const certificate = await findDemoCertificate(database.db, 'validEverywhere');
      const fingerprint = openssl(
        'x509',
        '-in',
        demoPartnerCertificatePath(database.dataDir, 'validEverywhere'),
        '-noout',
        '-fingerprint',
        '-sha1',
      );
      expect(fingerprint.replace(/^.*=/, '').replaceAll(':', '')).toBe(certificate!.thumbprint);
    } finally {
      await other.close();
      await database.cleanup();
    }
  });
});
