/*
 * Binding files at scale (`npm run bench`): an application of 1,000, 10,000 and 50,000 send ports
 * (a third with an encryption certificate), on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
 * What a user gets is measured on the production server (`dist/server.mjs`, built first) in a process
 * of its own, started afresh for each operation, so that each operation's peak RSS is its own: the
 * export over HTTP, the import of that export back (every port unchanged), and the import of a file of
 * 1,000 new ports into the big application, as the console's Import dialog makes it: a dry run, whose
 * report the administrator reads, then the import confirmed by the report's fingerprint in If-Match,
 * both measured, on the same server. The server's RSS is read from /proc every 20 ms while the
 * request runs, and its peak (VmHWM) when it ends; its CPU is the server process's, from /proc. The
 * client streams the export to a file and uploads from it. Goals: export of 50,000 ports ≤ 5 s, peak
 * RSS ≤ 300 MB, 1,000 new ports imported ≤ 500 ms.
 *
 * Arguments: `sqlite` or `postgres` and sizes to run only those; `--server=<bundle in dist/>` to measure
 * another build of the server (an earlier commit's, for a before-and-after) instead of building this one;
 * `--cpu-prof=<folder>` to have every server process write its CPU profile there.
 */
import {
  DEFAULT_TRACKING,
  DEFAULT_TRANSPORT_OPTIONS,
  openDatabase,
  type SendPort as SendPortRecord,
} from '@bts-console/db';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { writeBindingInfo } from '../src/bindings/binding-info-writer';
import { testDatabaseUrl } from '../src/config/env';
import { connectAsAdministrator } from '../src/test-support/database-outage';
import { addLargeApplication } from '../src/test-support/large-application';
import type { TestDialect } from '../src/test-support/test-app';
import { chosenDialects, chosenSizes } from './large-group';

const SIZES = [1_000, 10_000, 50_000];
const NEW_PORTS = 1_000;
const APPLICATION = 'Bench.Scale';
const GOALS = { export50kMs: 5_000, rssMb: 300, import1000NewMs: 500 };
const API_ROOT = join(import.meta.dirname, '..');
const SERVER_OPTION = '--server=';
const SERVER_BUNDLE =
  process.argv.find((argument) => argument.startsWith(SERVER_OPTION))?.slice(SERVER_OPTION.length) ??
  'dist/server.mjs';
const PROFILE_OPTION = '--cpu-prof=';
/** A folder where each server process writes a CPU profile (node --cpu-prof) when it stops. */
const PROFILE_DIR = process.argv
  .find((argument) => argument.startsWith(PROFILE_OPTION))
  ?.slice(PROFILE_OPTION.length);
const SAMPLE_MS = 20;
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** One operation as the server process saw it. */
interface Measure {
  /** Wall time of the request, as the client saw it. */
  ms: number;
  /** CPU of the server process during the request. */
  cpuMs: number;
  /** RSS of the server process once started and signed in, before the request. */
  idleRssMb: number;
  /** The server process's peak RSS (VmHWM), which the request set unless startup did. */
  peakRssMb: number;
}

interface Result {
  dialect: TestDialect;
  ports: number;
  exportMb: number;
  export: Measure;
  reimport: Measure;
  /** The dry run of the 1,000 new ports, the first request of its server. */
  dryRunNew: Measure;
  importNew: Measure;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

/** VmRSS and VmHWM of a process, in MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** User and system CPU of a process so far, in ms. */
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Where a size's group lives: a data folder, and for PostgreSQL a database of its own. */
interface Place {
  dataDir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

async function newPlace(dialect: TestDialect): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bts-bench-scale-'));
  const base = testDatabaseUrl();
  if (dialect === 'sqlite' || !base) {
    return { dataDir, drop: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })) };
  }
  const name = `bts_bench_scale_${randomBytes(4).toString('hex')}`;
  const admin = await connectAsAdministrator(base);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      const again = await connectAsAdministrator(base);
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

interface Server {
  child: ChildProcess;
  origin: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

const PASSWORD = randomBytes(12).toString('hex');

/** The production server on the place's database, started and signed in as the administrator. */
async function startServer(place: Place): Promise<Server> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const origin = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, SERVER_BUNDLE], {
    cwd: API_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      BTS_DATA_DIR: place.dataDir,
      ...(place.databaseUrl ? { DATABASE_URL: place.databaseUrl } : {}),
      BTS_ADMIN_PASSWORD: PASSWORD,
      BTS_SEED: 'demo',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${origin}/api/health`).catch(() => undefined);
    if (response?.status === 200) break;
    if (attempt > 400 || child.exitCode !== null) {
      await stop();
      throw new Error(`The server did not start:\n${output.join('')}`);
    }
    await sleep(100);
  }
  const signIn = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  if (signIn.status !== 200) throw new Error(`Signing in failed: ${signIn.status}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { child, origin, headers: { cookie, origin }, stop };
}

