/*
 * REST API on PostgreSQL benchmark (`npm run bench`, needs TEST_DATABASE_URL): the demo group in a
 * schema of its own, served by the real app in a child process beside a bare Express app that sends the
 * same bytes.
 *
 * 1. GET /api/send-ports/{name} under autocannon (32 connections): requests per second against bare
 *    Express, p99, and CPU per request of the API process (process.cpuUsage) and of its PostgreSQL
 *    backends (utime + stime of /proc/<pid>/stat), with the statements (round trips) per request and
 *    the syncs on the listening connection that kept reads wait for (ADR 021), each shared by the
 *    requests waiting at the time.
 * 2. PUT /api/send-ports/{name}/certificate, sequentially: milliseconds, CPU and statements per
 *    request, and how long each held the audit chain's advisory lock, measured in the server from the
 *    lock granted to COMMIT answered, against the floor of a bare INSERT and COMMIT.
 * Goals (issue 13): GET ≥ 0.4 × bare Express, p99 ≤ 20 ms; lock held ≤ 1 ms per write.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';

const DURATION_SECONDS = 10;
const CONNECTIONS = 32;
const WRITES = 200;
const PORT_NAME = 'SP.Orders.AS2';
/** Linux counts process CPU in clock ticks of 1/100 s (USER_HZ). */
const TICK_MICROSECONDS = 10_000;

interface Servers {
  api: string;
  bare: string;
  headers: Record<string, string>;
  thumbprints: [string, string];
  applicationName: string;
}

interface Counters {
  cpuMicroseconds: number;
  statements: number;
  /** Round trips on the listening connection before a kept read (ADR 021), shared by the reads waiting. */
  syncs: number;
  lockHolds: number[];
}

type ServeMessage = { servers: Servers } | { error: string } | { counters: Counters };

async function serve(): Promise<void> {
  const [{ startTestApp }, express, db] = await Promise.all([
    import('../src/test-support/test-app'),
    import('express'),
    import('@bts-console/db'),
  ]);
  const app = await startTestApp({ dialect: 'postgres' });
  const { headers } = await app.signIn('admin');
  const thumbprints = await Promise.all(
    ['Contoso AS2 Encryption', 'Fabrikam Invoicing Encryption'].map(async (name) => {
      const response = await fetch(
        `${app.baseUrl}/api/computers/ADMIN01/stores/other-people/certificates?q=${encodeURIComponent(name)}`,
        { headers },
      );
      const body = (await response.json()) as { items: { thumbprint: string }[] };
      return body.items[0]!.thumbprint;
    }),
  );
  const reference = await fetch(`${app.baseUrl}/api/send-ports/${encodeURIComponent(PORT_NAME)}`, {
    headers,
  });
  const bytes = Buffer.from(await reference.arrayBuffer());
  const framing = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  const responseHeaders = [...reference.headers].filter(([name]) => !framing.has(name));
  const bare = express.default();
  bare.disable('x-powered-by');
  bare.get('/api/send-ports/:name', (_req, res) => {
    for (const [name, value] of responseHeaders) res.setHeader(name, value);
    res.send(bytes);
  });
  const bareServer = bare.listen(0, '127.0.0.1');
  await new Promise((resolve) => bareServer.once('listening', resolve));
  process.send?.({
    servers: {
      api: app.baseUrl,
      bare: `http://127.0.0.1:${(bareServer.address() as { port: number }).port}`,
      headers,
      thumbprints: thumbprints as [string, string],
      applicationName: db.postgresApplicationName(app.deps.database.schema),
    },
  } satisfies ServeMessage);
  process.on('message', (request) => {
    if (request === 'counters') {
      const usage = process.cpuUsage();
      process.send?.({
        counters: {
          cpuMicroseconds: usage.user + usage.system,
          statements: db.postgresStatementsSent(),
          syncs: db.postgresChangeSyncsSent(),
          lockHolds: db.takeAdvisoryLockHolds(),
        },
      } satisfies ServeMessage);
      return;
    }
    bareServer.closeAllConnections();
    bareServer.close();
    void app.close().then(() => process.exit(0));
  });
}

