import { fixedClock } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import {
  startTestApp,
  TEST_DIALECTS,
  TEST_PASSWORDS,
  TEST_START_TIME,
  type TestApp,
} from '../test-support/test-app';

describe.each(TEST_DIALECTS)('session (%s)', (dialect) => {
  const clock = fixedClock(TEST_START_TIME);
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ dialect, clock, seed: 'none' });
  });
  afterAll(() => app.close());

  async function signIn(username: string, password: string, headers: Record<string, string> = {}) {
    return call<{ user: string; roles: string[] }>(app.baseUrl, '/api/session', {
      method: 'POST',
      headers: { origin: app.origin, ...headers },
      body: { username, password },
    });
  }

  function cookieOf(setCookie: string | null): string {
    return (setCookie ?? '').split(';')[0] ?? '';
  }

  it('signs in, says who is signed in, and signs out', async () => {
    const signedIn = await signIn('operator', TEST_PASSWORDS.operator);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({
      user: 'operator',
      roles: ['BizTalk Server Operators'],
      expiryWarningDays: [30, 14, 7],
    });
    const cookie = cookieOf(signedIn.headers.get('set-cookie'));

    const whoAmI = await call(app.baseUrl, '/api/session', { headers: { cookie } });
    expect(whoAmI.status).toBe(200);
    expect(whoAmI.body).toEqual({
      user: 'operator',
      roles: ['BizTalk Server Operators'],
      expiryWarningDays: [30, 14, 7],
    });

    const signOut = await call(app.baseUrl, '/api/session', {
      method: 'DELETE',
      headers: { cookie, origin: app.origin },
    });
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get('set-cookie')).toMatch(/bts_session=;.*Expires=Thu, 01 Jan 1970/);

    const afterSignOut = await call(app.baseUrl, '/api/session', { headers: { cookie } });
    expect(afterSignOut.status).toBe(401);
    expect(afterSignOut.headers.get('content-type')).toContain('application/problem+json');
  });

  it('sets an HttpOnly, SameSite=Strict cookie, not Secure over plain HTTP by default', async () => {
    const signedIn = await signIn('reader', TEST_PASSWORDS.reader);
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^bts_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
  });

  it('gives a new session id at every sign-in and ends the one the browser had', async () => {
    const first = cookieOf((await signIn('admin', TEST_PASSWORDS.admin)).headers.get('set-cookie'));
    const second = cookieOf(
      (await signIn('admin', TEST_PASSWORDS.admin, { cookie: first })).headers.get('set-cookie'),
    );
    expect(second).not.toBe(first);
    expect((await call(app.baseUrl, '/api/session', { headers: { cookie: first } })).status).toBe(401);
    expect((await call(app.baseUrl, '/api/session', { headers: { cookie: second } })).status).toBe(200);
  });

  it('stores only the hash of the cookie value', async () => {
    const cookie = cookieOf((await signIn('admin', TEST_PASSWORDS.admin)).headers.get('set-cookie'));
    const value = cookie.split('=')[1]!;
    const rows = await app.deps.database.db.selectFrom('sessions').select('idHash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.idHash)).not.toContain(value);
    for (const row of rows) expect(row.idHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the user name in any case', async () => {
    const signedIn = await signIn('ADMIN', TEST_PASSWORDS.admin);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toBe('admin');
  });

  it('answers wrong credentials with one generic 401, whether the user exists or not', async () => {
    const wrongPassword = await signIn('reader', 'not-the-password');
    const unknownUser = await signIn('nobody-here', 'whatever');
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect((wrongPassword.body as unknown as { detail: string }).detail).toBe(
      (unknownUser.body as unknown as { detail: string }).detail,
    );
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
  });

  it('ends a session idle for longer than 30 minutes', async () => {
    const cookie = cookieOf((await signIn('reader', TEST_PASSWORDS.reader)).headers.get('set-cookie'));
    clock.advance(29 * 60_000);
    expect((await call(app.baseUrl, '/api/session', { headers: { cookie } })).status).toBe(200);
    // Activity pushed the idle limit back.
    clock.advance(29 * 60_000);
    expect((await call(app.baseUrl, '/api/session', { headers: { cookie } })).status).toBe(200);
    clock.advance(31 * 60_000);
    expect((await call(app.baseUrl, '/api/session', { headers: { cookie } })).status).toBe(401);
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const cookie = cookieOf((await signIn('reader', TEST_PASSWORDS.reader)).headers.get('set-cookie'));
    const statuses: number[] = [];
    // A request every 25 minutes keeps it from idling out; 29 of them reach 12 h 5 min.
    for (let step = 1; step <= 29; step += 1) {
      clock.advance(25 * 60_000);
      statuses.push((await call(app.baseUrl, '/api/session', { headers: { cookie } })).status);
    }
    expect(statuses.slice(0, 28).every((status) => status === 200)).toBe(true);
    expect(statuses[28]).toBe(401);
  });
});

describe('session cookie with BTS_SECURE_COOKIES=1', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: 'none', config: { secureCookies: true, sessionIdleMinutes: 5 } });
  });
  afterAll(() => app.close());

  it('is Secure', async () => {
    const signedIn = await call(app.baseUrl, '/api/session', {
      method: 'POST',
      headers: { origin: app.origin },
      body: { username: 'admin', password: TEST_PASSWORDS.admin },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('follows a configured idle timeout', async () => {
    const { cookie } = await app.signIn('reader');
    (app.clock as ReturnType<typeof fixedClock>).advance(6 * 60_000);
    expect((await call(app.baseUrl, '/api/session', { headers: { cookie } })).status).toBe(401);
  });
});
