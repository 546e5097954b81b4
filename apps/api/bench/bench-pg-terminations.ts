/*
 * PostgreSQL terminations benchmark (`npm run bench`, needs TEST_DATABASE_URL): the production server
 * (`NODE_ENV=production`, src/server.ts) in a process of its own, on a database of its own, under 60 s of
 * mixed load (reads of the results pane and the audit log, token writes, binding imports of new ports)
 * while its backends are ended with pg_terminate_backend five times, as a restart or a failover would.
 * Counted: exits of the server process (each is restarted, as a supervisor would), responses 5xx other
 * than 503 database-unavailable, and whether the audit chain verifies at the end. Goal: 0, 0, ok.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseUrl } from '../src/config/env';
import { connectAsAdministrator, newPortsBindingFile } from '../src/test-support/database-outage';

const DURATION_MS = 60_000;
const TERMINATIONS = 5;
const CONCURRENCY = 8;
const APPLICATION = 'BizTalk Application 1';
const API_ROOT = join(import.meta.dirname, '..');

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Tally {
  requests: number;
  byStatus: Map<number, number>;
  /** 5xx other than 503 with code database-unavailable, and requests that got no answer at all. */
  failures: string[];
}

async function main(): Promise<void> {
  const atStart = load();
  const baseUrl = testDatabaseUrl();
  if (!baseUrl) {
    console.log('\n### PostgreSQL terminations\n\nNot measured: set TEST_DATABASE_URL.');
    return;
  }
  const databaseName = `bts_bench_terminations_${randomBytes(4).toString('hex')}`;
  const admin = await connectAsAdministrator(baseUrl);
  await admin.query(`create database ${databaseName}`);
  const databaseUrl = new URL(baseUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bts-bench-terminations-'));
  const password = randomBytes(12).toString('hex');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const origin = `http://127.0.0.1:${port}`;

  let exits = 0;
  let server: ChildProcess | undefined;
  let stopping = false;
  const output: string[] = [];
  const start = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: API_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: databaseUrl.toString(),
        BTS_DATA_DIR: dataDir,
        BTS_ADMIN_PASSWORD: password,
        BTS_SEED: 'demo',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', () => {
      if (stopping) return;
      // A supervisor would start it again; the benchmark counts the exit and does the same.
      exits += 1;
      server = start();
    });
    return child;
  };

  async function healthy(): Promise<void> {
    for (let attempt = 0; attempt < 600; attempt += 1) {
      try {
        const response = await fetch(`${origin}/api/health`);
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await sleep(250);
    }
    throw new Error(`The server did not become healthy:\n${output.join('')}`);
  }

  const tally: Tally = { requests: 0, byStatus: new Map(), failures: [] };
  let verified: unknown;
  let terminated = 0;
  let ended = false;
  try {
    server = start();
    await healthy();
    const signIn = await fetch(`${origin}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: 'admin', password }),
    });
    if (signIn.status !== 200) throw new Error(`Signing in failed: ${signIn.status}`);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const headers = { cookie, origin };
    const application = encodeURIComponent(APPLICATION);

    let imports = 0;
    const operations: (() => Promise<Response>)[] = [
      () => fetch(`${origin}/api/applications/${application}/send-ports`, { headers }),
      () => fetch(`${origin}/api/audit?limit=50`, { headers }),
      () => fetch(`${origin}/api/tokens`, { headers }),
      () =>
        fetch(`${origin}/api/tokens`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `bench-${tally.requests}` }),
        }),
      () =>
        fetch(`${origin}/api/applications/${application}/bindings`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/xml' },
          body: newPortsBindingFile(APPLICATION, `SP.Bench.Terminations.${(imports += 1)}`, 100),
        }),
    ];

    const record = async (operation: () => Promise<Response>) => {
      tally.requests += 1;
      try {
        const response = await operation();
        const body = await response.text();
        tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
        if (response.status >= 500 && !(response.status === 503 && body.includes('database-unavailable'))) {
          tally.failures.push(`${response.status} ${body.slice(0, 200)}`);
        }
      } catch (error) {
        tally.failures.push(`no answer: ${error instanceof Error ? error.message : String(error)}`);
        await sleep(100);
      }
    };
    const workers = Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let index = worker; !ended; index += CONCURRENCY) {
        await record(operations[index % operations.length]!);
      }
    });
    const startedAt = Date.now();
    for (let round = 1; round <= TERMINATIONS; round += 1) {
      await sleep(startedAt + (round * DURATION_MS) / (TERMINATIONS + 1) - Date.now());
      const { rows } = await admin.query<{ ended: boolean }>(
        `select pg_terminate_backend(pid) as ended from pg_stat_activity
         where datname = $1 and pid <> pg_backend_pid()`,
        [databaseName],
      );
      terminated += rows.filter((row) => row.ended).length;
    }
    await sleep(startedAt + DURATION_MS - Date.now());
    ended = true;
    await Promise.all(workers);

    for (let attempt = 0; attempt < 20 && verified === undefined; attempt += 1) {
      // A server that exited is being started again: wait for it as a client would.
      await healthy();
      const response = await fetch(`${origin}/api/audit/verify`, { headers }).catch(() => undefined);
      if (response && response.status !== 503) verified = await response.json();
      else await sleep(500);
    }
  } finally {
    stopping = true;
    ended = true;
    server?.kill('SIGTERM');
    const last = server;
    if (last && last.exitCode === null) await new Promise((resolve) => last.once('exit', resolve));
    await admin.query(`drop database if exists ${databaseName} with (force)`).catch(() => undefined);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const ok = (verified as { ok?: boolean } | undefined)?.ok === true;
  const statuses = [...tally.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  console.log(`\n### PostgreSQL terminations under mixed load\n`);
  console.log(
    `Node ${process.version}, ${cpus().length} CPUs; load average at start ${atStart}, at end ${load()}. ` +
      `${DURATION_MS / 1000} s, ${CONCURRENCY} clients, ${TERMINATIONS} rounds of pg_terminate_backend (${terminated} backends ended).\n`,
  );
  console.log('| measure | value | goal |');
  console.log('|---|---:|---|');
  console.log(`| requests | ${tally.requests} (${statuses}) | |`);
  console.log(`| server process exits | ${exits} | 0 ${exits === 0 ? '✓' : '✗'} |`);
  console.log(
    `| 5xx other than 503 database-unavailable, or no answer | ${tally.failures.length} | 0 ${tally.failures.length === 0 ? '✓' : '✗'} |`,
  );
  console.log(`| audit verify | ${ok ? 'ok' : JSON.stringify(verified)} | ok ${ok ? '✓' : '✗'} |`);
  for (const failure of tally.failures.slice(0, 5)) console.log(`\n- ${failure}`);
  if (exits > 0 || tally.failures.length > 0 || !ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
