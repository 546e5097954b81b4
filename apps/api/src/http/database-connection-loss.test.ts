import { openDatabase, postgresApplicationName, type BtsDatabase } from '@bts-console/db';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { testDatabaseUrl } from '../config/env';
import {
  connectAsAdministrator,
  newPortsBindingFile,
  startDatabaseRelay,
  terminateBusyBackends,
  type DatabaseRelay,
} from '../test-support/database-outage';
import { apiClient, type ApiClient, type ApiResponse } from '../test-support/port-test-client';
import { startTestApp, TEST_DIALECTS, TEST_PASSWORDS, type TestApp } from '../test-support/test-app';

/*
 * A PostgreSQL backend that ends under the API (an administrator's pg_terminate_backend, a restart, a
 * failover, idle_in_transaction_session_timeout) used to end the whole process with an unhandled
 * 'error' event. Here the server's own backends are ended while it reads, writes and imports a binding
 * file: the same server keeps answering, a request that lost its connection gets 503 with Retry-After,
 * nothing is half written, and the audit chain verifies.
 */

/** Terminations the issue asks for in each of reads, writes and a binding import. */
const TERMINATIONS = 10;
/** Requests in flight at once, so that a backend is busy whenever one is looked for. */
const CONCURRENCY = 6;
const APP1 = 'BizTalk Application 1';

/** Only PostgreSQL has backends to terminate. */
const POSTGRES = TEST_DIALECTS.filter((dialect) => dialect === 'postgres');

/** The statuses a response other than `expected` and a proper 503 had, with their bodies. */
function unexpected(responses: readonly ApiResponse[], expected: number): unknown[] {
  return responses
    .filter(
      (response) =>
        response.status !== expected &&
        !(
          response.status === 503 &&
          response.body?.code === 'database-unavailable' &&
          response.headers.get('retry-after') === '2'
        ),
    )
    .map((response) => ({ status: response.status, body: response.body }));
}

describe.each(POSTGRES)('backends of %s terminated under the API', () => {
  let app: TestApp;
  let api: ApiClient;
  let admin: pg.Client;
  let applicationName: string;

  beforeAll(async () => {
    app = await startTestApp({ dialect: 'postgres' });
    api = apiClient(app);
    admin = await connectAsAdministrator(testDatabaseUrl()!);
    applicationName = postgresApplicationName(app.deps.database.schema);
    // Signed in before any backend is ended: the tests are about requests, not about signing in.
    expect((await api.call('admin', 'GET', '/api/session')).status).toBe(200);
  });
  afterAll(async () => {
    await admin?.end();
    await app?.close();
  });

  /**
   * Keeps CONCURRENCY requests in flight while it ends a busy backend TERMINATIONS times, letting a few
   * requests finish between two ends; resolves to every response and the backends ended per round.
   */
  async function underTerminations(
    request: (index: number) => Promise<ApiResponse>,
    rounds = TERMINATIONS,
  ): Promise<{ responses: ApiResponse[]; ended: number[] }> {
    const responses: ApiResponse[] = [];
    const ended: number[] = [];
    let stop = false;
    let next = 0;
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      try {
        while (!stop) responses.push(await request((next += 1)));
      } finally {
        // A request that throws (the server gone) ends the load rather than leave the rounds waiting.
        stop = true;
      }
    });
    try {
      for (let round = 0; round < rounds; round += 1) {
        const before = responses.length;
        ended.push(await terminateBusyBackends(admin, applicationName));
        while (!stop && responses.length < before + CONCURRENCY) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
    } finally {
      stop = true;
      await Promise.all(workers);
    }
    return { responses, ended };
  }

  /** The server answers again: a few requests may still meet connections that died while idle. */
  async function answersAgain(path: string): Promise<ApiResponse> {
    let response = await api.call('admin', 'GET', path);
    for (let attempt = 0; attempt < 20 && response.status === 503; attempt += 1) {
      response = await api.call('admin', 'GET', path);
    }
    return response;
  }

  async function expectAuditChainIntact(): Promise<void> {
    const verify = await answersAgain('/api/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
  }

  it(`stays up through ${TERMINATIONS} terminations during reads, answering 200 or 503 with Retry-After`, async () => {
    const paths = [
      `/api/applications/${encodeURIComponent(APP1)}/send-ports`,
      '/api/audit?limit=50',
      '/api/tokens',
    ];
    const { responses, ended } = await underTerminations((index) =>
      api.call('admin', 'GET', paths[index % paths.length]!),
    );
    expect(ended.filter((count) => count > 0)).toHaveLength(TERMINATIONS);
    expect(unexpected(responses, 200)).toEqual([]);
    expect((await answersAgain(paths[0]!)).status).toBe(200);
    await expectAuditChainIntact();
  });

  it(`writes all or nothing through ${TERMINATIONS} terminations during writes`, async () => {
    const { responses, ended } = await underTerminations((index) =>
      api.call('admin', 'POST', '/api/tokens', { json: { name: `outage-${index}` } }),
    );
    expect(ended.filter((count) => count > 0)).toHaveLength(TERMINATIONS);
    expect(unexpected(responses, 201)).toEqual([]);

    const db = app.deps.database.db;
    const tokens = await db
      .selectFrom('apiTokens')
      .select(['id', 'name'])
      .where('name', 'like', 'outage-%')
      .execute();
    const audited = await db
      .selectFrom('auditEntries')
      .select('target')
      .where('action', '=', 'token.create')
      .execute();
    // Every token answered 201 exists; each stored token has its audit entry and no entry lacks its token.
    const created = responses.filter((response) => response.status === 201).map((r) => r.body.name);
    expect(tokens.map((token) => token.name)).toEqual(expect.arrayContaining(created));
    expect(audited.map((entry) => entry.target).sort()).toEqual(
      tokens.map((token) => String(token.id)).sort(),
    );
    await expectAuditChainIntact();
  });

  it(`imports a binding file all or nothing through ${TERMINATIONS} terminations`, async () => {
    const PORTS = 200;
    const outcomes: { prefix: string; status: number }[] = [];
    for (let round = 0; round < TERMINATIONS; round += 1) {
      const prefix = `SP.Outage.${round}`;
      const file = newPortsBindingFile(APP1, prefix, PORTS);
      const importing = api.call('admin', 'POST', `/api/applications/${encodeURIComponent(APP1)}/bindings`, {
        bytes: file,
        headers: { 'content-type': 'application/xml' },
      });
      const ended = await terminateBusyBackends(admin, applicationName);
      const response = await importing;
      expect(ended).toBeGreaterThan(0);
      expect(unexpected([response], 200)).toEqual([]);
      outcomes.push({ prefix, status: response.status });
    }

    const db = app.deps.database.db;
    for (const { prefix, status } of outcomes) {
      const stored = await db
        .selectFrom('sendPorts')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('name', 'like', `${prefix}.%`)
        .executeTakeFirstOrThrow();
      // A 503 may come after the commit it could not confirm; either way no import is half applied.
      const count = Number(stored.count);
      if (status === 200) expect(count).toBe(PORTS);
      else expect([0, PORTS]).toContain(count);
    }
    expect(outcomes.map((outcome) => outcome.status)).toContain(503);
    await expectAuditChainIntact();
    // The server that took every termination, in this very process, is the one still answering.
    expect((await answersAgain('/api/session')).status).toBe(200);
  });
});

