import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One folder per test run for what the run may issue once and share between test files: the demo group's
 * certificates and keys (packages/db/src/testing/demo-certificate-cache.ts). The test workers inherit the
 * variable; the folder goes when the run ends.
 */
export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'bts-console-test-run-'));
  process.env.TEST_DEMO_CERTIFICATES_DIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
