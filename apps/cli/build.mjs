// Bundles the CLI and the workspace packages it uses into dist/cli.mjs; npm dependencies stay external.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const workspacePackages = (name) => name.startsWith('@bts-console/');
const external = Object.keys(manifest.dependencies ?? {}).filter((name) => !workspacePackages(name));

await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: new URL('./dist/cli.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // zod comes in through @bts-console/domain, which the CLI does not declare, so it is bundled with it.
  external,
  sourcemap: true,
  logLevel: 'info',
});
