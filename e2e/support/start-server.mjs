// Starts the real bts-console server for the journeys: builds the API and the console when their
// output is missing or older than the sources, seeds the demo group into a fresh data folder, and
// removes that folder (and the run's copy of the console) when Playwright stops the server.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const serverEntry = join(root, 'apps/api/dist/server.mjs');
const consoleDist = join(root, 'apps/web/dist');
const consoleSources = ['apps/web/src', 'apps/web/index.html', 'apps/web/public', 'packages/domain/src'];

const dataDir = process.env.BTS_DATA_DIR;
if (!dataDir) {
  console.error('[e2e] BTS_DATA_DIR must name the fresh data folder for this run.');
  process.exit(1);
}
// The console is served from a copy of its own: a rebuild of apps/web/dist during the run (vite empties
// the folder first, and chunk names change) would otherwise break pages that are still loading chunks.
const consoleCopy = `${dataDir}-console`;

function cleanUp() {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(consoleCopy, { recursive: true, force: true });
}

function newestSource(paths) {
  let newest = 0;
  const walk = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (!stat.isDirectory()) {
      newest = Math.max(newest, stat.mtimeMs);
      return;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(join(path, entry.name));
    }
  };
  paths.forEach((path) => walk(join(root, path)));
  return newest;
}

function isStale(output, sources) {
  return !existsSync(output) || statSync(output).mtimeMs < newestSource(sources);
}

function run(command, args, cwd, what) {
  console.log(`[e2e] ${what}…`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[e2e] ${what} failed; the journeys need the built server and console.`);
    process.exit(1);
  }
}

function listing(folder) {
  if (!existsSync(folder)) return '';
  return readdirSync(folder, { recursive: true })
    .map((name) => `${name}:${statSync(join(folder, String(name))).size}`)
    .sort()
    .join('\n');
}

/** Copies a fresh apps/web/dist; false when there is none, or when a build changed it while we copied. */
function copyBuiltConsole() {
  if (isStale(join(consoleDist, 'index.html'), consoleSources)) return false;
  const before = listing(consoleDist);
  cpSync(consoleDist, consoleCopy, { recursive: true });
  return before === listing(consoleDist) && before === listing(consoleCopy);
}

if (isStale(serverEntry, ['apps/api/src', 'packages/domain/src', 'packages/db/src', 'packages/x509/src'])) {
  run('npm', ['run', 'build', '-w', '@bts-console/api'], root, 'building the API');
}
rmSync(consoleCopy, { recursive: true, force: true });
if (!copyBuiltConsole()) {
  rmSync(consoleCopy, { recursive: true, force: true });
  run(
    'npx',
    ['vite', 'build', '--outDir', consoleCopy, '--emptyOutDir', '--logLevel', 'warn'],
    join(root, 'apps/web'),
    'building the console',
  );
}

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const server = spawn(process.execPath, [serverEntry], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    BTS_SEED: 'demo',
    BTS_WEB_DIST: consoleCopy,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});

server.on('exit', (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal ? 1 : 0));
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.kill('SIGTERM');
    // A server that does not stop promptly is not allowed to leave the data folder behind.
    setTimeout(() => {
      server.kill('SIGKILL');
      cleanUp();
      process.exit(1);
    }, 4000).unref();
  });
}
