// `npm start`: builds what is missing (the API bundle, and the console when it has a build),
// then runs the server; migrations and the first-start seed happen inside it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function buildWorkspace(workspace, label) {
  console.log(`Building ${label}…`);
  const result = spawnSync(npm, ['run', 'build', '-w', workspace], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`Building ${label} failed; see the output above.`);
    process.exit(result.status ?? 1);
  }
}

function hasScript(folder, name) {
  const manifest = join(root, folder, 'package.json');
  if (!existsSync(manifest)) return false;
  return Boolean(JSON.parse(readFileSync(manifest, 'utf8')).scripts?.[name]);
}

if (hasScript('apps/web', 'build') && !existsSync(join(root, 'apps/web/dist/index.html'))) {
  buildWorkspace('@bts-console/web', 'the console');
}
const serverBundle = join(root, 'apps/api/dist/server.mjs');
if (!existsSync(serverBundle)) buildWorkspace('@bts-console/api', 'the API server');

const server = spawn(process.execPath, ['--enable-source-maps', serverBundle], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
