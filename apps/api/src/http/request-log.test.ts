import { pino } from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../test-support/http';
import { startTestApp, TEST_PASSWORDS, type TestApp } from '../test-support/test-app';

describe('request log', () => {
  const lines: string[] = [];
  let app: TestApp;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    app = await startTestApp({ seed: 'none', logger: pino({ level: 'info' }, sink) });
  });
  afterAll(() => app.close());

  it('logs each request as JSON without passwords, cookies or tokens', async () => {
    const signedIn = await call(app.baseUrl, '/api/session', {
      method: 'POST',
      headers: { origin: app.origin },
      body: { username: 'admin', password: TEST_PASSWORDS.admin },
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const created = await call<{ token: string }>(app.baseUrl, '/api/tokens', {
      method: 'POST',
      headers: { cookie, origin: app.origin },
      body: { name: 'log test' },
    });
    await call(app.baseUrl, '/api/session', { headers: { authorization: `Bearer ${created.body.token}` } });

    const entries = lines.map(
      (line) => JSON.parse(line) as { req?: { url: string }; res?: { statusCode: number } },
    );
    expect(entries.filter((e) => e.req?.url === '/api/session').map((e) => e.res?.statusCode)).toEqual([
      200, 200,
    ]);
    const log = lines.join('\n');
    expect(log).not.toContain(TEST_PASSWORDS.admin);
    expect(log).not.toContain(cookie.split('=')[1]);
    expect(log).not.toContain(created.body.token);
    expect(log).toContain('[redacted]');
  });
});
