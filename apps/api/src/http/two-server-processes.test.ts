import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../config/env';
import { connectAsAdministrator } from '../test-support/database-outage';
import { call } from '../test-support/http';

const databaseUrl = testDatabaseUrl();
const API_ROOT = join(import.meta.dirname, '..', '..');
const PORT_PATH = `/api/send-ports/${encodeURIComponent('SP.Orders.AS2')}`;

interface ServerProcess {
  origin: string;
  child: ChildProcess;
  output: string[];
}

/*
 * Two production server processes (src/server.ts) on one PostgreSQL database, as behind a load
 * balancer. Each keeps sessions and port answers while nothing changes (ADR 021); a change made
 * through one, or straight in the database, must be seen by the very next request to the other, and
 * so must the loss of the connection that tells it of changes.
 */
describe.runIf(databaseUrl)('two API processes on one PostgreSQL database', () => {
  const databaseName = `bts_two_processes_${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bts-two-processes-'));
  const password = randomBytes(12).toString('hex');
  const servers: ServerProcess[] = [];
  let admin: pg.Client;
  let url: string;

  function start(seed: 'demo' | 'none'): ServerProcess {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const output: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: API_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: url,
        BTS_DATA_DIR: dataDir,
        BTS_ADMIN_PASSWORD: password,
        BTS_OPERATOR_PASSWORD: password,
        BTS_SEED: seed,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const server = { origin: `http://127.0.0.1:${port}`, child, output };
    servers.push(server);
    return server;
  }

  async function healthy(server: ServerProcess): Promise<void> {
    for (let attempt = 0; attempt < 1_200; attempt += 1) {
      if (server.child.exitCode !== null) break;
      try {
        if ((await fetch(`${server.origin}/api/health`)).status === 200) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The server did not become healthy:\n${server.output.join('')}`);
  }

  async function signIn(server: ServerProcess, username: string): Promise<string> {
    const response = await call(server.origin, '/api/session', {
      method: 'POST',
      headers: { origin: server.origin },
      body: { username, password },
    });
    expect(response.status).toBe(200);
    return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  }

  /** Read twice: the second answer is the one the process may have kept. */
  async function readPort(server: ServerProcess, cookie: string) {
    await call(server.origin, PORT_PATH, { headers: { cookie } });
    return call<{ version: number; certificate: { thumbprint: string } | null }>(server.origin, PORT_PATH, {
      headers: { cookie },
    });
  }

  let first: ServerProcess;
  let second: ServerProcess;

  beforeAll(async () => {
    admin = await connectAsAdministrator(databaseUrl!);
    await admin.query(`create database ${databaseName}`);
    const target = new URL(databaseUrl!);
    target.pathname = `/${databaseName}`;
    url = target.toString();
    first = start('demo');
    await healthy(first);
    second = start('none');
    await healthy(second);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    if (admin) {
      await admin.query(`drop database if exists ${databaseName} with (force)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('shows a port written through one process on the very next read from the other', async () => {
    const cookie = await signIn(first, 'admin');
    const original = await readPort(second, cookie);
    expect(original.status).toBe(200);
    const thumbprint = original.body.certificate!.thumbprint;
    let version = original.body.version;
    for (let round = 0; round < 10; round += 1) {
      // Both processes have the port in hand before each write.
      const [writer, reader] = round % 2 === 0 ? [first, second] : [second, first];
      const held = await readPort(reader, cookie);
      expect(held.body.version).toBe(version);
      const etag = held.headers.get('etag')!;
      const written =
        round % 2 === 0
          ? await call(writer.origin, `${PORT_PATH}/certificate`, {
              method: 'DELETE',
              headers: { cookie, origin: writer.origin, 'if-match': etag },
            })
          : await call(writer.origin, `${PORT_PATH}/certificate`, {
              method: 'PUT',
              headers: { cookie, origin: writer.origin, 'if-match': etag },
              body: { thumbprint },
            });
      expect(written.status).toBe(200);
      version += 1;
      const seen = await call<{ version: number; certificate: unknown }>(reader.origin, PORT_PATH, {
        headers: { cookie },
      });
      expect(seen.body.version).toBe(version);
      expect(seen.headers.get('etag')).toBe(written.headers.get('etag'));
      expect(seen.body.certificate === null).toBe(round % 2 === 0);
    }
  });

  it('refuses on the other process, at once, a session signed out on one', async () => {
    const cookie = await signIn(first, 'operator');
    expect((await readPort(second, cookie)).status).toBe(200);
    expect((await readPort(first, cookie)).status).toBe(200);
    const signOut = await call(first.origin, '/api/session', {
      method: 'DELETE',
      headers: { cookie, origin: first.origin },
    });
    expect(signOut.status).toBe(204);
    expect((await call(second.origin, PORT_PATH, { headers: { cookie } })).status).toBe(401);
    expect((await call(second.origin, '/api/session', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses on the other process, at once, an API token revoked on one', async () => {
    const cookie = await signIn(first, 'admin');
    const created = await call<{ id: string; token: string }>(first.origin, '/api/tokens', {
      method: 'POST',
      headers: { cookie, origin: first.origin },
      body: { name: 'two processes' },
    });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    // Twice on each: the second answer is the one a process may have kept.
    for (const server of [second, first, second, first]) {
      expect((await call(server.origin, PORT_PATH, { headers: bearer })).status).toBe(200);
    }
    const revoked = await call(second.origin, `/api/tokens/${created.body.id}`, {
      method: 'DELETE',
      headers: { cookie, origin: second.origin },
    });
    expect(revoked.status).toBe(204);
    expect((await call(first.origin, PORT_PATH, { headers: bearer })).status).toBe(401);
    expect((await call(second.origin, PORT_PATH, { headers: bearer })).status).toBe(401);
  });

  it('applies a role changed straight in the database to the next request on either process', async () => {
    const cookie = await signIn(second, 'operator');
    const asked = async (server: ServerProcess) =>
      (await call<{ roles: string[] }>(server.origin, '/api/session', { headers: { cookie } })).body.roles;
    expect(await asked(first)).toEqual(['BizTalk Server Operators']);
    expect(await asked(second)).toEqual(['BizTalk Server Operators']);
    const target = await connectAsAdministrator(url);
    try {
      await target.query(`update users set roles = $1 where username = 'operator'`, [
        JSON.stringify(['Read-Only Users']),
      ]);
      expect(await asked(first)).toEqual(['Read-Only Users']);
      expect(await asked(second)).toEqual(['Read-Only Users']);
      await target.query(`update users set roles = $1 where username = 'operator'`, [
        JSON.stringify(['BizTalk Server Operators']),
      ]);
      expect(await asked(second)).toEqual(['BizTalk Server Operators']);
    } finally {
      await target.end();
    }
  });

  it('reads through while the connection that tells of changes is lost, and sees every change', async () => {
    const cookie = await signIn(first, 'admin');
    const before = await readPort(second, cookie);
    expect(before.status).toBe(200);
    // Every backend of the database ends, the listening connections of both processes among them.
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [
      databaseName,
    ]);
    // A change made while nobody listens: straight in the database.
    const target = await connectAsAdministrator(url);
    try {
      await target.query(`update send_ports set version = version + 1 where name = 'SP.Orders.AS2'`);
    } finally {
      await target.end();
    }
    let seen = await call<{ version: number }>(second.origin, PORT_PATH, { headers: { cookie } });
    // The pool's connections were ended too: a request that used one answers 503, and is repeated.
    for (let attempt = 0; attempt < 5 && seen.status === 503; attempt += 1) {
      seen = await call<{ version: number }>(second.origin, PORT_PATH, { headers: { cookie } });
    }
    expect(seen.status).toBe(200);
    expect(seen.body.version).toBe(before.body.version + 1);
    expect(servers.every(({ child }) => child.exitCode === null)).toBe(true);
  });
});
