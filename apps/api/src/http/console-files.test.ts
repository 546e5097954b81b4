import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { consoleFirstRequests } from '@bts-console/domain';
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
    // As the build writes it (apps/web/build/first-modules.ts): a signed-in page's route modules by path.
    writeFileSync(
      join(webDist, 'first-modules.json'),
      JSON.stringify([
        { path: '^/(?!sign-in(?:/|$))', modules: ['/assets/layout-1.js', '/assets/shared-1.js'] },
        {
          path: '^/applications/[^/]+/send-ports(?:/|$)',
          modules: ['/assets/send-ports-1.js', '/assets/shared-1.js'],
        },
      ]),
    );
    app = await startTestApp({ config: { webDistDir: webDist } });
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

  it("names a signed-in page's first API reads and route modules in its Link header, nothing for others", async () => {
    const path = '/applications/Contoso.Orders/send-ports';
    const signedOut = await rawGet(app.baseUrl, path);
    expect(signedOut.status).toBe(200);
    expect(signedOut.headers['link']).toBeUndefined();
    expect(signedOut.headers['vary']).toMatch(/Cookie/i);
    const stale = await rawGet(app.baseUrl, path, { cookie: 'bts_session=not-a-session' });
    expect(stale.headers['link']).toBeUndefined();

    const { cookie } = await app.signIn('reader');
    const linked = (page: string) =>
      rawGet(app.baseUrl, page, { cookie }).then((answer) =>
        String(answer.headers['link'] ?? '')
          .split(', ')
          .filter((link) => link !== ''),
      );
    const links = await linked(path);
    // The API reads as the console's fetch takes them: same URL, mode (cors) and credentials (same-origin).
    const reads = links.filter((link) => link.endsWith('; rel=preload; as=fetch; crossorigin'));
    const urls = reads.map((link) => link.slice(1, link.indexOf('>')));
    expect(urls).toEqual([
      '/api/session',
      '/api/applications/Contoso.Orders/send-ports?sort=name&order=asc&limit=200&offset=0',
      '/api/group',
      '/api/applications',
    ]);
    expect(urls).toEqual(consoleFirstRequests(path));
    // Each is a read the signed-in visitor may make: none is wasted on a refusal.
    for (const url of urls)
      expect((await call(app.baseUrl, url, { headers: { cookie } })).status, url).toBe(200);
    // Then the frame's and the page's modules, each once.
    expect(links.slice(reads.length)).toEqual([
      '</assets/layout-1.js>; rel=modulepreload',
      '</assets/shared-1.js>; rel=modulepreload',
      '</assets/send-ports-1.js>; rel=modulepreload',
    ]);

    // A port's dialog over the list, an application whose name needs encoding, another page, the sign-in page.
    expect((await linked(`${path}/SendPort.A/properties/general`))[1]).toContain(
      '/api/applications/Contoso.Orders/send-ports?',
    );
    expect((await linked('/applications/My%20App%2FOne/send-ports'))[1]).toContain(
      '</api/applications/My%20App%2FOne/send-ports?',
    );
    expect(await linked('/certificates')).toEqual([
      '</api/session>; rel=preload; as=fetch; crossorigin',
      '</api/group>; rel=preload; as=fetch; crossorigin',
      '</api/applications>; rel=preload; as=fetch; crossorigin',
      '</assets/layout-1.js>; rel=modulepreload',
      '</assets/shared-1.js>; rel=modulepreload',
    ]);
    expect(await linked('/sign-in')).toEqual([]);
  });

  it('answers a missing asset with 404, not with the page', async () => {
    const missing = await rawGet(app.baseUrl, '/assets/framework-00000000.js');
    expect(missing.status).toBe(404);
    expect(missing.bytes.toString()).not.toContain('BizTalk Server Administration');
  });
});
