import { listAuditEntries, verifyAuditChain, type BtsDatabase } from '@bts-console/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';
import {
  apiClient,
  issueTestCertificate,
  portPath,
  storePath,
  type ApiClient,
} from '../test-support/port-test-client';

const RACERS = 20;

/** Imports RACERS distinct certificates into both BizTalk servers, so that any of them may win. */
async function importRacingCertificates(api: ApiClient, now: Date): Promise<string[]> {
  const thumbprints: string[] = [];
  for (let index = 0; index < RACERS; index += 1) {
    const file = issueTestCertificate({ commonName: `Racer ${index}`, keyUsage: null, now });
    for (const computer of ['BTS01', 'BTS02']) {
      const response = await api.call('admin', 'POST', storePath(computer), { bytes: file.der });
      expect(response.status).toBe(201);
      thumbprints[index] = response.body.thumbprint;
    }
  }
  return thumbprints;
}

/** Fires one PUT per certificate, all with the same ETag, spread over the given API instances. */
async function race(apis: ApiClient[], portName: string, thumbprints: string[]) {
  const read = await apis[0]!.call('admin', 'GET', portPath(portName));
  const etag = read.headers.get('etag') ?? '';
  const responses = await Promise.all(
    thumbprints.map((thumbprint, index) =>
      apis[index % apis.length]!.call('admin', 'PUT', portPath(portName, '/certificate'), {
        json: { thumbprint },
        headers: { 'if-match': etag },
      }),
    ),
  );
  return { version: read.body.version as number, responses };
}

async function expectOneWinner(
  database: BtsDatabase,
  api: ApiClient,
  portName: string,
  outcome: Awaited<ReturnType<typeof race>>,
  thumbprints: string[],
) {
  const statuses = outcome.responses.map((response) => response.status).sort();
  expect(statuses.filter((status) => status === 200)).toHaveLength(1);
  expect(statuses.filter((status) => status === 412)).toHaveLength(RACERS - 1);

  const winnerIndex = outcome.responses.findIndex((response) => response.status === 200);
  const winner = thumbprints[winnerIndex];
  const port = await api.call('admin', 'GET', portPath(portName));
  expect(port.body.certificate.thumbprint).toBe(winner);
  expect(port.body.version).toBe(outcome.version + 1);
  for (const loser of outcome.responses.filter((response) => response.status === 412)) {
    expect(loser.body.code).toBe('precondition-failed');
  }

  const audit = await listAuditEntries(database.db, { target: portName, action: 'certificate.assign' });
  expect(audit.total).toBe(1);
  expect(audit.items[0]?.after).toMatchObject({ thumbprint: winner });
  expect(await verifyAuditChain(database.db)).toEqual(expect.objectContaining({ ok: true }));
}

describe.each(TEST_DIALECTS)('concurrent certificate assignments (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;
  let thumbprints: string[];

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
    thumbprints = await importRacingCertificates(api, app.clock.now());
  });
  afterAll(async () => {
    await app?.close();
  });

  it(`${RACERS} PUTs with one ETag: exactly one 200 and ${RACERS - 1} 412; the port and the audit log agree`, async () => {
    const outcome = await race([api], 'SP.Orders.Confirmation.FILE', thumbprints);
    await expectOneWinner(app.deps.database, api, 'SP.Orders.Confirmation.FILE', outcome, thumbprints);
  });
});

/** Only PostgreSQL serves several API instances (DESIGN §10). */
const SHARED_DIALECTS = TEST_DIALECTS.filter((dialect) => dialect === 'postgres');

describe.each(SHARED_DIALECTS)(
  'concurrent assignments through two API instances on one %s schema',
  (dialect) => {
    let first: TestApp;
    let second: TestApp;

    beforeAll(async () => {
      first = await startTestApp({ dialect });
      // Its own connection pool, as a second process behind a load balancer would have.
      second = await startTestApp({ dialect, shareDatabaseOf: first });
    });
    afterAll(async () => {
      await second?.close();
      await first?.close();
    });

    it(`${RACERS} PUTs with one ETag split over both instances: exactly one 200`, async () => {
      const apis = [apiClient(first), apiClient(second)];
      const thumbprints = await importRacingCertificates(apis[0]!, first.clock.now());
      const outcome = await race(apis, 'SP.Invoicing.Archive.FILE', thumbprints);
      await expectOneWinner(first.deps.database, apis[1]!, 'SP.Invoicing.Archive.FILE', outcome, thumbprints);
    });
  },
);
