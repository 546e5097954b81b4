import { playwright } from '@vitest/browser-playwright';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain ES module of the build scripts, without type declarations.
import { findChromium } from './scripts/find-chromium.mjs';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**'],
    // Guards against a hung test, not measures of speed. On a machine kept busy by others (npm run
    // test:stress, load 13 to 15 on two cores) the slowest tests, which start a dozen command-line
    // processes or create and drop two dozen PostgreSQL schemas, took over a minute.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    // One test file per core: more workers than cores only make each wait for the others.
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./vitest.global-setup.ts'],
          pool: 'forks',
          isolate: false,
        },
      },
      {
        // The console's components, rendered by React in a real Chromium and driven by real keys and clicks.
        extends: true,
        // Bundled before the first test, so that a module found later does not load a second React.
        optimizeDeps: {
          include: [
            'react',
            'react/jsx-dev-runtime',
            'react-dom/client',
            '@fluentui/react-components',
            '@tanstack/react-virtual',
          ],
        },
        test: {
          name: 'console components',
          // After the node project, not beside it: each would start a worker per core.
          sequence: { groupOrder: 1 },
          include: ['apps/web/src/**/*.test.tsx'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: findChromium({ install: false }),
                args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