function load(url: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** CPU (µs) used so far by the PostgreSQL backends of the API's pool, read from /proc. */
async function backendsCpu(admin: pg.Client, applicationName: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(
    'select pid from pg_stat_activity where application_name = $1',
    [applicationName],
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MICROSECONDS);
    } catch {
      // The backend ended between the query and the read.
    }
  }
  return cpu;
}

/** CPU the backends used between two readings; backends opened in between count from zero. */
function backendsUsed(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, micros] of after) used += micros - (before.get(pid) ?? 0);
  return used;
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

/**
 * The floor under the lock's hold time: a one-row INSERT and COMMIT, sent back to back (as the audit
 * append and COMMIT are), timed from the client, in a table of their own dropped afterwards. `relaxed`:
 * the COMMIT does not wait for the disk, as the audited write's (ADR 027).
 */
async function commitFloor(admin: pg.Client, relaxed: boolean): Promise<number[]> {
  const table = `bts_bench_commit_floor_${process.pid}`;
  await admin.query(`create table ${table} (x integer)`);
  const times: number[] = [];
  try {
    for (let index = 0; index < WRITES; index += 1) {
      await admin.query('begin');
      if (relaxed) await admin.query('set local synchronous_commit = off');
      const started = performance.now();
      const inserted = admin.query(`insert into ${table} values (1)`);
      await Promise.all([inserted, admin.query('commit')]);
      times.push(performance.now() - started);
    }
  } finally {
    await admin.query(`drop table ${table}`);
  }
  return times;
}

