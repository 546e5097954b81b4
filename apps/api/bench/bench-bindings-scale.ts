/*
 * Binding files at scale (`npm run bench`): an application of 1,000, 10,000 and 50,000 send ports
 * (a third with an encryption certificate), on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
 * For each: the export over HTTP (wall and process CPU), the import of that export back (every port
 * unchanged), and the import of a file of 1,000 new ports into the big application; the peak RSS of
 * the process; the growth exponent between sizes. Each size runs in a process of its own, so that its
 * peak RSS is its own. The client streams the export to a file and uploads from it, so the process's
 * memory is the server's. Goals: export of 50,000 ports ≤ 5 s, peak RSS ≤ 300 MB, 1,000 new ports
 * imported ≤ 500 ms.
 */
import {
  DEFAULT_TRACKING,
  DEFAULT_TRANSPORT_OPTIONS,
  type SendPort as SendPortRecord,
} from '@bts-console/db';
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { writeBindingInfo } from '../src/bindings/binding-info-writer';
import { testDatabaseUrl } from '../src/config/env';
import { addLargeApplication } from '../src/test-support/large-application';
import { startTestApp, type TestDialect } from '../src/test-support/test-app';

const SIZES = [1_000, 10_000, 50_000];
const NEW_PORTS = 1_000;
const APPLICATION = 'Bench.Scale';
const GOALS = { export50kMs: 5_000, rssMb: 300, import1000NewMs: 500 };

interface Measure {
  ms: number;
  cpuMs: number;
}

interface Result {
  dialect: TestDialect;
  ports: number;
  exportMb: number;
  export: Measure;
  reimport: Measure;
  importNew: Measure;
  peakRssMb: number;
}

async function measured<T>(work: () => Promise<T>): Promise<Measure & { value: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
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

/** One dialect and size, in this process: prints its result as one JSON line. */
async function runOne(dialect: TestDialect, size: number): Promise<void> {
  const app = await startTestApp({ dialect });
  const folder = mkdtempSync(join(tmpdir(), 'bts-bench-scale-'));
  try {
    const { certificate } = await addLargeApplication(app.deps.database.db, {
      name: APPLICATION,
      size,
      prefix: 'SP.Scale',
    });

    const { headers } = await app.signIn('admin');
    const url = `${app.baseUrl}/api/applications/${encodeURIComponent(APPLICATION)}/bindings`;
    const file = join(folder, 'export.xml');

    const exported = await measured(async () => {
      const response = await fetch(url, { headers });
      if (response.status !== 200 || !response.body) throw new Error(`export: HTTP ${response.status}`);
      await pipeline(
        Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
        createWriteStream(file),
      );
    });
    const upload = async (body: RequestInit['body'], expect: (report: Record<string, unknown[]>) => void) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/xml' },
        body,
        duplex: 'half',
      } as RequestInit);
      const text = await response.text();
      if (response.status !== 200) throw new Error(`import: HTTP ${response.status} ${text.slice(0, 300)}`);
      expect(JSON.parse(text) as Record<string, unknown[]>);
    };
    const reimport = await measured(() =>
      upload(Readable.toWeb(createReadStream(file)) as ReadableStream, (report) => {
        if (report.unchanged?.length !== size || report.updated?.length || report.created?.length) {
          throw new Error(`re-import: expected ${size} unchanged, got ${report.unchanged?.length}`);
        }
      }),
    );
    const newFile = newPortsFile(certificate.thumbprint);
    const importNew = await measured(() =>
      upload(newFile, (report) => {
        if (report.created?.length !== NEW_PORTS) {
          throw new Error(`new ports: expected ${NEW_PORTS} created, got ${report.created?.length}`);
        }
      }),
    );
    const result: Result = {
      dialect,
      ports: size,
      exportMb: statSync(file).size / 1024 / 1024,
      export: exported,
      reimport,
      importNew,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
    console.log(JSON.stringify(result));
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await app.close();
  }
}

/** log(b/a) / log(size b / size a): 1 is linear, 2 quadratic. */
function exponent(a: number, b: number, sizeA: number, sizeB: number): string {
  return (Math.log(b / a) / Math.log(sizeB / sizeA)).toFixed(2);
}

async function main(): Promise<void> {
  const [dialectArgument, sizeArgument] = process.argv.slice(2);
  if (dialectArgument && sizeArgument) {
    await runOne(dialectArgument as TestDialect, Number(sizeArgument));
    return;
  }
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
  console.log(`Load average at start ${load()} on ${cpus().length} CPUs`);
  const dialects: TestDialect[] = testDatabaseUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
  const results: Result[] = [];
  let failed = false;
  for (const dialect of dialects) {
    for (const size of SIZES) {
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, new URL(import.meta.url).pathname, dialect, String(size)],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 },
      );
      const line = child.stdout.split('\n').find((text) => text.startsWith('{'));
      if (child.status !== 0 || !line) {
        console.log(`✗ ${dialect} ${size} ports failed (exit ${child.status}): ${child.stdout.slice(-500)}`);
        failed = true;
        continue;
      }
      results.push(JSON.parse(line) as Result);
    }
  }

  console.log('\nBinding files at scale (wall ms / process CPU ms; peak RSS of the whole process)');
  console.log(
    `  ${'database'.padEnd(9)} ${'ports'.padStart(6)} ${'file MB'.padStart(8)} ${'export'.padStart(14)} ${'re-import'.padStart(14)} ${'1,000 new'.padStart(12)} ${'peak RSS MB'.padStart(12)}`,
  );
  const pair = (measure: Measure) => `${measure.ms.toFixed(0)}/${measure.cpuMs.toFixed(0)}`;
  for (const result of results) {
    console.log(
      `  ${result.dialect.padEnd(9)} ${String(result.ports).padStart(6)} ${result.exportMb.toFixed(1).padStart(8)} ${pair(result.export).padStart(14)} ${pair(result.reimport).padStart(14)} ${pair(result.importNew).padStart(12)} ${result.peakRssMb.toFixed(0).padStart(12)}`,
    );
  }
  console.log('\n  Growth exponents (wall time; 1 = linear), 1k→10k and 10k→50k:');
  for (const dialect of dialects) {
    const rows = SIZES.map((size) => results.find((r) => r.dialect === dialect && r.ports === size));
    const [small, middle, large] = rows;
    if (!small || !middle || !large) continue;
    const growth = (pick: (result: Result) => number) =>
      `${exponent(pick(small), pick(middle), small.ports, middle.ports)}, ${exponent(pick(middle), pick(large), middle.ports, large.ports)}`;
    console.log(
      `  ${dialect.padEnd(9)} export ${growth((r) => r.export.ms)}; re-import ${growth((r) => r.reimport.ms)}; 1,000 new ports ${growth((r) => r.importNew.ms)}`,
    );
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `  ${dialect.padEnd(9)} goals: export of 50k ≤ ${GOALS.export50kMs} ms ${verdict(large.export.ms <= GOALS.export50kMs)}; peak RSS ≤ ${GOALS.rssMb} MB ${verdict(Math.max(...rows.map((r) => r?.peakRssMb ?? 0)) <= GOALS.rssMb)}; 1,000 new ports ≤ ${GOALS.import1000NewMs} ms ${verdict(rows.every((r) => (r?.importNew.ms ?? Infinity) <= GOALS.import1000NewMs))}`,
    );
  }
  console.log(`  (load average at end ${load()} on ${cpus().length} CPUs)`);
  if (failed) process.exit(1);
}

await main();
