import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, type TestApp } from '../test-support/test-app';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
}

describe('errors and headers', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ seed: 'none' });
    admin = (await app.signIn('admin')).headers;
  });
  afterAll(() => app.close());

  function expectProblem(
    response: { status: number; headers: Headers; body: unknown },
    status: number,
    code: string,
  ) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.body as Problem;
    expect(problem).toMatchObject({ status, code, type: `https://bts-console.dev/problems/${code}` });
    expect(problem.title.length).toBeGreaterThan(0);
    expect(problem.detail.length).toBeGreaterThan(0);
    expect(JSON.stringify(problem)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  }

  it('answers an unknown /api route with a 404 problem, signed in or not', async () => {
    expectProblem(await call(app.baseUrl, '/api/no-such-thing'), 404, 'not-found');
    expectProblem(
      await call(app.baseUrl, '/api/no-such-thing', { method: 'POST', headers: admin, body: {} }),
      404,
      'not-found',
    );
  });

  it('answers malformed JSON with a 400 problem that does not echo the body', async () => {
    const response = await call<Problem>(app.baseUrl, '/api/applications', {
      method: 'POST',
      headers: admin,
      body: '{"name": "Contoso", secret-text',
    });
    expectProblem(response, 400, 'malformed-json');
    expect(response.text).not.toContain('secret-text');
  });

  it('answers a JSON body over 100 KB with a 413 problem', async () => {
    const response = await call(app.baseUrl, '/api/thumbprints/normalize', {
      method: 'POST',
      headers: admin,
      body: { value: 'A'.repeat(101 * 1024) },
    });
    expectProblem(response, 413, 'payload-too-large');
  });

  it('accepts a JSON body just under 100 KB (then validates it)', async () => {
    const response = await call(app.baseUrl, '/api/thumbprints/normalize', {
      method: 'POST',
      headers: admin,
      body: { value: 'A'.repeat(99 * 1024) },
    });
    expectProblem(response, 422, 'validation-failed');
  });

  it('answers a request without a session with a 401 problem', async () => {
    expectProblem(await call(app.baseUrl, '/api/group'), 401, 'unauthenticated');
  });

  it('sends no X-Powered-By and a strict Content-Security-Policy', async () => {
    for (const path of ['/api/health', '/api/no-such-thing']) {
      const response = await call(app.baseUrl, path);
      expect(response.headers.get('x-powered-by')).toBeNull();
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src ')) ?? '';
      expect(scriptSrc).not.toContain('unsafe-inline');
      expect(scriptSrc).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('answers health without sign-in, naming the database engine only to the signed-in', async () => {
    const response = await call<{ status: string; database: { dialect?: string; reachable: boolean } }>(
      app.baseUrl,
      '/api/health',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', database: { reachable: true } });
    expect(response.body.database).toEqual({ reachable: true });
    const signedIn = await call<{ database: { dialect?: string } }>(app.baseUrl, '/api/health', {
      headers: admin,
    });
    expect(signedIn.body.database).toEqual({ dialect: 'sqlite', reachable: true });
  });
});
