import { defineConfig } from '@playwright/test';
import { availableParallelism } from 'node:os';

// The global setup builds the server and the console and seeds a template data folder; every journey file
// then gets a server of its own on a copy of it (support/fixtures.ts), so files run side by side. See
// README.md in this folder.
export default defineConfig({
  testDir: './journeys',
  outputDir: './test-results/artifacts',
  globalSetup: './support/global-setup.ts',
  forbidOnly: true,
  // A journey that fails now and then is a bug to fix, not to retry.
  retries: 0,
  // One journey file (a browser and its server) per core; more would only make each wait for the others.
  workers: availableParallelism(),
  fullyParallel: false,
  // Guards against a hung journey, not measures of speed: generous for a two-core machine kept busy by
  // others (npm run test:stress); a passing run on a quiet machine is far below these.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/report.json' }],
  ],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
