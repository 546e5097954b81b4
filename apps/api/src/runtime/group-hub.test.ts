import { GroupHubSchema, SendPortListSchema, SendPortSchema, type GroupHub } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLargeApplication } from '../test-support/large-application';
import { apiClient, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

/**
 * The Group Hub reads the whole group at once; each port's own read is the oracle: the hub names exactly
 * the ports whose certificate is not healthy, and on each exactly the servers the port says lack it, a page
 * at a time in a fixed order, with their number.
 */
describe.each(TEST_DIALECTS)('Group Hub against each port (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
    // More problem ports than the demo group has, in applications and names whose order differs between
    // upper and lower case, so that the pages' order is put to the test.
    const db = app.deps.database.db;
    await addLargeApplication(db, {
      name: 'hub.lower',
      size: 12,
      prefix: 'SP.Hub.b',
      certificateCase: 'expired',
    });
    await addLargeApplication(db, {
      name: 'Hub.Upper',
      size: 12,
      prefix: 'sp.hub.a',
      certificateCase: 'consoleOnly',
    });
    await addLargeApplication(db, {
      name: 'Hub.Upper.Too',
      size: 9,
      prefix: 'Sp.Hub.c',
      certificateCase: 'notYetValid',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Each port's own read: the ports whose certificate is not healthy, and on which servers, by name. */
  async function oracle(): Promise<
    Map<string, { application: string; missing: string[]; withAProblem: string[] }>
  > {
    const applications = (await api.call('reader', 'GET', '/api/applications')).body as {
      items: { name: string }[];
    };
    const unhealthy = new Map<string, { application: string; missing: string[]; withAProblem: string[] }>();
    for (const { name } of applications.items) {
      const list = SendPortListSchema.parse(
        (await api.call('reader', 'GET', `/api/applications/${encodeURIComponent(name)}/send-ports`)).body,
      );
      for (const row of list.items) {
        if (!row.certificate || row.certificate.health === 'valid') continue;
        const port = SendPortSchema.parse(
          (await api.call('reader', 'GET', `/api/send-ports/${encodeURIComponent(row.name)}`)).body,
        );
        const missing = port.processingServers
          .filter((server) => server.certificatePresent === false)
          .map((server) => server.name)
          .sort();
        // A certificate expired, not yet valid or expiring is a problem on every server that processes it.
        const everywhere = row.certificate.health !== 'missing-on-servers';
        unhealthy.set(row.name, {
          application: name,
          missing,
          withAProblem: everywhere ? port.processingServers.map((server) => server.name).sort() : missing,
        });
      }
    }
    return unhealthy;
  }

  const asOracle = (rows: GroupHub['certificateProblems']) =>
    new Map(
      rows.map((row) => [
        row.sendPort,
        {
          application: row.application,
          missing: row.problems
            .filter((problem) => problem.problem === 'missing')
            .map((problem) => problem.server)
            .sort(),
          withAProblem: row.problems.map((problem) => problem.server).sort(),
        },
      ]),
    );

  const hubAt = async (search: string) => {
    const answer = await api.call('reader', 'GET', `/api/group/hub${search}`);
    expect(answer.status, search).toBe(200);
    return GroupHubSchema.parse(answer.body);
  };

  it('lists every port whose certificate has a problem, on the servers where it has one, and no other', async () => {
    const unhealthy = await oracle();
    expect(unhealthy.size).toBeGreaterThan(1);

    const hub = await hubAt('');
    // The demo group's problems fit in the default page: it is all of them.
    expect(hub.certificateProblemsTotal).toBe(unhealthy.size);
    expect(Object.fromEntries(asOracle(hub.certificateProblems))).toEqual(Object.fromEntries(unhealthy));
  });

  it('pages the problems by application, then send port name, and the pages together are the whole list', async () => {
    const unhealthy = await oracle();
    const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expectedOrder = [...unhealthy]
      .sort(
        ([nameA, a], [nameB, b]) => byCodeUnits(a.application, b.application) || byCodeUnits(nameA, nameB),
      )
      .map(([name]) => name);
    expect(expectedOrder.length).toBeGreaterThan(10);

    for (const limit of [1, 3, 7, expectedOrder.length - 1, expectedOrder.length]) {
      const pages: GroupHub['certificateProblems'] = [];
      for (let offset = 0; ; offset += limit) {
        const page = await hubAt(`?limit=${limit}&offset=${offset}`);
        expect(page.certificateProblemsTotal, `limit ${limit}, offset ${offset}`).toBe(unhealthy.size);
        expect(page.certificateProblems.length).toBe(Math.min(limit, Math.max(0, unhealthy.size - offset)));
        if (page.certificateProblems.length === 0) break;
        pages.push(...page.certificateProblems);
      }
      expect(
        pages.map((row) => row.sendPort),
        `limit ${limit}`,
      ).toEqual(expectedOrder);
      expect(Object.fromEntries(asOracle(pages))).toEqual(Object.fromEntries(unhealthy));
    }

    // Past the end: no rows, and still the total.
    const past = await hubAt(`?offset=${unhealthy.size + 10}`);
    expect(past.certificateProblems).toEqual([]);
    expect(past.certificateProblemsTotal).toBe(unhealthy.size);
  });

  it('refuses a page it cannot give, naming the parameter and what to ask instead', async () => {
    for (const [search, path, advice] of [
      ['limit=0', 'limit', 'at least 1'],
      ['limit=1001', 'limit', 'ask for the next rows with offset'],
      ['limit=50000', 'limit', 'ask for the next rows with offset'],
      ['limit=2.5', 'limit', 'whole number'],
      ['limit=all', 'limit', 'whole number'],
      ['offset=-1', 'offset', '0 or more'],
      ['offset=ten', 'offset', '0 or more'],
    ] as const) {
      const refused = await api.call('reader', 'GET', `/api/group/hub?${search}`);
      expect(refused.status, search).toBe(422);
      expect(refused.body.code, search).toBe('validation-failed');
      expect(
        refused.body.errors.map((error: { path: string }) => error.path),
        search,
      ).toEqual([path]);
      expect(refused.body.detail, search).toContain(advice);
    }
  });
});
