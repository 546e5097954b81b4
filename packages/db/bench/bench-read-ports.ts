/*
 * Reading ports benchmark (`npm run bench`): 10,000 send ports of one application read as full ports
 * (listSendPorts: the join, the JSON columns decoded, each port built) on SQLite and, when
 * TEST_DATABASE_URL is set, on PostgreSQL, with the part spent building ports from the rows the driver
 * returned: its share of the read does not depend on the machine's speed or load.
 * An object spread in toSendPort once took this read from 387 to 634 ms (SQLite) and from 323 to
 * 761 ms (PostgreSQL) without any test noticing.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DEFAULT_TRACKING, DEFAULT_TRANSPORT_OPTIONS, listSendPorts } from '../src/repositories/send-ports';
import type { DatabaseDialect } from '../src/dialect';
import { createTestDatabase, refreshPlannerStatistics } from '../src/testing/test-database';

const PORTS = 10_000;
const RUNS = 7;
const BATCH = 500;
const APPLICATION = 'Bench.ReadPorts';
/** Building ports from rows may take at most this share of the read. */
const GOAL_SHARE = 0.25;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function load(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

async function measure(dialect: DatabaseDialect): Promise<string> {
  const database = await createTestDatabase(dialect, { testDatabaseUrl: process.env.TEST_DATABASE_URL });
  try {
    const { db } = database;
    const at = new Date().toISOString();
    const host = await db
      .insertInto('hosts')
      .values({ name: 'BizTalkServerApplication', type: 'In-Process' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const application = await db
      .insertInto('applications')
      .values({ name: APPLICATION, description: '', createdAt: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let start = 0; start < PORTS; start += BATCH) {
      await db
        .insertInto('sendPorts')
        .values(
          Array.from({ length: BATCH }, (_, offset) => ({
            name: `${APPLICATION}.SP.${String(start + offset).padStart(5, '0')}`,
            applicationId: application.id,
            kind: 'Static One-way' as const,
            status: 'Started' as const,
            transportType: 'HTTP',
            uri: `https://partner-${start + offset}.example/inbound`,
            sendHandlerHostId: host.id,
            sendPipeline: 'Microsoft.BizTalk.DefaultPipelines.PassThruTransmit',
            receivePipeline: null,
            description: `Port ${start + offset}`,
            filter: null,
            transportOptions: JSON.stringify(DEFAULT_TRANSPORT_OPTIONS),
            backupTransport: null,
            outboundMaps: '[]',
            tracking: JSON.stringify(DEFAULT_TRACKING),
            certificateThumbprint: null,
            certificateCommonName: null,
            version: 1,
            changedBy: 'bench',
            changedAt: at,
          })),
        )
        .execute();
    }
    if (dialect === 'postgres') await refreshPlannerStatistics(database);

    // Marks when the driver's rows reach Kysely's plugins (the last step before the repository's own
    // code): what follows, until listSendPorts resolves, is building the ports from the rows.
    let rowsArrived = 0;
    const timed = db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        rowsArrived = performance.now();
        return args.result;
      },
    });
    const totals: number[] = [];
    const builds: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const read = await listSendPorts(timed, { applicationName: APPLICATION });
      const done = performance.now();
      if (read.length !== PORTS) throw new Error(`Read ${read.length} ports, expected ${PORTS}.`);
      totals.push(done - started);
      builds.push(done - rowsArrived);
    }
    const share = median(builds) / median(totals);
    return `| ${dialect} | ${median(totals).toFixed(0)} | ${median(builds).toFixed(0)} | ${(share * 100).toFixed(0)} % | ${share <= GOAL_SHARE ? '✓' : '✗'} |`;
  } finally {
    await database.cleanup();
  }
}

async function main(): Promise<void> {
  const start = load();
  const dialects: DatabaseDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  const rows: string[] = [];
  for (const dialect of dialects) rows.push(await measure(dialect));
  console.log(`\n### Reading ${PORTS.toLocaleString('en')} send ports\n`);
  console.log(
    `Node ${process.version}, ${cpus().length} CPUs; load average at start ${start}, at end ${load()}.${
      dialects.includes('postgres') ? '' : ' PostgreSQL not measured: set TEST_DATABASE_URL.'
    }\n`,
  );
  console.log(
    `| database | read 10k ports (median ms of ${RUNS}) | of which building ports (ms) | share | goal ≤ ${GOAL_SHARE * 100} % |`,
  );
  console.log('|---|---:|---:|---:|:-:|');
  for (const row of rows) console.log(row);
  if (rows.some((row) => row.endsWith('✗ |'))) {
    console.log(`\nBuilding ports takes more than ${GOAL_SHARE * 100} % of reading them.`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
