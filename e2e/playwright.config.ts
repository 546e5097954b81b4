import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Playwright evaluates this file in the runner and again in every worker; workers inherit the runner's
// environment, so each value is chosen once per run and shared through process.env.
function freePort(): string {
  return execFileSync(process.execPath, [
    '-e',
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });",
  ])
    .toString()
    .trim();
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}

process.env.E2E_PORT ??= freePort();
process.env.E2E_DATA_DIR ??= join(tmpdir(), `bts-console-e2e-${randomBytes(6).toString('hex')}`);
process.env.E2E_ADMIN_PASSWORD ??= secret();
process.env.E2E_OPERATOR_PASSWORD ??= secret();
process.env.E2E_READER_PASSWORD ??= secret();

const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;
const root = join(import.meta.dirname, '..');

export default defineConfig({
  testDir: './journeys',
  outputDir: './test-results/artifacts',
  forbidOnly: true,
  retries: 0,
  // One server holds the group's state. Each journey file changes only its own send port, so two workers
  // can run files side by side; inside a file, tests run in order.
  workers: 2,
  fullyParallel: false,
  // Generous for a busy two-core machine; a passing run is far below these.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/report.json' }],
  ],
  use: {
    baseURL,
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
  webServer: {
    command: 'node e2e/support/start-server.mjs',
    cwd: root,
    url: `${baseURL}/api/health`,
    // Building the API and the console on two cores takes a while the first time.
    timeout: 240_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 6000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: port,
      BTS_DATA_DIR: process.env.E2E_DATA_DIR,
      BTS_SEED: 'demo',
      BTS_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      BTS_OPERATOR_PASSWORD: process.env.E2E_OPERATOR_PASSWORD,
      BTS_READER_PASSWORD: process.env.E2E_READER_PASSWORD,
      BTS_PUBLIC_ORIGIN: baseURL,
    },
  },
});
