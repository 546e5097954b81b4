// One real bts-console server: the built API bundle on a data folder of its own, on a free port of
// 127.0.0.1, started and stopped by the journeys' fixtures (and once by the global setup, to seed).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { SERVER_ENTRY, ROOT } from './console-build';

export interface JourneyServer {
  /** http://127.0.0.1:<port>, what the browser and the API sessions use. */
  url: string;
  dataDir: string;
  /** What the server printed, for the report of a failed journey. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartJourneyServerOptions {
  dataDir: string;
  /** The built console the server serves. */
  consoleDir: string;
  passwords: { admin: string; operator: string; reader: string };
  /** How long to wait for the server to answer /api/health. */
  timeoutMs?: number;
  /** More settings of the server's environment, e.g. BTS_EXPIRY_WARNING_DAYS. */
  environment?: Readonly<Record<string, string>>;
}

const MAX_OUTPUT = 64 * 1024;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls /api/health until it answers 200, the process exits, or the time is up. */
async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  child.once('exit', () => (exitedEarly = true));
  while (!exitedEarly && Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `[e2e] the server ${exitedEarly ? 'exited' : `did not answer ${url}/api/health within ${timeoutMs / 1000} s`}:\n${output()}`,
  );
}

export async function startJourneyServer(options: StartJourneyServerOptions): Promise<JourneyServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      BTS_DATA_DIR: options.dataDir,
      BTS_SEED: 'demo',
      BTS_ADMIN_PASSWORD: options.passwords.admin,
      BTS_OPERATOR_PASSWORD: options.passwords.operator,
      BTS_READER_PASSWORD: options.passwords.reader,
      BTS_PUBLIC_ORIGIN: url,
      BTS_WEB_DIST: options.consoleDir,
      // Journeys move time rather than wait for it (docs/decisions/017).
      BTS_TEST_CLOCK: '1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...options.environment,
    },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(killer);
  };
  try {
    await waitUntilHealthy(url, child, options.timeoutMs ?? 60_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir: options.dataDir, output: () => output, stop };
}
