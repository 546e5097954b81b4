import { fixedClock } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { purgeOldSignInAttempts } from './sign-in-throttle';
import {
  startTestApp,
  TEST_DIALECTS,
  TEST_PASSWORDS,
  TEST_START_TIME,
  type TestApp,
} from '../test-support/test-app';

describe.each(TEST_DIALECTS)('sign-in throttling (%s)', (dialect) => {
  const clock = fixedClock(TEST_START_TIME);
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ dialect, clock, seed: 'none' });
  });
  afterAll(() => app.close());

  const signIn = (username: string, password: string) =>
    call<{ code?: string; detail?: string }>(app.baseUrl, '/api/session', {
      method: 'POST',
      headers: { origin: app.origin },
      body: { username, password },
    });

  it('pauses a user name after 5 failures in 15 minutes, even for the right password, with Retry-After', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await signIn('operator', `wrong-${attempt}`)).status).toBe(401);
      clock.advance(60_000);
    }
    const refused = await signIn('Operator', TEST_PASSWORDS.operator);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too-many-attempts');
    // The first failure was 5 minutes ago; it leaves the 15-minute window in 10 minutes.
    expect(refused.headers.get('retry-after')).toBe('600');
    // A refused attempt changes nothing: the pause does not grow.
    expect(refused.headers.get('set-cookie')).toBeNull();

    clock.advance(600_000);
    expect((await signIn('operator', TEST_PASSWORDS.operator)).status).toBe(200);
  });

  it('pauses an address after 20 failures across user names', async () => {
    clock.advance(16 * 60_000);
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      expect((await signIn(`guess-${attempt}`, 'wrong')).status).toBe(401);
    }
    const refused = await signIn('reader', TEST_PASSWORDS.reader);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(900);
    clock.advance(15 * 60_000 + 1000);
    expect((await signIn('reader', TEST_PASSWORDS.reader)).status).toBe(200);
  });

  it('audits failed and successful sign-ins', async () => {
    const { headers } = await app.signIn('admin');
    const failed = await call<{ items: { action: string; user: string; target: string }[] }>(
      app.baseUrl,
      '/api/audit?action=session.sign-in-failed&limit=1000',
      { headers },
    );
    expect(failed.body.items.some((entry) => entry.target === 'guess-7' && entry.user === 'guess-7')).toBe(
      true,
    );
    const succeeded = await call<{ items: { action: string; user: string }[] }>(
      app.baseUrl,
      '/api/audit?action=session.sign-in&user=reader',
      { headers },
    );
    expect(succeeded.body.items.length).toBeGreaterThanOrEqual(1);
  });

  it('counts parallel guesses against each other: 20 at once for one user name get at most 5 verdicts', async () => {
    clock.advance(16 * 60_000);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, guess) => signIn('admin', `parallel-${guess}`).then((r) => r.status)),
    );
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status !== 401).every((status) => status === 429)).toBe(true);
    expect((await signIn('admin', TEST_PASSWORDS.admin)).status).toBe(429);
  });

  it('counts parallel guesses from one address: 40 at once across user names get at most 20 verdicts', async () => {
    clock.advance(16 * 60_000);
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, guess) => signIn(`spray-${guess}`, 'wrong').then((r) => r.status)),
    );
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(20);
    expect(statuses.filter((status) => status !== 401).every((status) => status === 429)).toBe(true);
    expect((await signIn('reader', TEST_PASSWORDS.reader)).status).toBe(429);
  });

  it('purges attempts that have left the window, and only those', async () => {
    clock.advance(16 * 60_000);
    expect((await signIn('operator', 'wrong-again')).status).toBe(401);
    clock.advance(10 * 60_000);
    const purged = await purgeOldSignInAttempts(app.deps.database.db, clock);
    expect(purged).toBeGreaterThan(0);
    const left = await app.deps.database.db.selectFrom('signInAttempts').select('username').execute();
    expect(left.map((row) => row.username)).toEqual(['operator']);
  });
});
