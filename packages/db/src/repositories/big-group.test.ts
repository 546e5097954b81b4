import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toIsoTime } from '../columns';
import { SQLITE_FILE_NAME } from '../open-database';
import type { DatabaseSchema } from '../schema';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { buildSmallGroup, T0 } from '../testing/small-group';
import { listApplications } from './applications';
import {
  getPresence,
  isInStore,
  listStoreCertificates,
  sendPortsUsingCertificateProcessedOn,
} from './certificates';
import { getProcessingServers, getProcessingServersBySendHandler } from './processing-servers';
import { getSendPortByName, listSendPorts } from './send-ports';

/*
 * The size of a big group: 100 applications of 100 ports, and 20,000 certificates in each of
 * three stores. Lookups must go through an index (SQLite's plan says SEARCH, not SCAN, for the
 * big tables). Query plans, not wall-clock time, are asserted: the machine may be busy.
 */
const APPLICATIONS = 100;
const PORTS_PER_APPLICATION = 100;
const CERTIFICATES = 20_000;
const BIG_TABLES = ['send_ports', 'store_certificates', 'certificates'];

function thumbprintOf(i: number): string {
  return i.toString(16).toUpperCase().padStart(40, '0');
}

describe('a big group on sqlite', () => {
  let database: TestDatabase;
  let observer: Kysely<DatabaseSchema> | undefined;
  const statements: CompiledQuery[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const group = await buildSmallGroup(database.db);
    await database.db.transaction().execute(async (trx) => {
      const at = toIsoTime(T0);
      for (let a = 0; a < APPLICATIONS; a += 1) {
        const application = await trx
          .insertInto('applications')
          .values({ name: `App.${a}`, description: '', isSystem: 0, createdAt: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const ports = Array.from({ length: PORTS_PER_APPLICATION }, (_, p) => ({
          name: `SP.App${a}.Port${p}`,
          applicationId: application.id,
          kind: 'Static One-way' as const,
          status: 'Started' as const,
          transportType: 'FILE',
          uri: `C:\\Out\\${a}\\${p}`,
          sendHandlerHostId: p % 10 === 0 ? group.hosts.secureSend : group.hosts.application,
          sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
          description: '',
          transportOptions: '{}',
          outboundMaps: '[]',
          tracking: '{}',
          certificateThumbprint: thumbprintOf((a * PORTS_PER_APPLICATION + p) % CERTIFICATES),
          certificateCommonName: `Partner ${(a * PORTS_PER_APPLICATION + p) % CERTIFICATES}`,
          changedBy: 'setup',
          changedAt: at,
        }));
        await trx.insertInto('sendPorts').values(ports).execute();
      }
      for (let start = 0; start < CERTIFICATES; start += 500) {
        const batch = Array.from({ length: 500 }, (_, k) => start + k);
        await trx
          .insertInto('certificates')
          .values(
            batch.map((i) => ({
              thumbprint: thumbprintOf(i),
              sha256: thumbprintOf(i).padStart(64, '0'),
              subject: `CN=Partner ${i}`,
              subjectCommonName: `Partner ${i}`,
              issuer: 'CN=Partner Demo CA',
              issuerCommonName: 'Partner Demo CA',
              serialNumber: i.toString(16),
              notBefore: at,
              notAfter: at,
              keyUsage: null,
              extendedKeyUsage: null,
              publicKeyAlgorithm: 'RSA',
              publicKeySize: 2048,
              der: Buffer.from([i & 0xff]),
              firstSeenAt: at,
            })),
          )
          .execute();
        for (const computerId of Object.values(group.computers)) {
          await trx
            .insertInto('storeCertificates')
            .values(
              batch.map((i) => ({
                computerId,
                thumbprint: thumbprintOf(i),
                friendlyName: `Friendly ${i}`,
                addedAt: at,
                addedBy: 'setup',
              })),
            )
            .execute();
        }
      }
    });
    // A second connection to the same file that records every statement the repositories send.
    const file = new SqliteDatabase(path.join(database.dataDir, SQLITE_FILE_NAME));
    observer = new Kysely<DatabaseSchema>({
      dialect: new SqliteDialect({ database: file }),
      plugins: [new CamelCasePlugin()],
      log: (event) => {
        if (event.level === 'query') statements.push(event.query);
      },
    });
  }, 120_000);
  afterAll(async () => {
    await observer?.destroy();
    await database.cleanup();
  });

  /** Runs fn through the observing connection and returns the full-table scans of big tables its statements plan. */
  async function scansOf<T>(
    fn: (db: Kysely<DatabaseSchema>) => Promise<T>,
  ): Promise<{ result: T; scans: string[] }> {
    statements.length = 0;
    const result = await fn(observer!);
    const scans: string[] = [];
    for (const statement of [...statements]) {
      const plan = await observer!.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${statement.sql}`, [...statement.parameters]),
      );
      for (const { detail } of plan.rows) {
        const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
        if (scanned && BIG_TABLES.includes(scanned)) scans.push(detail);
      }
    }
    return { result, scans };
  }

  it('fetches a port by name and its processing servers through indexes', async () => {
    const byName = await scansOf((db) => getSendPortByName(db, 'sp.app57.port42'));
    expect(byName.result?.name).toBe('SP.App57.Port42');
    expect(byName.scans).toEqual([]);

    const servers = await scansOf((db) => getProcessingServers(db, byName.result!.id));
    expect(servers.result.map((s) => s.name)).toEqual(['BTS01', 'BTS02']);
    expect(servers.scans).toEqual([]);
  });

  it("lists one application's ports through an index, and counts every application's artifacts", async () => {
    const ports = await scansOf((db) => listSendPorts(db, { applicationName: 'App.57' }));
    expect(ports.result).toHaveLength(PORTS_PER_APPLICATION);
    expect(ports.scans).toEqual([]);

    const servers = await scansOf((db) =>
      getProcessingServersBySendHandler(db, { applicationId: ports.result[0]!.applicationId }),
    );
    expect([...servers.result.values()].map((list) => list.map((s) => s.name))).toEqual(
      expect.arrayContaining([['BTS01', 'BTS02'], ['BTS02']]),
    );
    expect(servers.result.size).toBe(2);
    expect(servers.scans).toEqual([]);

    const applications = await scansOf((db) => listApplications(db));
    expect(applications.result.find((a) => a.name === 'App.3')?.counts.sendPorts).toBe(PORTS_PER_APPLICATION);
    // Counting every application's ports reads them all, but from the narrow index, never the table rows.
    expect(applications.scans.every((scan) => / USING COVERING INDEX /.test(scan))).toBe(true);
  });

  it('checks a store, the presence and the ports using a certificate through indexes', async () => {
    const thumbprint = thumbprintOf(12_345);
    const inStore = await scansOf((db) => isInStore(db, 'BTS02', thumbprint));
    expect(inStore.result).toBe(true);
    expect(inStore.scans).toEqual([]);

    const presence = await scansOf((db) => getPresence(db, thumbprint));
    expect(presence.result.every((p) => p.present)).toBe(true);
    expect(presence.scans).toEqual([]);

    // Port 10 of App.57 runs on SecureSendHost, so only BTS02 processes it.
    const onBts02 = await scansOf((db) =>
      sendPortsUsingCertificateProcessedOn(db, thumbprintOf(5_710), 'BTS02'),
    );
    expect(onBts02.result.map((p) => p.name)).toEqual(['SP.App57.Port10']);
    expect(onBts02.scans).toEqual([]);
    expect(await sendPortsUsingCertificateProcessedOn(database.db, thumbprintOf(5_710), 'BTS01')).toEqual([]);
  });

  it("searches one computer's store of 20,000 certificates, reading only that store", async () => {
    const search = await scansOf((db) =>
      listStoreCertificates(db, { computerName: 'ADMIN01', search: 'PARTNER 1234', limit: 50 }),
    );
    expect(search.result.total).toBe(11);
    expect(search.scans).toEqual([]);

    const firstPage = await scansOf((db) =>
      listStoreCertificates(db, { computerName: 'ADMIN01', limit: 100 }),
    );
    expect(firstPage.result.total).toBe(CERTIFICATES);
    expect(firstPage.result.items).toHaveLength(100);
    // The first page walks the Issued To index in order and stops after the page (ADR 014): no store is
    // read whole and nothing is sorted; every other table is read through its keys.
    expect(firstPage.scans).toEqual(['SCAN certificates USING INDEX certificates_issued_to_order']);
  });
});
