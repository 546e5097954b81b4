import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, type TestApp } from '../test-support/test-app';

describe('the console on the same port', () => {
  let app: TestApp;
  let webDist: string;
  beforeAll(async () => {
    webDist = mkdtempSync(join(tmpdir(), 'bts-web-dist-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>BizTalk Server Administration</title>');
    writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log("console");');
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
});
