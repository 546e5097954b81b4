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
});
