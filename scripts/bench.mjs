// `npm run bench`: runs every workspace's benchmarks, `<workspace>/bench/bench-*.ts`, one after another
// with tsx, and fails when one of them fails. Each benchmark prints its own markdown table.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

const benches = ['apps', 'packages']
  .flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, group, entry.name, 'bench')),
  )
  .filter((folder) => existsSync(folder))
  .flatMap((folder) =>
    readdirSync(folder)
      .filter((file) => /^bench-.*\.ts$/.test(file))
      .sort()
      .map((file) => join(folder, file)),
  );

if (benches.length === 0) {
  console.log('No benchmarks found (<workspace>/bench/bench-*.ts).');
  process.exit(0);
}

let failed = 0;
for (const bench of benches) {
  console.log(`\n── ${relative(root, bench)} ──`);
  const result = spawnSync('npx', ['tsx', bench], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    failed += 1;
    console.log(`✗ ${relative(root, bench)} failed`);
  }
}
process.exit(failed === 0 ? 0 : 1);
