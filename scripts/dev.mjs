// `npm run dev`: the API with tsx watch, and the console's dev server when it has one.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function hasScript(folder, name) {
  const manifest = join(root, folder, 'package.json');
  if (!existsSync(manifest)) return false;
  return Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.[name]);
}

const children = [spawn(npm, ['run', 'dev', '-w', '@bts-console/api'], { cwd: root, stdio: 'inherit' })];
if (hasScript('apps/web', 'dev')) {
  children.push(spawn(npm, ['run', 'dev', '-w', '@bts-console/web'], { cwd: root, stdio: 'inherit' }));
}

let stopping = false;
function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stopAll(signal));
for (const child of children) {
  child.on('exit', (code) => {
    stopAll('SIGTERM');
    process.exitCode = code ?? 0;
  });
}
