// `npm start`: builds what is missing (the API bundle, and the console when it has a build),
// then runs the server; migrations and the first-start seed happen inside it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
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

/** The newest modification time under the given folders, so a `git pull` rebuilds what changed. */
function newestSource(folders) {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path))
        if (entry !== 'node_modules' && entry !== 'dist') visit(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const folder of folders) visit(join(root, folder));
  return newest;
}

function isStale(output, sources) {
  const built = statSync(join(root, output), { throwIfNoEntry: false });
  return !built || built.mtimeMs < newestSource(sources);
}

const shared = ['packages/domain/src', 'packages/x509/src', 'packages/db/src'];
if (
  hasScript('apps/web', 'build') &&
  isStale('apps/web/dist/index.html', ['apps/web/src', 'apps/web/index.html', 'packages/domain/src'])
) {
  buildWorkspace('@bts-console/web', 'the console');
}
const serverBundle = join(root, 'apps/api/dist/server.mjs');
if (isStale('apps/api/dist/server.mjs', ['apps/api/src', ...shared]))
  buildWorkspace('@bts-console/api', 'the API server');

const server = spawn(process.execPath, ['--enable-source-maps', serverBundle], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
