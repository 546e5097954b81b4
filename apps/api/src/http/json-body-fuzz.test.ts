import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';

/** Bodies a careless or hostile client might send: any JSON, near-miss shapes, and text that is not JSON. */
function bodies(fields: string[]): fc.Arbitrary<string> {
  const nearMiss = fc
    .dictionary(fc.constantFrom(...fields, '__proto__', 'constructor', 'extra'), fc.jsonValue(), {
      maxKeys: 4,
    })
    .map((value) => JSON.stringify(value));
  const wellTyped = fc
    .record(Object.fromEntries(fields.map((field) => [field, fc.string({ unit: 'binary', maxLength: 300 })])))
    .map((value) => JSON.stringify(value));
  return fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    nearMiss,
    wellTyped,
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom('', '{', '[', 'null', '"', '{"a":1,}', '\u0000', '{"username":"admin","password":'),
  );
}

const ENDPOINTS: { path: string; fields: string[] }[] = [
  { path: '/api/session', fields: ['username', 'password'] },
  { path: '/api/tokens', fields: ['name'] },
  { path: '/api/users', fields: ['username', 'role'] },
  { path: '/api/applications', fields: ['name', 'description'] },
  { path: '/api/thumbprints/normalize', fields: ['value'] },
];

describe('no malformed JSON body gives a 5xx', () => {
  let app: TestApp;
  let authorization: string;
  beforeAll(async () => {
    app = await startTestApp({ seed: 'none' });
    authorization = `Bearer ${await app.createToken('admin')}`;
  });
  afterAll(() => app.close());

  it.each(ENDPOINTS)('POST $path', async ({ path, fields }) => {
    await fc.assert(
      fc.asyncProperty(bodies(fields), async (body) => {
        // Otherwise, after a few failed sign-ins, every later case would only reach the throttle.
        if (path === '/api/session') await app.deps.database.db.deleteFrom('signInAttempts').execute();
        const response = await fetch(`${app.baseUrl}${path}`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body,
        });
        const text = await response.text();
        expect(response.status, text).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toContain('application/problem+json');
        }
      }),
      { numRuns: 200 },
    );
  });

  /** Path segments that are not valid percent-encoding, or decode to odd text. */
  const segments = fc.oneof(
    fc.constantFrom('%ZZ', '%', '%E0%A4%A', '%C0%AF', '%00', '..%2F..%2Fetc', '%F0%9F%92%A9', '%25ZZ'),
    fc.string({ unit: 'binary', maxLength: 40 }).map((text) => encodeURIComponent(text)),
  );
  const PATH_ROUTES: { method: string; path: (segment: string) => string }[] = [
    { method: 'DELETE', path: (segment) => `/api/tokens/${segment}` },
    { method: 'POST', path: (segment) => `/api/users/${segment}/reset-password` },
    { method: 'GET', path: (segment) => `/api/send-ports/${segment}` },
    { method: 'GET', path: (segment) => `/api/applications/${segment}` },
  ];

  it.each(PATH_ROUTES)('$method with odd path parameters', async ({ method, path }) => {
    await fc.assert(
      fc.asyncProperty(segments, async (segment) => {
        const response = await fetch(`${app.baseUrl}${path(segment)}`, {
          method,
          headers: { authorization, 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : '{}',
        });
        const text = await response.text();
        expect(response.status, text).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toContain('application/problem+json');
        }
        // A refusal of text that is not percent-encoding does not echo it.
        if (response.status === 400) expect(text).not.toContain(segment);
      }),
      { numRuns: 60 },
    );
  });

  it('answers 400 for a path parameter that is not valid percent-encoding', async () => {
    const response = await fetch(`${app.baseUrl}/api/tokens/%ZZ`, {
      method: 'DELETE',
      headers: { authorization },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/percent-encoding/);
  });

  it.each(['gzip', 'deflate', 'br', 'identity', 'compress', 'x-unknown', 'gzip, gzip'])(
    'a body with Content-Encoding: %s that does not match it gives a 4xx problem',
    async (encoding) => {
      for (const path of ['/api/session', '/api/tokens']) {
        await app.deps.database.db.deleteFrom('signInAttempts').execute();
        const response = await fetch(`${app.baseUrl}${path}`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json', 'content-encoding': encoding },
          body: '{"username":"admin","password":"not gzip at all"}',
        });
        const text = await response.text();
        expect(response.status, text).toBeGreaterThanOrEqual(400);
        expect(response.status, text).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        if (encoding === 'compress' || encoding === 'x-unknown') expect(response.status).toBe(415);
      }
    },
  );
});