/** One request on a server of its own: its wall time, and the server's CPU and RSS meanwhile. */
async function measured(place: Place, request: (server: Server) => Promise<void>): Promise<Measure> {
  const [measure] = await measuredSteps(place, [request]);
  return measure!;
}

/** Requests one after another on a server of their own: each one's wall time and server CPU and RSS. */
async function measuredSteps(
  place: Place,
  requests: readonly ((server: Server) => Promise<void>)[],
): Promise<Measure[]> {
  const server = await startServer(place);
  const pid = server.child.pid;
  if (pid === undefined) throw new Error('The server has no process id.');
  try {
    const measures: Measure[] = [];
    for (const request of requests) measures.push(await measureOne(server, pid, request));
    return measures;
  } finally {
    await server.stop();
  }
}

/** One request on a running server: its wall time, the server's CPU meanwhile, and its RSS (VmHWM: the
 * process's peak so far). */
async function measureOne(
  server: Server,
  pid: number,
  request: (server: Server) => Promise<void>,
): Promise<Measure> {
  const idle = memoryOf(pid);
  let sampledMb = idle.rssMb;
  const sampler = setInterval(() => {
    sampledMb = Math.max(sampledMb, memoryOf(pid).rssMb);
  }, SAMPLE_MS);
  const cpu = cpuOf(pid);
  const started = performance.now();
  try {
    await request(server);
  } finally {
    clearInterval(sampler);
  }
  const ms = performance.now() - started;
  const cpuMs = cpuOf(pid) - cpu;
  const { peakMb } = memoryOf(pid);
  return { ms, cpuMs, idleRssMb: idle.rssMb, peakRssMb: Math.max(peakMb, sampledMb) };
}

/** The 1,000 new ports' binding file, written with the export's own writer. */
function newPortsFile(thumbprint: string): string {
  const ports: SendPortRecord[] = Array.from({ length: NEW_PORTS }, (_, index) => ({
    id: index + 1,
    name: `SP.Scale.New.${String(index).padStart(4, '0')}`,
    applicationId: 0,
    application: APPLICATION,
    kind: 'Static One-way',
    status: 'Bound',
    transportType: 'FILE',
    uri: `C:\\Scale\\New\\${index}\\%MessageID%.xml`,
    sendHandlerHostId: null,
    sendHandler: 'BizTalkServerApplication',
    sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
    receivePipeline: null,
    description: '',
    filter: null,
    transportOptions: DEFAULT_TRANSPORT_OPTIONS,
    backupTransport: null,
    outboundMaps: [],
    tracking: DEFAULT_TRACKING,
    certificate: index % 3 === 0 ? { thumbprint, commonName: null, notAfter: null } : null,
    version: 1,
    changedBy: 'bench',
    changedAt: '2026-11-25T12:00:00.000Z',
  }));
  return writeBindingInfo({
    application: APPLICATION,
    sendPorts: ports,
    certificates: new Map(),
    timestamp: new Date(),
  });
}

type BindingsReport = Record<string, unknown[] | undefined> & { fingerprint?: unknown };

