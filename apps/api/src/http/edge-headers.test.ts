import { ROLES } from '@bts-console/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredOperations } from '../openapi/registry';
import { call, rawGet } from '../test-support/http';
import { portPath, storePath } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, type SignedIn, type TestApp } from '../test-support/test-app';
import { hostNameOf } from './edge-headers';

const PORT = 'SP.Orders.Confirmation.FILE';

/** A GET with a Host header of our choosing (fetch sends the URL's own). */
async function getWithHost(baseUrl: string, path: string, host: string) {
  const answer = await rawGet(baseUrl, path, { host });
  const text = answer.bytes.toString();
  return { status: answer.status, body: (text ? JSON.parse(text) : {}) as { code?: string } };
}

describe.each(TEST_DIALECTS)('Cache-Control of the API (%s)', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let parameters: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp({ dialect });
    admin = await app.signIn('admin');
    const applications = await call<{ items: { name: string }[] }>(app.baseUrl, '/api/applications', {
      headers: admin.headers,
    });
    const certificates = await call<{ items: { thumbprint: string }[] }>(
      app.baseUrl,
      `${storePath('ADMIN01')}?limit=1`,
      { headers: admin.headers },
    );
    parameters = {
      app: applications.body.items[0]!.name,
      name: PORT,
      thumbprint: certificates.body.items[0]!.thumbprint,
      computer: 'ADMIN01',
      id: '00000000-0000-4000-8000-000000000000',
    };
  });
  afterAll(async () => {
    await app?.close();
  });

  // The port too: its ETag is its version, for If-Match; what it shows also changes without it.
  it('is no-store on every GET of the API', async () => {
    const gets = registeredOperations().filter((operation) => operation.method === 'get');
    expect(gets.length).toBeGreaterThan(15);
    for (const operation of gets) {
      const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(parameters[name] ?? 'x'),
      );
      const response = await call(app.baseUrl, path, { headers: admin.headers });
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('is no-store on the responses that carry a secret, and on refusals', async () => {
    const token = await call(app.baseUrl, '/api/tokens', {
      method: 'POST',
      headers: admin.headers,
      body: { name: `cache test ${dialect}` },
    });
    expect(token.status).toBe(201);
    expect(token.headers.get('cache-control')).toBe('no-store');
    const user = await call(app.baseUrl, '/api/users', {
      method: 'POST',
      headers: admin.headers,
      body: { username: `cache.${dialect}`, role: ROLES.readOnlyUsers },
    });
    expect(user.status).toBe(201);
    expect(user.headers.get('cache-control')).toBe('no-store');
    const anonymous = await call(app.baseUrl, '/api/users');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const port = await call(app.baseUrl, portPath(PORT), { headers: admin.headers });
    expect(port.headers.get('etag')).toMatch(/^"/);
  });
});

describe('the hosts this server answers for', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: 'none', config: { publicOrigin: 'https://bts-console.example.com' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers loopback names, its own address and the public origin host', async () => {
    const port = new URL(app.baseUrl).port;
    for (const host of [
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      'bts-console.example.com',
      'bts-console.example.com:443',
    ]) {
      expect((await getWithHost(app.baseUrl, '/api/health', host)).status, host).toBe(200);
    }
  });

  it('refuses any other Host with 421 unknown-host, on the API and the console', async () => {
    for (const host of [
      'attacker.example',
      'attacker.example:80',
      'bts-console.example.com.attacker.example',
      '10.9.8.7',
    ]) {
      for (const path of ['/api/health', '/api/session', '/']) {
        const response = await getWithHost(app.baseUrl, path, host);
        expect(response.status, `${host} ${path}`).toBe(421);
        expect(response.body.code, `${host} ${path}`).toBe('unknown-host');
      }
    }
  });

  it('reads host names as browsers send them', () => {
    expect(hostNameOf('Example.COM:8080')).toBe('example.com');
    expect(hostNameOf('[::1]:8080')).toBe('::1');
    expect(hostNameOf('[::1]')).toBe('::1');
    expect(hostNameOf('localhost.')).toBe('localhost');
  });

  it('frames nowhere, said once by the Content-Security-Policy', async () => {
    const response = await call(app.baseUrl, '/api/health');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBeNull();
  });
});
