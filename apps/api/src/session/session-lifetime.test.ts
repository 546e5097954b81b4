import { fixedClock } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_DIALECTS, TEST_START_TIME, type TestApp } from '../test-support/test-app';
import { purgeSessionsAndSignInAttempts } from './purge';

const MINUTE = 60_000;

describe.each(TEST_DIALECTS)('session lifetime (%s)', (dialect) => {
  const clock = fixedClock(TEST_START_TIME);
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ dialect, clock, seed: 'none' });
  });
  afterAll(() => app.close());

  const whoAmI = (cookie: string) => call(app.baseUrl, '/api/session', { headers: { cookie } });

  it('never ends a session before it has been idle for the configured 30 minutes', async () => {
    const { cookie } = await app.signIn('reader');
    // Used 29 s after sign-in: too soon for lastSeenAt to be written again.
    clock.advance(29_000);
    expect((await whoAmI(cookie)).status).toBe(200);
    // 29 min 59 s after that last use, the session is still live.
    clock.advance(30 * MINUTE - 1000);
    expect((await whoAmI(cookie)).status).toBe(200);
    // Now idle for more than 30 min 30 s: it has ended.
    clock.advance(30 * MINUTE + 30_001);
    expect((await whoAmI(cookie)).status).toBe(401);
  });

  it('purges expired sessions and old sign-in attempts, and keeps live ones', async () => {
    clock.advance(60 * MINUTE);
    const stale = await app.signIn('reader');
    await call(app.baseUrl, '/api/session', {
      method: 'POST',
      headers: { origin: app.origin },
      body: { username: 'reader', password: 'wrong password' },
    });
    clock.advance(31 * MINUTE);
    const live = await app.signIn('operator');
    const purged = await purgeSessionsAndSignInAttempts(app.deps);
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect(purged.attempts).toBeGreaterThanOrEqual(2);
    const sessions = await app.deps.database.db.selectFrom('sessions').select('userId').execute();
    expect(sessions).toHaveLength(1);
    const attempts = await app.deps.database.db.selectFrom('signInAttempts').select('username').execute();
    expect(attempts.map((row) => row.username)).toEqual(['operator']);
    expect((await whoAmI(live.cookie)).status).toBe(200);
    expect((await whoAmI(stale.cookie)).status).toBe(401);
  });
});
