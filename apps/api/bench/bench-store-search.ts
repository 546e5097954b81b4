/*
 * Store search benchmark (`npm run bench`): the Select Certificate dialog's search over HTTP on the demo
 * group and on the large group of large-group.ts, on SQLite and, when TEST_DATABASE_URL is set, on
 * PostgreSQL too: the large-group goal (within 2× of the demo group) holds on both databases, and
 * bench-api.ts measures SQLite only. Sequential requests, median of each.
 */
import { refreshPlannerStatistics } from '@bts-console/db/testing';
import { cpus, loadavg } from 'node:os';
import { formatThumbprintDisplay } from '@bts-console/domain';
import { startTestApp, type TestApp, type TestDialect } from '../src/test-support/test-app';
import { testDatabaseUrl } from '../src/config/env';
import { generatedCertificateName, growIntoLargeGroup } from './large-group';

const RUNS = 100;
const WARM_UP = 10;

interface Target {
  app: TestApp;
  headers: Record<string, string>;
}

async function target(app: TestApp): Promise<Target> {
  return { app, headers: (await app.signIn('reader')).headers };
}

async function search(
  { app, headers }: Target,
  computer: string,
  q: string,
): Promise<{ median: number; total: number }> {
  const url = `${app.baseUrl}/api/computers/${computer}/stores/other-people/certificates?q=${encodeURIComponent(q)}`;
  let total = 0;
  const times: number[] = [];
  for (let index = 0; index < WARM_UP + RUNS; index += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    const body = (await response.json()) as { total: number };
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}.`);
    if (index >= WARM_UP) times.push(performance.now() - started);
    total = body.total;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, total };
}

async function measure(dialect: TestDialect): Promise<string[]> {
  const demo = await target(await startTestApp({ dialect }));
  const large = await target(await startTestApp({ dialect }));
  try {
    const template = (
      await large.app.deps.database.db
        .selectFrom('certificates')
        .select('thumbprint')
        .where('subjectCommonName', '=', 'Contoso AS2 Encryption')
        .executeTakeFirstOrThrow()
    ).thumbprint;
    const started = performance.now();
    const generated = await growIntoLargeGroup(large.app.deps.database.db, template, large.app.clock.now());
    const generationSeconds = (performance.now() - started) / 1000;
    if (dialect === 'postgres') {
      // What autovacuum does within a minute of a bulk load; the planner needs it to pick its plans.
      await refreshPlannerStatistics(large.app.deps.database);
    }
    const fragment = formatThumbprintDisplay(generated[777]!).slice(15, 24);

    const rows: string[] = [];
    const contosoDemo = await search(demo, 'ADMIN01', 'contoso');
    const contosoLarge = await search(large, 'ADMIN01', 'contoso');
    rows.push(
      `| ${dialect} | ADMIN01, q=contoso | ${contosoDemo.median.toFixed(2)} | ${contosoLarge.median.toFixed(2)} | ${(contosoLarge.median / contosoDemo.median).toFixed(2)}× | ${contosoLarge.total} |`,
    );
    for (const [label, q] of [
      [`'${generatedCertificateName(12_345)}'`, generatedCertificateName(12_345)],
      [`a thumbprint fragment ('${fragment}')`, fragment],
      ["'generated' (every generated certificate)", 'generated'],
      ["'ge' (two characters: no trigram, every row is read)", 'ge'],
    ] as const) {
      const onLarge = await search(large, 'BTS01', q);
      rows.push(`| ${dialect} | BTS01, ${label} | | ${onLarge.median.toFixed(2)} | | ${onLarge.total} |`);
    }
    rows.push(
      `| ${dialect} | generating the large group's rows took ${generationSeconds.toFixed(1)} s | | | | |`,
    );
    return rows;
  } finally {
    await Promise.all([demo.app.close(), large.app.close()]);
  }
}

async function main(): Promise<void> {
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  const dialects: TestDialect[] = testDatabaseUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
  const rows: string[] = [];
  for (const dialect of dialects) rows.push(...(await measure(dialect)));
  console.log(`\n### Store search benchmark\n`);
  console.log(
    `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); load average at start ${load}.${
      dialects.includes('postgres') ? '' : ' PostgreSQL not measured: set TEST_DATABASE_URL.'
    }\n`,
  );
  console.log(
    `| database | search (sequential, median ms of ${RUNS}) | demo group | large group | large / demo | matches |`,
  );
  console.log('|---|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log('\nGoal: large-group operations within 2× of the demo group.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
