import { DEMO_CERTIFICATES, listEventLogEntries } from '@bts-console/db';
import { AlertListSchema, AlertWebhookPayloadSchema, fixedClock, type Alert } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, portPath, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, TEST_START_TIME, type TestApp } from '../test-support/test-app';
import { startReceiver } from '../test-support/webhook-receiver';
import { createAlertScheduler } from './alert-scheduler';
import { ALERT_EVENT_SOURCE } from './alerts.service';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const FABRIKAM = DEMO_CERTIFICATES.expiringIn10Days.commonName;
const NORTHWIND = DEMO_CERTIFICATES.expired.commonName;

/** Signs in anew each time: the tests move the clock past a session's idle timeout. */
async function alertsOf(app: TestApp): Promise<Alert[]> {
  const response = await apiClient(app).call('reader', 'GET', '/api/alerts?limit=1000');
  expect(response.status).toBe(200);
  const list = AlertListSchema.parse(response.body);
  expect(list.items).toHaveLength(list.total);
  return list.items;
}

async function alertEntries(app: TestApp) {
  const { items } = await listEventLogEntries(app.deps.database.db, { limit: 10_000 });
  return items.filter((entry) => entry.source === ALERT_EVENT_SOURCE);
}

describe.each(TEST_DIALECTS)('Expiry alerts (%s)', (dialect) => {
  let app: TestApp;
  let api: ApiClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = fixedClock(TEST_START_TIME);

  beforeAll(async () => {
    receiver = await startReceiver(2);
    app = await startTestApp({ dialect, clock, config: { alertWebhookUrl: receiver.url } });
    api = apiClient(app);
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
  });

  it('raises one alert per certificate for the nearest threshold crossed, once, with event log entries on the processing servers', async () => {
    const scheduler = createAlertScheduler(app.deps);
    const first = await scheduler.runOnce();
    expect(first.raised).toHaveLength(2);

    const alerts = await alertsOf(app);
    const fabrikam = alerts.find((alert) => alert.commonName === FABRIKAM);
    const northwind = alerts.find((alert) => alert.commonName === NORTHWIND);
    // 10 days left has crossed 30 and 14: only 14 is raised. Expired has crossed them all: only expiry.
    expect(fabrikam).toMatchObject({ event: 'certificate.expiring', thresholdDays: 14, daysLeft: 10 });
    expect(northwind).toMatchObject({ event: 'certificate.expired', thresholdDays: 0 });
    expect(alerts).toHaveLength(2);

    // The servers are the processing servers of the ports that use it, as the port says.
    for (const alert of [fabrikam!, northwind!]) {
      expect(alert.sendPorts.length).toBeGreaterThan(0);
      const expected = new Set<string>();
      for (const port of alert.sendPorts) {
        const view = await api.call('reader', 'GET', portPath(port.name));
        for (const server of view.body.processingServers as { name: string }[]) expected.add(server.name);
      }
      expect(alert.servers).toEqual([...expected].sort());
    }

    const entries = await alertEntries(app);
    const warnings = entries.filter((entry) => entry.text.includes(FABRIKAM));
    const errors = entries.filter((entry) => entry.text.includes(NORTHWIND));
    expect(warnings.map((entry) => entry.computer).sort()).toEqual(fabrikam!.servers);
    expect(warnings.every((entry) => entry.level === 'Warning')).toBe(true);
    expect(warnings[0]!.text).toContain('expires in 10 days');
    expect(errors.map((entry) => entry.computer).sort()).toEqual(northwind!.servers);
    expect(errors.every((entry) => entry.level === 'Error')).toBe(true);
    expect(errors[0]!.text).toContain('expired on');

    // Again at the same time: nothing new, anywhere.
    expect((await scheduler.runOnce()).raised).toEqual([]);
    expect(await alertEntries(app)).toHaveLength(entries.length);
    expect(await alertsOf(app)).toHaveLength(2);
  });

  it('posts each alert to the webhook, retrying with backoff: a receiver that fails twice gets exactly three attempts, all recorded', async () => {
    const scheduler = createAlertScheduler(app.deps);
    // The first pass (previous test) made the first attempt of each alert.
    expect(receiver.received).toHaveLength(2);
    // Not yet due: the first retry waits a minute.
    clock.advance(30_000);
    expect((await scheduler.runOnce()).attempts).toBe(0);
    clock.advance(30_000);
    expect((await scheduler.runOnce()).attempts).toBe(2);
    // The second retry waits two minutes.
    clock.advance(MINUTE_MS);
    expect((await scheduler.runOnce()).attempts).toBe(0);
    clock.advance(MINUTE_MS);
    expect((await scheduler.runOnce()).attempts).toBe(2);
    // Delivered: nothing more, however long.
    clock.advance(DAY_MS / 2);
    expect((await scheduler.runOnce()).attempts).toBe(0);

    expect(receiver.received).toHaveLength(6);
    for (const alert of await alertsOf(app)) {
      expect(alert.webhook.status).toBe('delivered');
      expect(alert.webhook.attempts.map((attempt) => [attempt.outcome, attempt.responseCode])).toEqual([
        ['failed', 503],
        ['failed', 503],
        ['delivered', 200],
      ]);
      expect(alert.webhook.lastResponseCode).toBe(200);
      const bodies = receiver.received.filter((entry) => entry.thumbprint === alert.thumbprint);
      expect(bodies).toHaveLength(3);
      for (const { body } of bodies) {
        expect(AlertWebhookPayloadSchema.strict().parse(body)).toEqual({
          event: alert.event,
          thumbprint: alert.thumbprint,
          commonName: alert.commonName,
          notAfter: alert.notAfter,
          daysLeft: alert.daysLeft,
          sendPorts: alert.sendPorts.map((port) => port.name),
          servers: alert.servers,
        });
      }
    }
  });

  it('raises the next threshold when time crosses it, and the expiry when it comes', async () => {
    const scheduler = createAlertScheduler(app.deps);
    const fabrikamAlerts = async () =>
      (await alertsOf(app))
        .filter((alert) => alert.commonName === FABRIKAM)
        .map((alert) => [alert.thresholdDays, alert.event]);
    // 12 hours have passed; 3 days more leaves 6 whole days: the 7-day threshold.
    clock.advance(3 * DAY_MS);
    expect((await scheduler.runOnce()).raised).toHaveLength(1);
    expect(await fabrikamAlerts()).toEqual([
      [7, 'certificate.expiring'],
      [14, 'certificate.expiring'],
    ]);
    expect((await scheduler.runOnce()).raised).toEqual([]);
    clock.advance(7 * DAY_MS);
    expect((await scheduler.runOnce()).raised).toHaveLength(1);
    expect(await fabrikamAlerts()).toEqual([
      [0, 'certificate.expired'],
      [7, 'certificate.expiring'],
      [14, 'certificate.expiring'],
    ]);
  });

  it('lists alerts to every signed-in role, never to anonymous callers', async () => {
    api = apiClient(app);
    expect((await api.call('anonymous', 'GET', '/api/alerts')).status).toBe(401);
    for (const caller of ['reader', 'operator', 'admin'] as const) {
      expect((await api.call(caller, 'GET', '/api/alerts')).status).toBe(200);
    }
    const page = await api.call('reader', 'GET', '/api/alerts?limit=1');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBe(4);
  });
});

