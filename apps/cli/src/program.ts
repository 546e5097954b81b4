import { Command, CommanderError } from 'commander';
import { ApiProblemError } from './api-client';
import { createCliContext } from './cli-context';
import { CommandFailure, UsageError } from './cli-errors';
import { registerAlertsCommands } from './commands/alerts';
import { registerApplicationsCommands } from './commands/applications';
import { registerAuditCommands } from './commands/audit';
import { registerBindingsCommands } from './commands/bindings';
import { registerCertCommands } from './commands/cert';
import { registerSendPortsCommands } from './commands/send-ports';
import { registerSessionCommands } from './commands/session';
import { registerStoreCommands } from './commands/store';
import { registerThumbprintCommands } from './commands/thumbprint';
import { registerUsersCommands } from './commands/users';
import type { CliEnvironment } from './config/env';
import { formatProblem } from './output';
import type { Terminal } from './terminal';

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The whole command tree; commander errors are thrown (exitOverride), never exit the process. */
export function createProgram(environment: CliEnvironment, terminal: Terminal): Command {
  const program = new Command('bts-console');
  program
    .description(
      'Assign encryption certificates to BizTalk send ports, manage Other People stores and bindings.',
    )
    .option('--json', 'print the API’s JSON instead of tables (for scripts)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      [
        '',
        'Environment:',
        '  BTS_URL     server address, over the one stored by login',
        '  BTS_TOKEN   API token, over the one stored by login',
        '',
        'Exit codes: 0 success, 1 refused or failed, 2 usage error.',
        '',
        'Example:',
        '  $ bts-console login --url http://localhost:8080 --username admin',
        '  $ bts-console cert assign SP.Orders.AS2 "1A2B 3C4D 5E6F 7A8B 9C0D 1E2F 3A4B 5C6D 7E8F 9A0B"',
      ].join('\n'),
    );

  const context = createCliContext(
    environment,
    terminal,
    () => program.opts<{ json?: boolean }>().json === true,
  );

  registerSessionCommands(program, context);
  registerApplicationsCommands(program, context);
  registerSendPortsCommands(program, context);
  registerCertCommands(program, context);
  registerStoreCommands(program, context);
  registerBindingsCommands(program, context);
  registerThumbprintCommands(program, context);
  registerAlertsCommands(program, context);
  registerAuditCommands(program, context);
  registerUsersCommands(program, context);
  return program;
}

/** Runs one command line and returns the exit code: 0 success, 1 refused or failed, 2 usage error. */
export async function runCli(
  argv: readonly string[],
  environment: CliEnvironment,
  terminal: Terminal,
): Promise<number> {
  const program = createProgram(environment, terminal);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_SUCCESS;
  } catch (error) {
    return reportError(error, terminal, program.opts<{ json?: boolean }>().json === true);
  }
}

function reportError(error: unknown, terminal: Terminal, json: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; --help and --version end here too, successfully.
    return error.exitCode === 0 ? EXIT_SUCCESS : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    terminal.stderr.write(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ApiProblemError) {
    if (json) terminal.stdout.write(`${JSON.stringify(error.problem, null, 2)}\n`);
    terminal.stderr.write(
      `${formatProblem({ ...error.problem, detail: error.detail ?? error.problem.detail })}\n`,
    );
    if (error.hint) terminal.stderr.write(`hint: ${error.hint}\n`);
    return EXIT_FAILURE;
  }
  if (error instanceof CommandFailure && error.code) {
    terminal.stderr.write(`error [${error.code}]: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  terminal.stderr.write(`error: ${message}\n`);
  return EXIT_FAILURE;
}
