import { defineConfig } from '@playwright/test';
import { availableParallelism } from 'node:os';

/**
 * The journeys that take longest (npm test reports each file's time), by their numbers: each tier starts
 * before the next, and the last tier is every other journey. A tier of two keeps both workers on the two
 * longest files first.
 */
const JOURNEY_TIERS: string[][] = [['12', '23'], ['13', '14', '15', '17'], []];

function journeyFiles(numbers: string[]): RegExp {
  return new RegExp(`[\\\\/](?:${numbers.join('|') || '(?!)'})-[^\\\\/]*\\.spec\\.ts$`);
}

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
  // One journey file (a browser and its server) per core, and one more: a journey spends part of its time
  // waiting on its server and on the console's transitions, when another can use the core. On two cores
  // all 44 journeys took 278 s with three workers against 299 s with two, run one after the other.
  workers: availableParallelism() + 1,
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
  // The journey files in tiers, longest first (projects run their files in this order, each tier's
  // alphabetically), so two workers end together instead of one waiting on a long file picked up last.
  projects: JOURNEY_TIERS.map((tier, index) => ({
    name: index === JOURNEY_TIERS.length - 1 ? 'chromium' : `chromium, long journeys ${index + 1}`,
    testMatch: index === JOURNEY_TIERS.length - 1 ? '**/*.spec.ts' : journeyFiles(tier),
    testIgnore: journeyFiles(JOURNEY_TIERS.slice(0, index).flat()),
    use: { browserName: 'chromium' },
  })),
});
