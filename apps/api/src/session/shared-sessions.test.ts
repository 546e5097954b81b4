import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

// Two API instances, each with its own connection pool, on one database: what runs behind a load balancer.
describe.each(TEST_DIALECTS)('two API instances on one %s database', (dialect) => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ dialect, seed: 'none' });
    second = await startTestApp({ shareDatabaseOf: first });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('accepts on one instance a session made on the other, and signs it out everywhere', async () => {
    const { cookie } = await first.signIn('operator');
    const onSecond = await call(second.baseUrl, '/api/session', { headers: { cookie } });
    expect(onSecond.status).toBe(200);
    expect(onSecond.body).toEqual({
      user: 'operator',
      roles: ['BizTalk Server Operators'],
      expiryWarningDays: [30, 14, 7],
    });
    // Read on the first instance too, so that it has the session in hand when the second ends it.
    expect((await call(first.baseUrl, '/api/session', { headers: { cookie } })).status).toBe(200);

    const signOut = await call(second.baseUrl, '/api/session', {
      method: 'DELETE',
      headers: { cookie, origin: second.origin },
    });
    expect(signOut.status).toBe(204);
    expect((await call(first.baseUrl, '/api/session', { headers: { cookie } })).status).toBe(401);
  });

  it('accepts on one instance a token made on the other', async () => {
    const token = await second.createToken('reader');
    const onFirst = await call(first.baseUrl, '/api/session', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(onFirst.status).toBe(200);
  });

  it('keeps one unbroken audit chain when both instances write at once', async () => {
    const admins = [(await first.signIn('admin')).headers, (await second.signIn('admin')).headers];
    const writes = Array.from({ length: 12 }, (_, index) => {
      const instance = index % 2 === 0 ? first : second;
      return call(instance.baseUrl, '/api/applications', {
        method: 'POST',
        headers: admins[index % 2]!,
        body: { name: `Shared.App.${index}` },
      });
    });
    const statuses = (await Promise.all(writes)).map((response) => response.status);
    expect(statuses.every((status) => status === 201)).toBe(true);
    const verdict = await call<{ ok: boolean; entries: number }>(first.baseUrl, '/api/audit/verify', {
      headers: admins[0]!,
    });
    expect(verdict.body.ok).toBe(true);
  });
});
