import { GroupHubSchema, SendPortListSchema, SendPortSchema } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

/**
 * The Group Hub reads the whole group at once; each port's own read is the oracle: the hub names exactly
 * the ports whose certificate is not healthy, and on each exactly the servers the port says lack it.
 */
describe.each(TEST_DIALECTS)('Group Hub against each port (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    api = apiClient(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists every port whose certificate has a problem, on the servers where it has one, and no other', async () => {
    const applications = (await api.call('reader', 'GET', '/api/applications')).body as {
      items: { name: string }[];
    };
    const unhealthy = new Map<string, { missing: string[]; withAProblem: string[] }>();
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
          missing,
          withAProblem: everywhere ? port.processingServers.map((server) => server.name).sort() : missing,
        });
      }
    }
    expect(unhealthy.size).toBeGreaterThan(1);

    const hub = GroupHubSchema.parse((await api.call('reader', 'GET', '/api/group/hub')).body);
    const fromHub = new Map(
      hub.certificateProblems.map((row) => [
        row.sendPort,
        {
          missing: row.problems
            .filter((problem) => problem.problem === 'missing')
            .map((problem) => problem.server)
            .sort(),
          withAProblem: row.problems.map((problem) => problem.server).sort(),
        },
      ]),
    );
    expect(Object.fromEntries(fromHub)).toEqual(Object.fromEntries(unhealthy));
  });
});