describe.each(TEST_DIALECTS)('Expiry alerts with two API processes on one database (%s)', (dialect) => {
  let first: TestApp;
  let second: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const clock = fixedClock(TEST_START_TIME);

  beforeAll(async () => {
    receiver = await startReceiver(0);
    const config = { alertWebhookUrl: receiver.url };
    first = await startTestApp({ dialect, clock, config });
    second = await startTestApp({ dialect, clock, config, shareDatabaseOf: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await receiver?.close();
  });

  it('raises each alert exactly once, writes its event log entries once and posts it once', async () => {
    const schedulers = [createAlertScheduler(first.deps), createAlertScheduler(second.deps)];
    // On PostgreSQL side by side. SQLite's writers take turns, and two handles in one thread would
    // wait on each other's open transaction, so there the processes run one after the other.
    const passes = async () => {
      if (dialect === 'postgres') return Promise.all(schedulers.map((scheduler) => scheduler.runOnce()));
      const results = [];
      for (const scheduler of schedulers) results.push(await scheduler.runOnce());
      return results;
    };

    // Both processes examine the same certificates at the same moments, side by side.
    const raised: number[] = [];
    for (const advanceDays of [0, 0, 4, 0, 7, 0]) {
      clock.advance(advanceDays * DAY_MS);
      for (const pass of await passes()) raised.push(...pass.raised);
    }
    const alerts = await alertsOf(first);
    expect(alerts).toHaveLength(raised.length);
    expect(new Set(raised).size).toBe(raised.length);
    // Fabrikam: 14 at the start, 7 four days on, expiry seven days later; Northwind: expiry.
    expect(alerts.map((alert) => `${alert.commonName} ${alert.thresholdDays}`).sort()).toEqual([
      `${FABRIKAM} 0`,
      `${FABRIKAM} 14`,
      `${FABRIKAM} 7`,
      `${NORTHWIND} 0`,
    ]);

    const entries = await alertEntries(first);
    expect(entries).toHaveLength(alerts.reduce((sum, alert) => sum + alert.servers.length, 0));
    expect(receiver.received).toHaveLength(alerts.length);
    expect(new Set(receiver.received.map((entry) => JSON.stringify(entry.body))).size).toBe(alerts.length);
    for (const alert of alerts) {
      expect(alert.webhook.attempts).toHaveLength(1);
      expect(alert.webhook.status).toBe('delivered');
    }
  });
});
