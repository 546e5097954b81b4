import { loadCliEnvironment } from './config/env';
import { runCli } from './program';
import { processTerminal } from './terminal';

// `bts-console audit list | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), loadCliEnvironment(), processTerminal());
