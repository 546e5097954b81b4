import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The source bundled as `npm run build` does, dependencies included, into `folder`: a dozen runs through
 * tsx would make a test file slow, and test/bin.test.ts already runs bin/bts-console.mjs itself.
 */
export async function buildCliBundle(folder: string): Promise<string> {
  const bundle = join(folder, 'cli.mjs');
  await build({
    entryPoints: [MAIN],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return bundle;
}

/** Runs the bundled command as a person would: its own environment, standard input, exit code and output. */
export function runCliBundle(
  bundle: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  stdin = '',
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
