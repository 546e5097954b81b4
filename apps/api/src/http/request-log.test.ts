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
      (line) =>
        JSON.parse(line) as {
          msg: string;
          req?: { id: number; method: string; url: string; user?: string; headers?: unknown };
          res?: { statusCode: number };
          responseTime?: number;
        },
    );
    const sessionLines = entries.filter((e) => e.req?.url === '/api/session');
    expect(sessionLines.map((e) => [e.req?.method, e.res?.statusCode, e.req?.user])).toEqual([
      ['POST', 200, undefined],
      ['GET', 200, 'admin'],
    ]);
    expect(
      sessionLines.every((e) => e.msg === 'request completed' && typeof e.responseTime === 'number'),
    ).toBe(true);
    // Request ids number the requests, so an error line can be matched with its request.
    const ids = entries.flatMap((e) => (e.req ? [e.req.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(entries.some((e) => e.req?.headers !== undefined)).toBe(false);
    const log = lines.join('\n');
    expect(log).not.toContain(TEST_PASSWORDS.admin);
    expect(log).not.toContain(cookie.split('=')[1]);
    expect(log).not.toContain(created.body.token);
  });

  it('logs a 4xx at info, and a 5xx at error beside the error, under the same request id', async () => {
    const errorLines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        errorLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const broken = await startTestApp({ seed: 'none', logger: pino({ level: 'info' }, sink) });
    try {
      const { cookie } = await broken.signIn('admin');
      await call(broken.baseUrl, '/api/no-such-route');
      // With its database gone, resolving the session fails: an unhandled error, a 500.
      await broken.deps.database.close();
      const failed = await call(broken.baseUrl, '/api/group', { headers: { cookie } });
      expect(failed.status).toBe(500);
      const entries = errorLines.map(
        (line) =>
          JSON.parse(line) as {
            level: number;
            msg: string;
            req?: { id: number; url: string };
            res?: { statusCode: number };
          },
      );
      expect(
        entries.filter((e) => e.req?.url === '/api/no-such-route').map((e) => [e.level, e.res?.statusCode]),
      ).toEqual([[30, 404]]);
      const forGroup = entries.filter((e) => e.req?.url === '/api/group');
      expect(forGroup.map((e) => [e.level, e.msg, e.res?.statusCode])).toEqual([
        [50, 'unhandled error', undefined],
        [50, 'request completed', 500],
      ]);
      expect(forGroup[0]?.req?.id).toBe(forGroup[1]?.req?.id);
      expect(errorLines.join('\n')).not.toContain(cookie.split('=')[1]);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});
