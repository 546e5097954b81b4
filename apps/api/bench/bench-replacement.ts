/*
 * Certificate replacement benchmark (`npm run bench`): a real server on the large group (100
 * applications of 100 send ports, 20,000 certificates in each Other People store), where one
 * certificate is used by 1,000 send ports across ten applications. Measured over HTTP as a client sees
 * it: the preview (dryRun) and the apply of replacing it, back and forth, three runs each; on SQLite,
 * and on PostgreSQL too when TEST_DATABASE_URL is set. Goal: preview ≤ 300 ms, apply ≤ 1 s.
 */
import { cpus, loadavg } from 'node:os';
import { testDatabaseUrl } from '../src/config/env';
import { startTestApp, type TestDialect } from '../src/test-support/test-app';
import { growIntoLargeGroup } from './large-group';

const PORTS = 1000;
const RUNS = 3;
const PREVIEW_GOAL_MS = 300;
const APPLY_GOAL_MS = 1000;

interface Timing {
  ms: number;
  cpuMs: number;
}

const load = () =>
  `${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`;

async function bench(dialect: TestDialect): Promise<{ preview: Timing[]; apply: Timing[] }> {
  const app = await startTestApp({ dialect });
  try {
    const { headers } = await app.signIn('admin');
    const db = app.deps.database.db;
    const template = await db
      .selectFrom('certificates')
      .select('thumbprint')
      .where('subjectCommonName', '=', 'Contoso AS2 Encryption')
      .executeTakeFirstOrThrow();
    const generated = await growIntoLargeGroup(db, template.thumbprint, app.clock.now());
    // Two generated certificates, in every store: the one 1,000 ports use, and its successor.
    const [first, second] = [generated[generated.length - 1]!, generated[generated.length - 2]!];
    const ids = (
      await db
        .selectFrom('sendPorts')
        .select('id')
        .where('name', 'like', 'Generated.App.%')
        .orderBy('name')
        .limit(PORTS)
        .execute()
    ).map((row) => row.id);
    await db
      .updateTable('sendPorts')
      .set({ certificateThumbprint: first, certificateCommonName: 'Generated Partner' })
      .where('id', 'in', ids)
      .execute();

    async function post(body: unknown): Promise<{ timing: Timing; json: Record<string, unknown> }> {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const response = await fetch(`${app.baseUrl}/api/certificate-replacements`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
      return { timing: { ms, cpuMs: (used.user + used.system) / 1000 }, json: JSON.parse(text) };
    }

    const preview: Timing[] = [];
    const apply: Timing[] = [];
    let [from, to] = [first, second];
    for (let run = 0; run < RUNS; run += 1) {
      const previewed = await post({ from, to, dryRun: true });
      const ports = previewed.json.ports as { name: string; etag: string; outcome: string }[];
      if (ports.length !== PORTS || ports.some((port) => port.outcome !== 'ready')) {
        throw new Error(`The preview has ${ports.length} ports, not all ready.`);
      }
      preview.push(previewed.timing);
      const applied = await post({ from, to, ports: ports.map(({ name, etag }) => ({ name, etag })) });
      if (applied.json.applied !== true) throw new Error('The replacement was not applied.');
      apply.push(applied.timing);
      [from, to] = [to, from];
    }
    return { preview, apply };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  console.log(`Load average at start ${load()}`);
  const dialects: TestDialect[] = testDatabaseUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
  console.log(`\nReplacing a certificate used by ${PORTS} send ports in the large group (${RUNS} runs each)`);
  console.log(`  ${'operation'.padEnd(28)} ${'wall ms'.padStart(20)} ${'cpu ms'.padStart(20)}`);
  for (const dialect of dialects) {
    const { preview, apply } = await bench(dialect);
    for (const [label, runs, goal] of [
      [`${dialect}: preview (dryRun)`, preview, PREVIEW_GOAL_MS],
      [`${dialect}: apply`, apply, APPLY_GOAL_MS],
    ] as const) {
      const wall = runs.map((run) => run.ms.toFixed(0)).join(', ');
      const cpu = runs.map((run) => run.cpuMs.toFixed(0)).join(', ');
      const worst = Math.max(...runs.map((run) => run.ms));
      console.log(
        `  ${label.padEnd(28)} ${wall.padStart(20)} ${cpu.padStart(20)}  ${worst <= goal ? 'within' : 'OVER'} ${goal} ms`,
      );
    }
  }
  console.log(`  (load average at end ${load()})`);
}

await main();
