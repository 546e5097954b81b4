import { DEMO_CERTIFICATES } from '@bts-console/db';
import {
  CertificatesInUseListSchema,
  GroupHubSchema,
  ReplacementResultSchema,
  SendPortListSchema,
  SessionResponseSchema,
} from '@bts-console/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, portPath, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

/** Uses the demo certificate that expires in 10 days (DESIGN §11). */
const EXPIRING_PORT = 'SP.Invoicing.AS2';
const APPLICATION = 'Fabrikam.Invoicing';
/** Without a certificate in the demo group, processed by BTS01 and BTS02. */
const FREE_PORT = 'SP.Orders.Notify.SMTP';

/**
 * BTS_EXPIRY_WARNING_DAYS is the one value behind every "expiring" (DESIGN §3 d, §12): with `7,3` a
 * certificate 10 days from its end is valid in every answer, and with the default `30,14,7` it is expiring
 * in every one. Each app answers the session, In Use, a port, a list of ports, the Group Hub, an
 * assignment's warnings and a replacement's preview.
 */
describe.each(TEST_DIALECTS)('BTS_EXPIRY_WARNING_DAYS drives every expiring judgement (%s)', (dialect) => {
  const apps: TestApp[] = [];

  async function judgements(expiryWarningDays?: number[]) {
    const app = await startTestApp({
      dialect,
      ...(expiryWarningDays ? { config: { expiryWarningDays } } : {}),
    });
    apps.push(app);
    const api: ApiClient = apiClient(app);
    const session = SessionResponseSchema.parse((await api.call('reader', 'GET', '/api/session')).body);
    const inUse = CertificatesInUseListSchema.parse(
      (await api.call('reader', 'GET', `/api/certificates/in-use?q=${encodeURIComponent(EXPIRING_PORT)}`))
        .body,
    ).items;
    const port = (await api.call('reader', 'GET', portPath(EXPIRING_PORT))).body;
    const list = SendPortListSchema.parse(
      (await api.call('reader', 'GET', `/api/applications/${APPLICATION}/send-ports`)).body,
    ).items.find((row) => row.name === EXPIRING_PORT);
    const hub = GroupHubSchema.parse((await api.call('reader', 'GET', '/api/group/hub')).body);
    const hubProblems = hub.certificateProblems
      .filter((entry) => entry.sendPort === EXPIRING_PORT)
      .flatMap((entry) => entry.problems.map((problem) => problem.problem));
    const thumbprint: string = port.certificate.thumbprint;
    const etag = (await api.call('admin', 'GET', portPath(FREE_PORT))).headers.get('etag') ?? '';
    const assigned = await api.call('admin', 'PUT', portPath(FREE_PORT, '/certificate'), {
      json: { thumbprint },
      headers: { 'if-match': etag },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const replaced = await api.call('admin', 'POST', '/api/certificate-replacements', {
      json: { from: await validThumbprint(api), to: thumbprint, dryRun: true },
    });
    const preview = ReplacementResultSchema.parse(replaced.body);
    return {
      session: session.expiryWarningDays,
      inUse: inUse.map((row) => [row.health, row.badge]),
      port: port.certificate.health,
      list: list?.certificate?.health,
      hub: hubProblems,
      assignmentWarnings: (assigned.body.warnings as { code: string }[]).map((warning) => warning.code),
      previewWarnings: preview.ports.flatMap((entry) => entry.warnings.map((warning) => warning.code)),
    };
  }

  /** The demo certificate that is valid everywhere, which some ports use: a replacement's `from`. */
  async function validThumbprint(api: ApiClient): Promise<string> {
    const rows = CertificatesInUseListSchema.parse(
      (
        await api.call(
          'reader',
          'GET',
          `/api/certificates/in-use?q=${encodeURIComponent(DEMO_CERTIFICATES.validEverywhere.commonName)}`,
        )
      ).body,
    ).items;
    return rows[0]!.thumbprint;
  }

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('with 7,3 a certificate 10 days from its end is valid everywhere; by default it is expiring everywhere', async () => {
    expect(await judgements([7, 3])).toEqual({
      session: [7, 3],
      inUse: [['valid', null]],
      port: 'valid',
      list: 'valid',
      hub: [],
      assignmentWarnings: [],
      previewWarnings: [],
    });
    const byDefault = await judgements();
    expect(byDefault).toMatchObject({
      session: [30, 14, 7],
      inUse: [['expiring', 'amber']],
      port: 'expiring',
      list: 'expiring',
      hub: ['expiring', 'expiring'],
      assignmentWarnings: ['certificate-expiring'],
    });
    expect(byDefault.previewWarnings.length).toBeGreaterThan(0);
    expect(new Set(byDefault.previewWarnings)).toEqual(new Set(['certificate-expiring']));
  });
});
