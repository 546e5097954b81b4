import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { firstModules } from './build/first-modules';
import { precompress } from './build/precompress';

const root = new URL('.', import.meta.url).pathname;

/** Matches the modules of the npm packages named, in node_modules on any platform. */
function packages(...names: string[]): RegExp {
  const alternatives = names.map((name) => name.replace(/[.]/g, '\\.').replace('/', '[\\\\/]')).join('|');
  return new RegExp(`[\\\\/]node_modules[\\\\/](?:${alternatives})[\\\\/]`);
}

export default defineConfig({
  root,
  plugins: [
    react(),
    // The route modules a signed-in deep link draws, preloaded with the page (docs/decisions/026); the paths
    // are the router's (src/app/router.tsx). Every console page but the sign-in page is in the frame.
    firstModules({
      '^/(?!sign-in(?:/|$))': ['src/app/routes/console-layout.tsx'],
      '^/applications/[^/]+/send-ports(?:/|$)': ['src/app/routes/send-ports.tsx'],
    }),
    precompress(),
  ],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    // A strict Content-Security-Policy forbids inline scripts; keep every script an external file.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Left to itself, the bundler makes one chunk per set of pages that share code: some sixty files
        // for the first screen, each gzip-ed without the others' dictionary. These groups hold what the
        // first screens share (docs/decisions/006-first-screen-javascript.md); a page's own code stays with it.
        // A group also takes in the modules its modules import, unless a group of higher priority has.
        codeSplitting: {
          groups: [
            {
              name: 'framework',
              priority: 5,
              test: packages(
                'react',
                'react-dom',
                'scheduler',
                'react-router',
                '@tanstack/query-core',
                '@tanstack/react-query',
                'zod',
                'use-sync-external-store',
              ),
            },
            {
              // Fluent UI's styling and focus, and the controls of the sign-in page: all the first screen
              // draws besides its own code (its message bar loads when the form is sent).
              name: 'fluent',
              priority: 4,
              test: packages(
                '@griffel/core',
                '@griffel/react',
                'stylis',
                'rtl-css-js',
                '@emotion/hash',
                'tabster',
                'keyborg',
                '@swc/helpers',
                '@fluentui/tokens',
                '@fluentui/react-theme',
                '@fluentui/react-provider',
                '@fluentui/react-utilities',
                '@fluentui/react-shared-contexts',
                '@fluentui/react-jsx-runtime',
                '@fluentui/react-context-selector',
                '@fluentui/react-tabster',
                '@fluentui/react-aria',
                '@fluentui/keyboard-keys',
                '@fluentui/react-label',
                '@fluentui/react-text',
                '@fluentui/react-link',
                '@fluentui/react-button',
                '@fluentui/react-spinner',
                '@fluentui/react-field',
                '@fluentui/react-input',
              ),
            },
            {
              // The console's start, which the sign-in page shares with every other page: the API client,
              // the session, sign-in, the notifications' provider (not the toaster: it loads when needed),
              // and the queries the router starts before a page's code is here.
              name: 'console-start',
              priority: 3.5,
              test: /[\\/]apps[\\/]web[\\/]src[\\/](?:lib[\\/](?:api-client|console-paths|use-paged-rows|auth[\\/](?:get-session|sign-in))|components[\\/]notify|features[\\/](?:group[\\/]api[\\/]get-(?:group|applications)|send-ports[\\/]api[\\/]get-send-ports))\./,
            },
            {
              // What floats over the console's frame once signed in, and what moves in it: positioning,
              // portals, tooltips, motion and message bars.
              name: 'console-frame',
              priority: 3,
              test: packages(
                '@fluentui/react-motion',
                '@fluentui/react-motion-components-preview',
                '@fluentui/react-message-bar',
                '@floating-ui/core',
                '@floating-ui/dom',
                '@floating-ui/utils',
                '@fluentui/react-portal',
                '@fluentui/react-positioning',
                '@fluentui/react-tooltip',
              ),
            },
            {
              // The results lists of nearly every console node.
              name: 'results-list',
              priority: 3,
              test: packages(
                '@fluentui/react-table',
                '@fluentui/react-search',
                '@fluentui/react-checkbox',
                '@fluentui/react-radio',
                '@fluentui/react-avatar',
                '@fluentui/react-badge',
              ),
            },
            // Each icon is a few hundred bytes; apart, they would be a file for every set of pages.
            { name: 'icons', priority: 2, test: packages('@fluentui/react-icons') },
            {
              // The console's shared components and helpers, but not the toaster: it loads when needed.
              name: 'console-shared',
              priority: 1,
              test: /[\\/]apps[\\/]web[\\/]src[\\/](?:components|lib)[\\/](?!console-toaster\.)/,
            },
          ],
        },
      },
      treeshake: {
        // Building a zod schema has no effect but the schema: a schema the console never reads is left out,
        // instead of being built while the first screen's scripts run (ten of the twenty-five in its first
        // chunk). `text` and `listOf` are the contract's own schema builders (packages/domain/src/contract).
        manualPureFunctions: ['z', 'text', 'listOf'],
        // The contract's modules only define schemas and rules. Said so, each loads with the pages that
        // use it, and the console leaves out those it never uses (bindings, for one).
        moduleSideEffects: [{ test: /[\\/]packages[\\/]domain[\\/]src[\\/]/, sideEffects: false }],
      },
    },
  },
});
