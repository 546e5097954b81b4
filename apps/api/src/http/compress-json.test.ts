import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet } from '../test-support/http';
import { startTestApp, type SignedIn, type TestApp } from '../test-support/test-app';
import { COMPRESSED_AT_ONCE_UP_TO, COMPRESSED_FROM_BYTES } from './compress-json';

describe('compressed JSON answers', () => {
  let app: TestApp;
  let admin: SignedIn;
  // The API's own description: tens of kilobytes of JSON.
  const list = '/api/openapi.json';
  beforeAll(async () => {
    app = await startTestApp({ seed: 'none' });
    admin = await app.signIn('admin');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sends the same JSON with brotli, gzip or none, as the client accepts, and says it varies', async () => {
    const plain = await rawGet(app.baseUrl, list, admin.headers);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(COMPRESSED_FROM_BYTES);
    const json = JSON.parse(plain.bytes.toString()) as unknown;

    const br = await rawGet(app.baseUrl, list, {
      ...admin.headers,
      'accept-encoding': 'gzip, deflate, br, zstd',
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('no-store');
    expect(Number(br.headers['content-length'])).toBe(br.bytes.length);
    expect(br.bytes.length).toBeLessThan(plain.bytes.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.bytes).toString())).toEqual(json);

    const gz = await rawGet(app.baseUrl, list, { ...admin.headers, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.bytes).toString())).toEqual(json);

    const refused = await rawGet(app.baseUrl, list, {
      ...admin.headers,
      'accept-encoding': 'br;q=0, gzip;q=0',
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(refused.bytes.toString())).toEqual(json);
  });

  it('compresses an answer of a few kilobytes at once, and one larger than that in the thread pool, alike', async () => {
    const seeded = await startTestApp();
    try {
      const signedIn = await seeded.signIn('admin');
      for (const path of ['/api/send-ports/SP.Orders.AS2', list]) {
        const plain = await rawGet(seeded.baseUrl, path, signedIn.headers);
        const small = path !== list;
        expect(plain.bytes.length > COMPRESSED_FROM_BYTES).toBe(true);
        expect(plain.bytes.length <= COMPRESSED_AT_ONCE_UP_TO).toBe(small);
        for (const encoding of ['br', 'gzip']) {
          const compressed = await rawGet(seeded.baseUrl, path, {
            ...signedIn.headers,
            'accept-encoding': encoding,
          });
          expect(compressed.headers['content-encoding']).toBe(encoding);
          const bytes =
            encoding === 'br' ? brotliDecompressSync(compressed.bytes) : gunzipSync(compressed.bytes);
          expect(JSON.parse(bytes.toString())).toEqual(JSON.parse(plain.bytes.toString()));
          expect(compressed.bytes.length).toBeLessThan(plain.bytes.length);
        }
      }
    } finally {
      await seeded.close();
    }
  });

  it('leaves small answers as they are', async () => {
    const health = await rawGet(app.baseUrl, '/api/health', { 'accept-encoding': 'br, gzip' });
    expect(health.bytes.length).toBeLessThan(COMPRESSED_FROM_BYTES);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.bytes.toString())).toMatchObject({ status: 'ok' });
  });
});
