// `npm test`: lint, format, typecheck, unit and API tests (vitest), end-to-end journeys (Playwright in Chromium).
// Prints how long each part took and the load average, then one closing line over all suites: `N passed, M failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, 'test-results', 'reports');
const cache = join(root, 'node_modules', '.cache');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const cores = availableParallelism();
const startedAt = Date.now();
const timings = [];
let passed = 0;
let failed = 0;

function load() {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}

function run(label, command, args, options = {}) {
  console.log(`\n── ${label} ──`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  timings.push([label, seconds(started)]);
  return result.status === 0;
}

/** Runs a check with its output kept, so checks can run side by side and still print one after another. */
function runQuietly(command, args) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ ok: false, output: `${output}${error.message}\n`, started }));
    child.on('close', (code) => resolve({ ok: code === 0, output, started }));
  });
}

/** Runs the checks at most `cores` at a time; a check is several commands that must all pass. */
async function runChecks(checks) {
  const queue = checks.flatMap((check) => check.commands.map((command) => ({ check, command })));
  const results = new Map(checks.map((check) => [check, []]));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      results.get(next.check).push({ ...(await runQuietly(...next.command)), finished: Date.now() });
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: cores }, worker));
  for (const check of checks) {
    const outcomes = results.get(check);
    console.log(`\n── ${check.label} ──`);
    for (const outcome of outcomes) if (outcome.output.trim() !== '') process.stdout.write(outcome.output);
    const busy = outcomes.reduce((sum, outcome) => sum + (outcome.finished - outcome.started), 0);
    timings.push([check.label, (busy / 1000).toFixed(1)]);
    if (outcomes.every((outcome) => outcome.ok)) passed += 1;
    else {
      failed += 1;
      console.log(`✗ ${check.label} failed`);
    }
  }
  timings.push([`(lint, format and typecheck side by side, ${cores} at a time)`, seconds(started)]);
}

function workspacesWith(script) {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return workspaces
    .flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(root, pattern.slice(0, -2))).map((name) => `${pattern.slice(0, -2)}/${name}`)
        : [pattern],
    )
    .filter((folder) => existsSync(join(root, folder, 'package.json')))
    .filter(
      (folder) => JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')).scripts?.[script],
    );
}

/**
 * The tsc programs to run: tsconfig.node.json checks the Node workspaces it includes as one program (each app
 * imports the shared packages' sources, which one program per workspace checked again for every app), and
 * every other workspace with a typecheck script is checked with its own tsconfig.json.
 */
function typecheckPrograms() {
  const together = JSON.parse(
    readFileSync(join(root, 'tsconfig.node.json'), 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('//'))
      .join('\n'),
  ).include.map((pattern) => pattern.split('/').slice(0, 2).join('/'));
  return [
    ['node-workspaces', 'tsconfig.node.json'],
    ...workspacesWith('typecheck')
      .filter((folder) => !together.includes(folder))
      .map((folder) => [folder.replace(/\//g, '-'), join(folder, 'tsconfig.json')]),
  ];
}

console.log(`Load average at start ${load()} on ${cores} cores`);

// Caches in node_modules/.cache keep a second run from checking unchanged files again; each tool checks
// its cache against the file contents and its own configuration.
await runChecks([
  {
    label: 'lint',
    commands: [
      [
        'npx',
        [
          'eslint',
          '--max-warnings',
          '0',
          '--cache',
          '--cache-strategy',
          'content',
          '--cache-location',
          join(cache, 'eslint/'),
          '.',
        ],
      ],
    ],
  },
  {
    label: 'format',
    commands: [
      [
        'npx',
        [
          'prettier',
          '--check',
          '--log-level',
          'warn',
          '--cache',
          '--cache-strategy',
          'content',
          '--cache-location',
          join(cache, 'prettier', '.prettier-cache'),
          '.',
        ],
      ],
    ],
  },
  {
    label: 'typecheck',
    commands: typecheckPrograms().map(([name, project]) => [
      'npx',
      ['tsc', '-p', project, '--incremental', '--tsBuildInfoFile', join(cache, 'tsc', `${name}.tsbuildinfo`)],
    ]),
  },
]);

const vitestReport = join(reports, 'vitest.json');
const vitestOk = run('unit and API tests (vitest)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that fails to load has no failed test of its own; count it.
  failed += report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  if (!vitestOk && report.numFailedTests === 0) failed += 1;
} else if (!vitestOk) failed += 1;

const specs = readdirSync(join(root, 'e2e'), { recursive: true }).filter(
  (f) => String(f).endsWith('.spec.ts') && !String(f).includes('node_modules'),
);
if (specs.length > 0) {
  let chromium;
  try {
    chromium = findChromium();
  } catch (error) {
    console.error(String(error.message));
    failed += 1;
  }
  if (chromium) {
    const e2eReport = join(reports, 'playwright.json');
    const e2eOk = run('end-to-end journeys (Playwright, Chromium)', 'npx', ['playwright', 'test'], {
      cwd: join(root, 'e2e'),
      env: { ...process.env, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
    });
    if (existsSync(e2eReport)) {
      const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
      passed += stats.expected + stats.flaky;
      failed += stats.unexpected;
      if (!e2eOk && stats.unexpected === 0) failed += 1;
    } else if (!e2eOk) failed += 1;
  }
}

console.log('\n── time ──');
for (const [label, taken] of timings) console.log(`  ${taken.padStart(7)} s  ${label}`);
console.log(`  ${seconds(startedAt).padStart(7)} s  in all`);
console.log(`Load average at end ${load()}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
