// Builds what the journeys run, once per run: the API server bundle and the console, each only when its
// output is missing or older than its sources.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SERVER_ENTRY = join(ROOT, 'apps/api/dist/server.mjs');
const CONSOLE_DIST = join(ROOT, 'apps/web/dist');
const CONSOLE_SOURCES = ['apps/web/src', 'apps/web/index.html', 'apps/web/public', 'packages/domain/src'];
const SERVER_SOURCES = ['apps/api/src', 'packages/domain/src', 'packages/db/src', 'packages/x509/src'];

function newestSource(paths: string[]): number {
  let newest = 0;
  const walk = (path: string) => {
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
  paths.forEach((path) => walk(join(ROOT, path)));
  return newest;
}

function isStale(output: string, sources: string[]): boolean {
  return !existsSync(output) || statSync(output).mtimeMs < newestSource(sources);
}

function run(command: string, args: string[], cwd: string, what: string): Promise<void> {
  console.log(`[e2e] ${what}…`);
  const child = spawn(command, args, { cwd, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    const failed = (reason: string) =>
      reject(new Error(`[e2e] ${what} failed (${reason}); the journeys need the built server and console.`));
    child.once('error', (error) => failed(error.message));
    child.once('exit', (code, signal) => (code === 0 ? resolve() : failed(signal ?? `exit code ${code}`)));
  });
}

function listing(folder: string): string {
  if (!existsSync(folder)) return '';
  return readdirSync(folder, { recursive: true })
    .map((name) => `${String(name)}:${statSync(join(folder, String(name))).size}`)
    .sort()
    .join('\n');
}

/** Copies a fresh apps/web/dist; false when there is none, or when a build changed it while it was copied. */
function copyBuiltConsole(to: string): boolean {
  if (isStale(join(CONSOLE_DIST, 'index.html'), CONSOLE_SOURCES)) return false;
  const before = listing(CONSOLE_DIST);
  cpSync(CONSOLE_DIST, to, { recursive: true });
  return before === listing(CONSOLE_DIST) && before === listing(to);
}

/** Builds the API server bundle when it is missing or older than its sources. */
export async function buildServer(): Promise<void> {
  if (isStale(SERVER_ENTRY, SERVER_SOURCES)) {
    await run('npm', ['run', 'build', '-w', '@bts-console/api'], ROOT, 'building the API');
  }
}

/**
 * Puts the built console in `consoleDir`, building it when apps/web/dist is missing or stale. The run
 * serves its own copy: a rebuild of apps/web/dist meanwhile (vite empties the folder first, and chunk
 * names change) would otherwise break pages that are still loading chunks. Asynchronous, so the template
 * data folder can be seeded while the console builds.
 */
export async function buildConsole(consoleDir: string): Promise<void> {
  rmSync(consoleDir, { recursive: true, force: true });
  if (!copyBuiltConsole(consoleDir)) {
    rmSync(consoleDir, { recursive: true, force: true });
    await run(
      'npx',
      ['vite', 'build', '--outDir', consoleDir, '--emptyOutDir', '--logLevel', 'warn'],
      join(ROOT, 'apps/web'),
      'building the console',
    );
  }
}
