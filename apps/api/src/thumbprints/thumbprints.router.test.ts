import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, type TestApp } from '../test-support/test-app';

describe('POST /api/thumbprints/normalize', () => {
  let app: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ seed: 'none' });
    headers = { authorization: `Bearer ${await app.createToken('reader')}` };
  });
  afterAll(() => app.close());

  const normalize = (value: unknown) =>
    call<Record<string, unknown>>(app.baseUrl, '/api/thumbprints/normalize', {
      method: 'POST',
      headers,
      body: { value },
    });

  it('normalizes a pasted thumbprint and reports the invisible character it removed', async () => {
    const response = await normalize('\u200e9a 3f 01 bc 44 de 55 aa 10 20 30 40 50 60 70 80 90 a0 b0 c0');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ok: true,
      thumbprint: '9A3F01BC44DE55AA102030405060708090A0B0C0',
      display: '9A3F 01BC 44DE 55AA 1020 3040 5060 7080 90A0 B0C0',
      removed: [{ codePoint: 'U+200E', name: 'LEFT-TO-RIGHT MARK' }],
    });
  });

  it('answers 200 with ok false and the reason for a value that is not a thumbprint', async () => {
    const badCharacter = await normalize('9A3F01BC44DE55AA102030405060708090A0B0CG');
    expect(badCharacter.status).toBe(200);
    expect(badCharacter.body).toMatchObject({
      ok: false,
      error: { code: 'invalid-character', position: 40 },
    });

    const sha256 = await normalize('AB'.repeat(32));
    expect(sha256.status).toBe(200);
    expect(sha256.body).toMatchObject({ ok: false, error: { code: 'sha256-fingerprint' } });

    const empty = await normalize('');
    expect(empty.body).toMatchObject({ ok: false, error: { code: 'empty', message: 'Enter a thumbprint' } });
  });

  it('refuses a body without a string value with 422', async () => {
    const response = await call<{ errors: { path: string }[] }>(app.baseUrl, '/api/thumbprints/normalize', {
      method: 'POST',
      headers,
      body: { value: 42 },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors[0]?.path).toBe('value');
  });
});
