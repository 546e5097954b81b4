// Bundles the API server into dist/server.mjs. Our workspace packages (@bts-console/*) export
// TypeScript source, so they are bundled; every other package stays in node_modules.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

const keepNpmPackagesExternal = {
  name: 'keep-npm-packages-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@bts-console/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  absWorkingDir: here,
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [keepNpmPackagesExternal],
});
console.log('Built apps/api/dist/server.mjs');
