import { getScheduledReplacement, listEventLogEntries } from '@bts-console/db';
import {
  AlertListSchema,
  AlertWebhookPayloadSchema,
  fixedClock,
  ReplacementResultSchema,
} from '@bts-console/domain';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertOptions, createAlertScheduler } from '../alerts/alert-scheduler';
import {
  ALERT_EVENT_IDS,
  ALERT_EVENT_SOURCE,
  raiseReplacementFailedAlert,
  replacementFailedAlerts,
} from '../alerts/alerts.service';
import {
  apiClient,
  issueTestCertificate,
  portPath,
  storePath,
  type ApiClient,
} from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, TEST_START_TIME, type TestApp } from '../test-support/test-app';
import { startReceiver } from '../test-support/webhook-receiver';
import { createReplacementScheduler } from './replacement-scheduler';

const DAY_MS = 86_400_000;
const EVERYWHERE = ['ADMIN01', 'BTS01', 'BTS02'];
/** Processed by BTS01 and BTS02, without a certificate in the demo group. */
const PORTS = ['SP.Orders.Confirmation.FILE', 'SP.Orders.Notify.SMTP'] as const;

describe.each(TEST_DIALECTS)('a scheduled replacement that fails raises an alert (%s)', (dialect) => {
  const clock = fixedClock(TEST_START_TIME);
  let app: TestApp;
  let api: ApiClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let issued = 0;

  beforeAll(async () => {
    receiver = await startReceiver(0);
    app = await startTestApp({ dialect, clock, config: { alertWebhookUrl: receiver.url } });
    api = apiClient(app);
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  async function importEverywhere(): Promise<string> {
    issued += 1;
    const file = issueTestCertificate({
      commonName: `Failed Replacement Partner ${issued}`,
      now: clock.now(),
    });
    let thumbprint = '';
    for (const computer of EVERYWHERE) {
      const response = await api.call('admin-token', 'POST', storePath(computer), { bytes: file.pem });
      expect(response.status).toBe(201);
      thumbprint = response.body.thumbprint;
    }
    return thumbprint;
  }

  async function assign(port: string, thumbprint: string) {
    const etag = (await api.call('admin-token', 'GET', portPath(port))).headers.get('etag') ?? '';
    const response = await api.call('admin-token', 'PUT', portPath(port, '/certificate'), {
      json: { thumbprint },
      headers: { 'if-match': etag },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  it('raises exactly one alert saying why, in the event log of the servers and to the webhook, shown in Alerts', async () => {
    const from = await importEverywhere();
    const to = await importEverywhere();
    for (const port of PORTS) await assign(port, from);
    const at = new Date(clock.now().getTime() + DAY_MS).toISOString();
    const preview = ReplacementResultSchema.parse(
      (
        await api.call('admin-token', 'POST', '/api/certificate-replacements', {
          json: { from, to, at, dryRun: true },
        })
      ).body,
    );
    const scheduled = await api.call('admin-token', 'POST', '/api/certificate-replacements', {
      json: { from, to, at, ports: preview.ports.map(({ name, etag }) => ({ name, etag })) },
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const id: string = scheduled.body.id;
    // Someone moves one of the ports to another certificate before the time comes.
    await assign(PORTS[1], await importEverywhere());

    const scheduler = createReplacementScheduler({
      database: app.deps.database,
      clock,
      logger: pino({ level: 'silent' }),
      expiringWithinDays: 30,
      onFailed: replacementFailedAlerts(clock, alertOptions(app.deps.config)),
    });
    clock.set(new Date(Date.parse(at) + 60_000));
    try {
      expect(await scheduler.runDue()).toEqual([{ id, outcome: 'failed' }]);
      expect(await scheduler.runDue()).toEqual([]);
      // The key on the replacement's id keeps it to one, whoever raises it again.
      const row = await getScheduledReplacement(app.deps.database.db, id);
      expect(
        await raiseReplacementFailedAlert(app.deps.database.db, clock, row!, alertOptions(app.deps.config)),
      ).toBeNull();

      const entries = (await listEventLogEntries(app.deps.database.db, { limit: 10_000 })).items.filter(
        (entry) => entry.source === ALERT_EVENT_SOURCE && entry.eventId === ALERT_EVENT_IDS.replacementFailed,
      );
      expect(entries.map((entry) => [entry.computer, entry.level]).sort()).toEqual([
        ['BTS01', 'Error'],
        ['BTS02', 'Error'],
      ]);
      expect(entries[0]!.text).toContain(`'${PORTS[1]}' no longer uses the certificate`);

      // The alert scheduler's pass posts it, as it posts the expiry alerts.
      await createAlertScheduler(app.deps).runOnce();
      const posted = receiver.received
        .map((entry) => AlertWebhookPayloadSchema.parse(entry.body))
        .filter((body) => body.event === 'certificate.replacement-failed');
      expect(posted).toHaveLength(1);
      expect(posted[0]).toMatchObject({
        thumbprint: from,
        sendPorts: [...PORTS].sort(),
        servers: ['BTS01', 'BTS02'],
        replacement: { id, to, at, code: 'replacement-ports-changed' },
      });

      const listed = AlertListSchema.parse((await api.call('reader', 'GET', '/api/alerts?limit=1000')).body);
      const alerts = listed.items.filter((alert) => alert.event === 'certificate.replacement-failed');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        thumbprint: from,
        replacement: { id, to, code: 'replacement-ports-changed' },
        webhook: { status: 'delivered', lastResponseCode: 200 },
      });
      expect(alerts[0]!.replacement!.message).toContain(PORTS[1]);
    } finally {
      clock.set(TEST_START_TIME);
    }
  });
});
