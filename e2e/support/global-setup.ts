// Runs once before the journeys: builds the server and the console, and seeds one demo group into a
// template data folder that every journey file's server starts from (a copy each), so no journey pays
// for the seed's RSA keys and none sees another's changes. Workers inherit what is put in process.env.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole, buildServer } from './console-build';
import { startJourneyServer } from './journey-server';

function secret(): string {
  return randomBytes(18).toString('base64url');
}

export default async function globalSetup(): Promise<() => void> {
  const runDir = mkdtempSync(join(tmpdir(), 'bts-console-e2e-'));
  try {
    const consoleDir = join(runDir, 'console');
    const templateDir = join(runDir, 'template');
    mkdirSync(templateDir);
    const passwords = { admin: secret(), operator: secret(), reader: secret() };
    // The console builds while the template is seeded: each mostly keeps one core busy. The seeding server
    // serves no console, so it is given none (a console half built would be read as it is written).
    const consoleBuilt = buildConsole(consoleDir);
    const seeded = (async () => {
      await buildServer();
      const seeding = await startJourneyServer({
        dataDir: templateDir,
        consoleDir: join(runDir, 'no-console-while-seeding'),
        passwords,
        timeoutMs: 180_000,
      });
      await seeding.stop();
    })();
    // Both settle before either's failure is thrown, so no build goes on writing into a removed folder.
    const [built, seededOutcome] = await Promise.allSettled([consoleBuilt, seeded]);
    for (const outcome of [built, seededOutcome]) if (outcome.status === 'rejected') throw outcome.reason;

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
