import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_PASSWORDS, type TestApp } from '../test-support/test-app';

describe('cross-site request forgery check', () => {
  let app: TestApp;
  let cookie: string;
  beforeAll(async () => {
    app = await startTestApp({ seed: 'none', config: { publicOrigin: 'https://bts.example.com' } });
    ({ cookie } = await app.signIn('admin'));
  });
  afterAll(() => app.close());

  const createToken = (headers: Record<string, string>) =>
    call<{ code?: string; detail?: string }>(app.baseUrl, '/api/tokens', {
      method: 'POST',
      headers,
      body: { name: 'forgery test' },
    });

  it('accepts a cookie request whose Origin is the server itself or BTS_PUBLIC_ORIGIN', async () => {
    expect((await createToken({ cookie, origin: app.origin })).status).toBe(201);
    expect((await createToken({ cookie, origin: 'https://bts.example.com' })).status).toBe(201);
  });

  it('refuses a cookie request from a foreign origin with 403', async () => {
    const refused = await createToken({ cookie, origin: 'https://evil.example.net' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('cross-site-request');
    expect(refused.body.detail).toContain('https://evil.example.net');
  });

  it('refuses a cookie request with neither Origin nor Referer', async () => {
    const refused = await createToken({ cookie });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('cross-site-request');
  });

  it('falls back to Referer when Origin is absent', async () => {
    expect((await createToken({ cookie, referer: `${app.origin}/applications` })).status).toBe(201);
    expect((await createToken({ cookie, referer: 'https://evil.example.net/page' })).status).toBe(403);
  });

  it('does not let a null Origin through', async () => {
    expect((await createToken({ cookie, origin: 'null' })).status).toBe(403);
  });

  it('changes nothing when it refuses', async () => {
    const { headers } = await app.signIn('admin');
    const before = await call<{ total: number }>(app.baseUrl, '/api/tokens', { headers });
    await createToken({ cookie, origin: 'https://evil.example.net' });
    const after = await call<{ total: number }>(app.baseUrl, '/api/tokens', { headers });
    expect(after.body.total).toBe(before.body.total);
  });

  it('exempts requests that authenticate with an API token', async () => {
    const token = await app.createToken('admin');
    const created = await createToken({ authorization: `Bearer ${token}` });
    expect(created.status).toBe(201);
  });

  it('refuses a sign-in posted from another site, but lets scripts without Origin sign in', async () => {
    const body = { username: 'reader', password: TEST_PASSWORDS.reader };
    const forged = await call<{ code: string }>(app.baseUrl, '/api/session', {
      method: 'POST',
      headers: { origin: 'https://evil.example.net' },
      body,
    });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('cross-site-request');
    expect((await call(app.baseUrl, '/api/session', { method: 'POST', body })).status).toBe(200);
  });

  it('lets reads through without Origin', async () => {
    expect((await call(app.baseUrl, '/api/session', { headers: { cookie } })).status).toBe(200);
  });
});
