import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

describe.each(TEST_DIALECTS)('users (%s)', (dialect) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ dialect, seed: 'none' });
    admin = (await app.signIn('admin')).headers;
  });
  afterAll(() => app.close());

  const signIn = (username: string, password: string) =>
    call(app.baseUrl, '/api/session', {
      method: 'POST',
      headers: { origin: app.origin },
      body: { username, password },
    });

  it('creates a user with a generated password shown once, who can then sign in', async () => {
    const created = await call<{ username: string; roles: string[]; password: string }>(
      app.baseUrl,
      '/api/users',
      {
        method: 'POST',
        headers: admin,
        body: { username: 'dev.alice', role: 'BizTalk Server Operators' },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.username).toBe('dev.alice');
    expect(created.body.roles).toEqual(['BizTalk Server Operators']);
    expect(created.body.password).toMatch(/^[A-Za-z2-9]{20}$/);
    expect((await signIn('dev.alice', created.body.password)).status).toBe(200);

    const listed = await call<{ items: { username: string }[] }>(app.baseUrl, '/api/users', {
      headers: admin,
    });
    expect(listed.body.items.map((u) => u.username)).toEqual(['admin', 'dev.alice', 'operator', 'reader']);
    expect(listed.text).not.toContain(created.body.password);
    expect(listed.text).not.toContain('scrypt');
  });

  it('refuses a second user of the same name in any case with 409', async () => {
    const duplicate = await call<{ code: string }>(app.baseUrl, '/api/users', {
      method: 'POST',
      headers: admin,
      body: { username: 'OPERATOR', role: 'BizTalk Server Read Only Users' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('conflict');
  });

  it('refuses an unknown role and a bad user name with field errors', async () => {
    const response = await call<{ errors: { path: string }[] }>(app.baseUrl, '/api/users', {
      method: 'POST',
      headers: admin,
      body: { username: 'has space', role: 'Domain Admins' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e) => e.path).sort()).toEqual(['role', 'username']);
  });

  it('resets a password: the old one stops working, the new one works, and sessions end', async () => {
    const created = await call<{ password: string }>(app.baseUrl, '/api/users', {
      method: 'POST',
      headers: admin,
      body: { username: 'bob', role: 'BizTalk Server Read Only Users' },
    });
    const bobSession = await signIn('bob', created.body.password);
    const bobCookie = (bobSession.headers.get('set-cookie') ?? '').split(';')[0]!;
    const bobToken = await call<{ token: string }>(app.baseUrl, '/api/tokens', {
      method: 'POST',
      headers: { cookie: bobCookie, origin: app.origin },
      body: { name: 'bob script' },
    });
    expect(bobToken.status).toBe(201);
    const asBobScript = { authorization: `Bearer ${bobToken.body.token}` };
    expect((await call(app.baseUrl, '/api/session', { headers: asBobScript })).status).toBe(200);

    const reset = await call<{ password: string }>(app.baseUrl, '/api/users/Bob/reset-password', {
      method: 'POST',
      headers: admin,
    });
    expect(reset.status).toBe(200);
    expect(reset.body.password).not.toBe(created.body.password);
    expect((await signIn('bob', created.body.password)).status).toBe(401);
    expect((await signIn('bob', reset.body.password)).status).toBe(200);
    expect((await call(app.baseUrl, '/api/session', { headers: { cookie: bobCookie } })).status).toBe(401);
    // A token made by whoever knew the old password stops working too.
    expect((await call(app.baseUrl, '/api/session', { headers: asBobScript })).status).toBe(401);

    const unknown = await call(app.baseUrl, '/api/users/nobody/reset-password', {
      method: 'POST',
      headers: admin,
    });
    expect(unknown.status).toBe(404);
  });

  it('is for administrators only', async () => {
    const operator = (await app.signIn('operator')).headers;
    expect((await call(app.baseUrl, '/api/users', { headers: operator })).status).toBe(403);
    const refused = await call<{ detail: string }>(app.baseUrl, '/api/users', {
      method: 'POST',
      headers: operator,
      body: { username: 'mallory', role: 'BizTalk Server Administrators' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('BizTalk Server Administrators');
  });

  it('audits creation and reset', async () => {
    const audit = await call<{ items: { action: string; target: string }[] }>(
      app.baseUrl,
      '/api/audit?user=admin&limit=100',
      { headers: admin },
    );
    const entries = audit.body.items.map((entry) => `${entry.action} ${entry.target}`);
    expect(entries).toContain('user.create dev.alice');
    expect(entries).toContain('user.reset-password bob');
    const reset = audit.body.items.find((entry) => entry.action === 'user.reset-password') as
      { after?: { tokensRevoked?: number; sessionsEnded?: number } } | undefined;
    expect(reset?.after).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
  });
});