async function upload(
  server: Server,
  body: RequestInit['body'],
  expect: (report: BindingsReport) => void,
  options: { dryRun?: boolean; ifMatch?: string } = {},
): Promise<void> {
  const url = `${server.origin}/api/applications/${encodeURIComponent(APPLICATION)}/bindings${options.dryRun ? '?dryRun=true' : ''}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...server.headers,
      'content-type': 'application/xml',
      ...(options.ifMatch ? { 'if-match': options.ifMatch } : {}),
    },
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`import: HTTP ${response.status} ${text.slice(0, 300)}`);
  expect(JSON.parse(text) as BindingsReport);
}

/** One dialect and size: the group is made by a first start, grown here, then each operation measured. */
async function runOne(dialect: TestDialect, size: number): Promise<Result> {
  const place = await newPlace(dialect);
  const folder = mkdtempSync(join(tmpdir(), 'bts-bench-scale-file-'));
  try {
    await (await startServer(place)).stop();
    const database = await openDatabase({
      dataDir: place.dataDir,
      ...(place.databaseUrl ? { databaseUrl: place.databaseUrl } : {}),
    });
    const { certificate } = await addLargeApplication(database.db, {
      name: APPLICATION,
      size,
      prefix: 'SP.Scale',
    }).finally(() => database.close());

    const file = join(folder, 'export.xml');
    const exported = await measured(place, async (server) => {
      const url = `${server.origin}/api/applications/${encodeURIComponent(APPLICATION)}/bindings`;
      const response = await fetch(url, { headers: server.headers });
      if (response.status !== 200 || !response.body) throw new Error(`export: HTTP ${response.status}`);
      await pipeline(
        Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
        createWriteStream(file),
      );
    });
    const reimport = await measured(place, (server) =>
      upload(server, Readable.toWeb(createReadStream(file)) as ReadableStream, (report) => {
        if (report.unchanged?.length !== size || report.updated?.length || report.created?.length) {
          throw new Error(`re-import: expected ${size} unchanged, got ${report.unchanged?.length}`);
        }
      }),
    );
    const newFile = newPortsFile(certificate.thumbprint);
    const created = (report: BindingsReport) => {
      if (report.created?.length !== NEW_PORTS) {
        throw new Error(`new ports: expected ${NEW_PORTS} created, got ${report.created?.length}`);
      }
    };
    let fingerprint = '';
    const [dryRunNew, importNew] = await measuredSteps(place, [
      (server) =>
        upload(
          server,
          newFile,
          (report) => {
            created(report);
            fingerprint = String(report.fingerprint);
          },
          { dryRun: true },
        ),
      (server) => upload(server, newFile, created, { ifMatch: fingerprint }),
    ]);
    return {
      dialect,
      ports: size,
      exportMb: statSync(file).size / 1024 / 1024,
      export: exported,
      reimport,
      dryRunNew: dryRunNew!,
      importNew: importNew!,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await place.drop();
  }
}

/** log(b/a) / log(size b / size a): 1 is linear, 2 quadratic. */
function exponent(a: number, b: number, sizeA: number, sizeB: number): string {
  return (Math.log(b / a) / Math.log(sizeB / sizeA)).toFixed(2);
}

async function main(): Promise<void> {
  console.log(`Load average at start ${load()} on ${cpus().length} CPUs`);
  if (SERVER_BUNDLE === 'dist/server.mjs') {
    const built = spawnSync(process.execPath, ['build.mjs'], { cwd: API_ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('Building the server failed.');
  }
  console.log(`Server: apps/api/${SERVER_BUNDLE}`);
  const only = process.argv
    .slice(2)
    .filter((argument) => !argument.startsWith(SERVER_OPTION) && !argument.startsWith(PROFILE_OPTION));
  const dialects = chosenDialects(only);
  const sizes = chosenSizes(only, SIZES);
  const results: Result[] = [];
  for (const dialect of dialects) {
    for (const size of sizes) results.push(await runOne(dialect, size));
  }

  console.log(
    '\nBinding files at scale: wall ms / server CPU ms; server RSS MB idle → peak, each operation on a server process of its own',
  );
  console.log(
    `  ${'database'.padEnd(9)} ${'ports'.padStart(6)} ${'file MB'.padStart(8)} ${'export'.padStart(24)} ${'re-import'.padStart(24)} ${'1,000 new: dry run'.padStart(24)} ${'then import'.padStart(24)}`,
  );
  const cell = (measure: Measure) =>
    `${measure.ms.toFixed(0)}/${measure.cpuMs.toFixed(0)} ${measure.idleRssMb.toFixed(0)}→${measure.peakRssMb.toFixed(0)}`;
  for (const result of results) {
    console.log(
      `  ${result.dialect.padEnd(9)} ${String(result.ports).padStart(6)} ${result.exportMb.toFixed(1).padStart(8)} ${cell(result.export).padStart(24)} ${cell(result.reimport).padStart(24)} ${cell(result.dryRunNew).padStart(24)} ${cell(result.importNew).padStart(24)}`,
    );
  }
  console.log('\n  Growth exponents (wall time; 1 = linear), 1k→10k and 10k→50k:');
  for (const dialect of dialects) {
    const rows = SIZES.map((size) => results.find((r) => r.dialect === dialect && r.ports === size));
    const [small, middle, large] = rows;
    if (small && middle && large) {
      const growth = (pick: (result: Result) => number) =>
        `${exponent(pick(small), pick(middle), small.ports, middle.ports)}, ${exponent(pick(middle), pick(large), middle.ports, large.ports)}`;
      console.log(
        `  ${dialect.padEnd(9)} export ${growth((r) => r.export.ms)}; re-import ${growth((r) => r.reimport.ms)}; 1,000 new ports ${growth((r) => r.importNew.ms)}`,
      );
    }
    const measured = results.filter((r) => r.dialect === dialect);
    const largest = measured.find((r) => r.ports === 50_000);
    const peak = Math.max(
      ...measured.flatMap((r) => [
        r.export.peakRssMb,
        r.reimport.peakRssMb,
        r.dryRunNew.peakRssMb,
        r.importNew.peakRssMb,
      ]),
    );
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `  ${dialect.padEnd(9)} goals: export of 50k ≤ ${GOALS.export50kMs} ms ${largest ? verdict(largest.export.ms <= GOALS.export50kMs) : 'not run'}; server peak RSS ≤ ${GOALS.rssMb} MB ${verdict(peak <= GOALS.rssMb)} (${peak.toFixed(0)}); 1,000 new ports ≤ ${GOALS.import1000NewMs} ms ${verdict(measured.every((r) => r.importNew.ms <= GOALS.import1000NewMs))}`,
    );
  }
  console.log(`  (load average at end ${load()} on ${cpus().length} CPUs)`);
}

await main();
