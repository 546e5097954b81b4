import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, rawGet } from '../test-support/http';
import { startTestApp, type TestApp } from '../test-support/test-app';

const HASHED = 'framework-BqKTWCsx.js';
const SCRIPT = `export const rows = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `row ${i}`))};`;

describe('the console on the same port', () => {
  let app: TestApp;
  let webDist: string;
  beforeAll(async () => {
    webDist = mkdtempSync(join(tmpdir(), 'bts-web-dist-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>BizTalk Server Administration</title>');
    writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log("console");');
    // As the build writes them: a hashed name, and compressed copies beside it.
    writeFileSync(join(webDist, 'assets', HASHED), SCRIPT);
    writeFileSync(join(webDist, 'assets', `${HASHED}.br`), brotliCompressSync(SCRIPT));
    writeFileSync(join(webDist, 'assets', `${HASHED}.gz`), gzipSync(SCRIPT));
    app = await startTestApp({ seed: 'none', config: { webDistDir: webDist } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(webDist, { recursive: true, force: true });
  });

  it('serves the built files and answers every console URL with index.html', async () => {
    const asset = await call<string>(app.baseUrl, '/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    for (const path of ['/', '/applications/Contoso.Orders/send-ports', '/certificates/BTS01/other-people']) {
      const page = await call<string>(app.baseUrl, path);
      expect(page.status, path).toBe(200);
      expect(page.body).toContain('BizTalk Server Administration');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('keeps /api paths out of the fallback', async () => {
    const unknown = await call<{ code: string }>(app.baseUrl, '/api/not-a-route');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not-found');
    expect((await call(app.baseUrl, '/api')).status).toBe(404);
  });

  it("sends the build's brotli or gzip copy as the browser accepts, with the type of the file", async () => {
    const path = `/assets/${HASHED}`;
    const br = await rawGet(app.baseUrl, path, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(br.bytes).toString()).toBe(SCRIPT);
    const gz = await rawGet(app.baseUrl, path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.bytes).toString()).toBe(SCRIPT);
    const plain = await rawGet(app.baseUrl, path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.toString()).toBe(SCRIPT);
  });

  it('caches hashed assets for good, other files a while, and revalidates index.html', async () => {
    const hashed = await rawGet(app.baseUrl, `/assets/${HASHED}`, { 'accept-encoding': 'br' });
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const unhashed = await rawGet(app.baseUrl, '/assets/app.js');
    expect(unhashed.headers['cache-control']).toBe('public, max-age=3600');
    for (const path of ['/', '/applications/Contoso.Orders/send-ports']) {
      const page = await rawGet(app.baseUrl, path);
      expect(page.headers['cache-control'], path).toBe('no-cache');
      expect(page.headers['content-type'], path).toContain('text/html');
    }
  });

  it('answers a missing asset with 404, not with the page', async () => {
    const missing = await rawGet(app.baseUrl, '/assets/framework-00000000.js');
    expect(missing.status).toBe(404);
    expect(missing.bytes.toString()).not.toContain('BizTalk Server Administration');
  });
});
