// Runs once before the journeys: builds the server and the console, and seeds one demo group into a
// template data folder that every journey file's server starts from (a copy each), so no journey pays
// for the seed's RSA keys and none sees another's changes. Workers inherit what is put in process.env.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServerAndConsole } from './console-build';
import { startJourneyServer } from './journey-server';

function secret(): string {
  return randomBytes(18).toString('base64url');
}

export default async function globalSetup(): Promise<() => void> {
  const runDir = mkdtempSync(join(tmpdir(), 'bts-console-e2e-'));
  try {
    const consoleDir = join(runDir, 'console');
    const templateDir = join(runDir, 'template');
    buildServerAndConsole(consoleDir);
    mkdirSync(templateDir);
    const passwords = { admin: secret(), operator: secret(), reader: secret() };
    const seeding = await startJourneyServer({
      dataDir: templateDir,
      consoleDir,
      passwords,
      timeoutMs: 180_000,
    });
    await seeding.stop();

    process.env.E2E_RUN_DIR = runDir;
    process.env.E2E_ADMIN_PASSWORD = passwords.admin;
    process.env.E2E_OPERATOR_PASSWORD = passwords.operator;
    process.env.E2E_READER_PASSWORD = passwords.reader;
  } catch (error) {
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  return () => rmSync(runDir, { recursive: true, force: true });
}