function loadNow(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

async function main(): Promise<void> {
  const atStart = loadNow();
  const databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    console.log('\n### REST API on PostgreSQL\n\nNot measured: set TEST_DATABASE_URL.');
    return;
  }
  const child: ChildProcess = fork(new URL(import.meta.url).pathname, ['serve'], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const messages: ServeMessage[] = [];
  const waiters: ((message: ServeMessage) => void)[] = [];
  child.on('message', (message: ServeMessage) => {
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const next = () =>
    new Promise<ServeMessage>((resolve) => {
      const queued = messages.shift();
      if (queued) resolve(queued);
      else waiters.push(resolve);
    });
  const counters = async (): Promise<Counters> => {
    child.send('counters');
    const message = await next();
    if (!('counters' in message)) throw new Error('The server did not report its counters.');
    return message.counters;
  };
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    const first = await next();
    if ('error' in first) throw new Error(first.error);
    if (!('servers' in first)) throw new Error('The server did not start.');
    const { api, bare, headers, thumbprints, applicationName } = first.servers;
    const portUrl = `/api/send-ports/${encodeURIComponent(PORT_NAME)}`;

    // Warm-up: connections opened, statements prepared, code optimised.
    await load(`${bare}${portUrl}`, {});
    await load(`${api}${portUrl}`, headers);

    const bareResult = await load(`${bare}${portUrl}`, {});
    let before = await counters();
    let backendsBefore = await backendsCpu(admin, applicationName);
    const apiResult = await load(`${api}${portUrl}`, headers);
    let after = await counters();
    let backendsAfter = await backendsCpu(admin, applicationName);
    const gets = Math.max(1, apiResult.requests.total);
    const getApiCpu = (after.cpuMicroseconds - before.cpuMicroseconds) / gets;
    const getPgCpu = backendsUsed(backendsBefore, backendsAfter) / gets;
    const getStatements = (after.statements - before.statements) / gets;
    const getSyncs = (after.syncs - before.syncs) / gets;

    before = await counters();
    backendsBefore = await backendsCpu(admin, applicationName);
    let etag = (await fetch(`${api}${portUrl}`, { headers })).headers.get('etag') ?? '';
    const writeTimes: number[] = [];
    for (let index = 0; index < WRITES; index += 1) {
      const started = performance.now();
      const response = await fetch(`${api}${portUrl}/certificate`, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/json', 'if-match': etag },
        body: JSON.stringify({ thumbprint: thumbprints[index % 2] }),
      });
      await response.arrayBuffer();
      writeTimes.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`PUT answered ${response.status}.`);
      etag = response.headers.get('etag') ?? etag;
    }
    after = await counters();
    backendsAfter = await backendsCpu(admin, applicationName);
    const putApiCpu = (after.cpuMicroseconds - before.cpuMicroseconds) / WRITES;
    const putPgCpu = backendsUsed(backendsBefore, backendsAfter) / WRITES;
    const putStatements = (after.statements - before.statements) / WRITES;
    const putSyncs = (after.syncs - before.syncs) / WRITES;
    const holds = after.lockHolds;
    const floor = await commitFloor(admin, true);
    const durableFloor = await commitFloor(admin, false);

    const ratio = apiResult.requests.average / bareResult.requests.average;
    const ms = (value: number) => value.toFixed(2);
    const cpuMs = (micros: number) => (micros / 1000).toFixed(2);
    console.log(`\n### REST API on PostgreSQL\n`);
    console.log(
      `Node ${process.version}, ${cpus().length} CPUs; load average at start ${atStart}, at end ${loadNow()}. ` +
        `GET under autocannon, ${CONNECTIONS} connections, ${DURATION_SECONDS} s; PUT sequential, ${WRITES} requests.\n`,
    );
    console.log(
      '| operation | req/s | p50 ms | p99 ms | API CPU ms/req | PostgreSQL CPU ms/req | statements/req | syncs/req |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| bare Express, same bytes | ${bareResult.requests.average.toFixed(0)} | ${bareResult.latency.p50} | ${bareResult.latency.p99} | | | | |`,
    );
    console.log(
      `| GET ${PORT_NAME} | ${apiResult.requests.average.toFixed(0)} | ${apiResult.latency.p50} | ${apiResult.latency.p99} | ${cpuMs(getApiCpu)} | ${cpuMs(getPgCpu)} | ${getStatements.toFixed(2)} | ${getSyncs.toFixed(2)} |`,
    );
    console.log(
      `| PUT ${PORT_NAME}/certificate | ${(1000 / (writeTimes.reduce((a, b) => a + b, 0) / WRITES)).toFixed(0)} | ${ms(percentile(writeTimes, 0.5))} | ${ms(percentile(writeTimes, 0.99))} | ${cpuMs(putApiCpu)} | ${cpuMs(putPgCpu)} | ${putStatements.toFixed(2)} | ${putSyncs.toFixed(2)} |`,
    );
    console.log(
      `\nAudit lock held per write (${holds.length} writes): median ${ms(percentile(holds, 0.5))} ms, p99 ${ms(percentile(holds, 0.99))} ms, max ${ms(Math.max(0, ...holds))} ms.`,
    );
    console.log(
      `The lock is held through a COMMIT that does not wait for the disk; the server waits for the disk after it, outside the lock (ADR 027). On this machine now a bare one-row INSERT and such a COMMIT, sent back to back from one client, take median ${ms(percentile(floor, 0.5))} ms, p99 ${ms(percentile(floor, 0.99))} ms (${floor.length} runs), the least a write can hold the lock; with a COMMIT that waits for the disk, median ${ms(percentile(durableFloor, 0.5))} ms, p99 ${ms(percentile(durableFloor, 0.99))} ms.`,
    );
    console.log(
      `\nGoals: GET ≥ 0.4 × bare Express (${ratio.toFixed(3)}: ${ratio >= 0.4 ? 'met' : 'NOT met'}), p99 ≤ 20 ms (${apiResult.latency.p99 <= 20 ? 'met' : 'NOT met'}), lock held ≤ 1 ms per write (median ${percentile(holds, 0.5) <= 1 ? 'met' : 'NOT met'}).`,
    );
  } finally {
    await admin.end();
    child.send('stop');
  }
}

if (process.argv[2] === 'serve') {
  serve().catch((error: unknown) => {
    process.send?.({ error: String(error instanceof Error ? error.stack : error) } satisfies ServeMessage);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
