// `npm run test:stress`: the whole `npm test` while busy loops keep every core loaded twice over (two per
// core), as on a shared CI machine. A suite that passes only on a quiet machine fails here. Prints the load
// average at the start and at the end, and the result; the busy loops are stopped whatever happens, and
// stop themselves if this script is killed.
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cores = availableParallelism();
const hogCount = 2 * cores;

function load() {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

// Spins, and every few hundred million steps checks that this script still runs; an orphan stops itself.
const BUSY_LOOP = `
const parent = Number(process.argv[1]);
for (;;) {
  for (let i = 0; i < 2e8; i += 1);
  try { process.kill(parent, 0); } catch { process.exit(0); }
}`;

const hogs = Array.from({ length: hogCount }, () =>
  spawn(process.execPath, ['-e', BUSY_LOOP, String(process.pid)], { stdio: 'ignore' }),
);

function stopHogs() {
  for (const hog of hogs) if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
}
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopHogs();
    process.exit(1);
  });
}

console.log(`test:stress: ${hogCount} busy loops on ${cores} cores`);
console.log(`Load average at start ${load()}`);
const started = Date.now();
const status = await new Promise((resolve) => {
  const test = spawn(process.execPath, ['scripts/test.mjs'], { cwd: root, stdio: 'inherit' });
  test.on('error', () => resolve(1));
  test.on('close', (code) => resolve(code ?? 1));
});
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(
  `\ntest:stress: npm test ${status === 0 ? 'passed' : 'FAILED'} in ${minutes} min under ${hogCount} busy loops`,
);
console.log(`Load average at end ${load()}`);
stopHogs();
process.exit(status);
