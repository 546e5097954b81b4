import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_DIALECTS, type TestApp } from '../test-support/test-app';

interface CreatedToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  token: string;
}

describe.each(TEST_DIALECTS)('API tokens (%s)', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ dialect, seed: 'none' });
  });
  afterAll(() => app.close());

  it('creates a token shown once, lists it without the secret, and revokes it', async () => {
    const { headers } = await app.signIn('operator');
    const created = await call<CreatedToken>(app.baseUrl, '/api/tokens', {
      method: 'POST',
      headers,
      body: { name: 'nightly export' },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^btsc_[A-Za-z0-9_-]{43}$/);
    expect(created.body.name).toBe('nightly export');

    const listed = await call<{ items: Record<string, unknown>[]; total: number }>(
      app.baseUrl,
      '/api/tokens',
      {
        headers,
      },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((t) => t.id)).toContain(created.body.id);
    expect(listed.text).not.toContain(created.body.token);

    const stored = await app.deps.database.db.selectFrom('apiTokens').select('tokenHash').execute();
    expect(stored.map((row) => row.tokenHash)).not.toContain(created.body.token);

    const bearer = { authorization: `Bearer ${created.body.token}` };
    const whoAmI = await call(app.baseUrl, '/api/session', { headers: bearer });
    expect(whoAmI.status).toBe(200);
    expect(whoAmI.body).toEqual({
      user: 'operator',
      roles: ['BizTalk Server Operators'],
      expiryWarningDays: [30, 14, 7],
    });

    const revoked = await call(app.baseUrl, `/api/tokens/${created.body.id}`, { method: 'DELETE', headers });
    expect(revoked.status).toBe(204);
    expect((await call(app.baseUrl, '/api/session', { headers: bearer })).status).toBe(401);
    const again = await call(app.baseUrl, `/api/tokens/${created.body.id}`, { method: 'DELETE', headers });
    expect(again.status).toBe(404);
  });

  it('acts with the owner roles only', async () => {
    const token = await app.createToken('reader');
    const refused = await call<{ code: string }>(app.baseUrl, '/api/applications', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: { name: 'Not For Readers' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });

  it('refuses an unknown or malformed token with 401 rather than falling back to the cookie', async () => {
    const { cookie } = await app.signIn('admin');
    for (const authorization of ['Bearer btsc_unknown', 'Bearer', 'Basic YWRtaW46eA==']) {
      const response = await call(app.baseUrl, '/api/session', { headers: { authorization, cookie } });
      expect(response.status).toBe(401);
    }
  });

  it("does not let a user revoke someone else's token, but lets an administrator", async () => {
    const operatorHeaders = (await app.signIn('operator')).headers;
    const readerToken = await call<CreatedToken>(app.baseUrl, '/api/tokens', {
      method: 'POST',
      headers: (await app.signIn('reader')).headers,
      body: { name: 'reader script' },
    });
    const byOperator = await call(app.baseUrl, `/api/tokens/${readerToken.body.id}`, {
      method: 'DELETE',
      headers: operatorHeaders,
    });
    expect(byOperator.status).toBe(404);
    const byAdmin = await call(app.baseUrl, `/api/tokens/${readerToken.body.id}`, {
      method: 'DELETE',
      headers: (await app.signIn('admin')).headers,
    });
    expect(byAdmin.status).toBe(204);
  });

  it('validates the name and the id', async () => {
    const { headers } = await app.signIn('admin');
    const noName = await call<{ code: string; errors: { path: string }[] }>(app.baseUrl, '/api/tokens', {
      method: 'POST',
      headers,
      body: { name: '   ' },
    });
    expect(noName.status).toBe(422);
    expect(noName.body.errors[0]?.path).toBe('name');
    expect((await call(app.baseUrl, '/api/tokens/abc', { method: 'DELETE', headers })).status).toBe(422);
  });

  it('audits creation and revocation', async () => {
    const { headers } = await app.signIn('admin');
    const audit = await call<{ items: { action: string }[] }>(app.baseUrl, '/api/audit?user=operator', {
      headers,
    });
    const actions = audit.body.items.map((entry) => entry.action);
    expect(actions).toContain('token.create');
    expect(actions).toContain('token.revoke');
  });
});
