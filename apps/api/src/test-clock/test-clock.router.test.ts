import { TestClockResponseSchema } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/env';
import { apiClient, type ApiClient } from '../test-support/port-test-client';
import { startTestApp, TEST_START_TIME, type TestApp } from '../test-support/test-app';

const NEXT_WEEK = '2026-12-02T12:00:00.000Z';

describe('POST /api/test-clock on a server started with BTS_TEST_CLOCK=1', () => {
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({ seed: 'none', testClock: true });
    api = apiClient(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('moves the time every part of the server reads, and answers once the listeners have done their work', async () => {
    const seen: string[] = [];
    const stop = app.deps.testClock?.onMove(async (now) => {
      // Work that takes a while, as running the due replacements does.
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen.push(now.toISOString());
    });
    const moved = await api.call('admin', 'POST', '/api/test-clock', { json: { at: NEXT_WEEK } });
    stop?.();
    expect(moved.status).toBe(200);
    expect(TestClockResponseSchema.parse(moved.body).now).toBe(NEXT_WEEK);
    expect(seen).toEqual([NEXT_WEEK]);
    const health = await api.call('anonymous', 'GET', '/api/health');
    expect(health.body.time).toBe(NEXT_WEEK);
    expect(app.clock.now().toISOString()).toBe(NEXT_WEEK);
  });

  it('ends the sessions that the move outlived, as that much time would', async () => {
    const stale = await api.call('admin', 'GET', '/api/session');
    expect(stale.status).toBe(401);
    // Later tests sign in again, at the new time.
    api = apiClient(app);
    expect((await api.call('admin', 'GET', '/api/session')).status).toBe(200);
  });

  it('refuses to move back, and the time stays where it was', async () => {
    const refused = await api.call('admin', 'POST', '/api/test-clock', { json: { at: TEST_START_TIME } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'conflict' });
    expect(refused.body.detail).toContain(`it reads ${NEXT_WEEK}`);
    expect(app.clock.now().toISOString()).toBe(NEXT_WEEK);
  });

  it('refuses a time that is not one, naming the field', async () => {
    const refused = await api.call('admin', 'POST', '/api/test-clock', { json: { at: 'next week' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'at' })]);
  });

  it('is for administrators only', async () => {
    const later = '2026-12-09T12:00:00.000Z';
    expect((await api.call('anonymous', 'POST', '/api/test-clock', { json: { at: later } })).status).toBe(
      401,
    );
    expect((await api.call('operator', 'POST', '/api/test-clock', { json: { at: later } })).status).toBe(403);
    expect(app.clock.now().toISOString()).toBe(NEXT_WEEK);
  });
});

describe('POST /api/test-clock on a server without BTS_TEST_CLOCK', () => {
  let app: TestApp;
  let api: ApiClient;

  beforeAll(async () => {
    app = await startTestApp({ seed: 'none' });
    api = apiClient(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is refused with 404 saying how the test clock is turned on, and time does not move', async () => {
    const refused = await api.call('admin', 'POST', '/api/test-clock', { json: { at: NEXT_WEEK } });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ code: 'not-found' });
    expect(refused.body.detail).toContain('BTS_TEST_CLOCK=1');
    expect(app.clock.now().toISOString()).toBe(new Date(TEST_START_TIME).toISOString());
  });
});

describe('BTS_TEST_CLOCK in the configuration', () => {
  it('is off unless set', () => {
    expect(loadConfig({}).testClock).toBe(false);
    expect(loadConfig({ BTS_TEST_CLOCK: '1' }).testClock).toBe(true);
  });

  it('stops the server when set in production', () => {
    expect(() => loadConfig({ BTS_TEST_CLOCK: '1', NODE_ENV: 'production' })).toThrow(
      /BTS_TEST_CLOCK must not be 1 when NODE_ENV is production/,
    );
  });
});
