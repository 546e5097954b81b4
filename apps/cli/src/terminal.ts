import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CommandFailure } from './cli-errors';

/** Where the CLI reads and writes; tests hand in their own. */
export interface Terminal {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export function processTerminal(): Terminal {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

/** Everything piped to stdin, e.g. `echo "$PASSWORD" | bts-console login --password-stdin`. */
export async function readAllStdin(terminal: Terminal): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of terminal.stdin) chunks.push(Buffer.from(chunk as Buffer | string));
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks on the terminal without echoing what is typed; the prompt goes to stderr so stdout stays clean. */
export async function promptHidden(terminal: Terminal, prompt: string): Promise<string> {
  terminal.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: terminal.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      reader.once('line', resolve);
      reader.once('SIGINT', () => reject(new CommandFailure('Cancelled')));
      reader.once('close', () => reject(new CommandFailure('No password was entered')));
    });
  } finally {
    reader.close();
    terminal.stderr.write('\n');
  }
}
