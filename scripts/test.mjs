// `npm test`: lint, typecheck, unit and API tests (vitest), end-to-end journeys (Playwright in Chromium).
// Prints one closing line over all suites: `N passed, M failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;

function run(label, command, args, options = {}) {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    console.log(`✗ ${label} failed`);
  }
}

check('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
check('typecheck', 'npm', ['run', 'typecheck', '--silent']);

const vitestReport = join(reports, 'vitest.json');
const vitestOk = run('unit and API tests (vitest)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that fails to load has no failed test of its own; count it.
  failed += report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
} else if (!vitestOk) failed += 1;

const specs = readdirSync(join(root, 'e2e'), { recursive: true }).filter(
  (f) => String(f).endsWith('.spec.ts') && !String(f).includes('node_modules'),
);
if (specs.length > 0) {
  let chromium;
  try {
    chromium = findChromium();
  } catch (error) {
    console.error(String(error.message));
    failed += 1;
  }
  if (chromium) {
    const e2eReport = join(reports, 'playwright.json');
    const e2eOk = run('end-to-end journeys (Playwright, Chromium)', 'npx', ['playwright', 'test'], {
      cwd: join(root, 'e2e'),
      env: { ...process.env, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport },
    });
    if (existsSync(e2eReport)) {
      const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8'));
      passed += stats.expected + stats.flaky;
      failed += stats.unexpected;
      if (!e2eOk && stats.unexpected === 0) failed += 1;
    } else if (!e2eOk) failed += 1;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