describe.each(POSTGRES)('health while %s is unreachable', () => {
  let app: TestApp;
  let relay: DatabaseRelay;
  let relayed: BtsDatabase;
  let listening: Server;
  let baseUrl: string;

  beforeAll(async () => {
    app = await startTestApp({ dialect: 'postgres' });
    relay = await startDatabaseRelay(testDatabaseUrl()!);
    // A second server whose only way to the database is the relay.
    relayed = await openDatabase({
      databaseUrl: relay.url,
      dataDir: app.deps.config.dataDir,
      schema: app.deps.database.schema,
      migrate: false,
    });
    listening = createApp({ ...app.deps, database: relayed }).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => listening.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => listening?.close(resolve));
    await relay?.close();
    await relayed?.close();
    await app?.close();
  });

  async function health(cookie?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${baseUrl}/api/health`, { headers: cookie ? { cookie } : {} });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('answers 503 degraded while the database is gone, names the engine only to the signed-in, and recovers', async () => {
    const signIn = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body: JSON.stringify({ username: 'admin', password: TEST_PASSWORDS.admin }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;

    expect(await health()).toMatchObject({
      status: 200,
      body: { status: 'ok', database: { reachable: true } },
    });
    expect((await health()).body.database).toEqual({ reachable: true });
    expect((await health(cookie)).body.database).toEqual({ reachable: true, dialect: 'postgres' });

    await relay.cut();
    const down = await health();
    expect(down).toMatchObject({ status: 503, body: { status: 'degraded', database: { reachable: false } } });
    expect(down.body.database).toEqual({ reachable: false });
    expect(JSON.stringify(down.body)).not.toMatch(/postgres|sqlite/i);
    // A request that needs the database is refused as unavailable, not as a failure of the server.
    const read = await fetch(`${baseUrl}/api/tokens`, { headers: { cookie } });
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('2');
    expect(await read.json()).toMatchObject({ code: 'database-unavailable', status: 503 });

    await relay.restore();
    let up = await health();
    for (let attempt = 0; attempt < 20 && up.status !== 200; attempt += 1) up = await health();
    expect(up).toMatchObject({ status: 200, body: { status: 'ok', database: { reachable: true } } });
  });
});
