import { createApiClient, type ApiClient } from './api-client';
import { CommandFailure } from './cli-errors';
import type { CliEnvironment } from './config/env';
import { readStoredLogin } from './config/stored-login';
import { createOutput, type Output } from './output';
import type { Terminal } from './terminal';

/** What every command needs; built once per run. */
export interface CliContext {
  environment: CliEnvironment;
  terminal: Terminal;
  /** Honours the global --json. */
  output(): Output;
  /** A client for the configured server: BTS_URL and BTS_TOKEN over the stored login. */
  client(): ApiClient;
}

/** `json` is asked when a command prints, because the global --json is parsed after the tree is built. */
export function createCliContext(
  environment: CliEnvironment,
  terminal: Terminal,
  json: () => boolean,
): CliContext {
  return {
    environment,
    terminal,
    output: () => createOutput(terminal, json()),
    client: () => {
      const stored = readStoredLogin(environment.configDir);
      const url = environment.url ?? stored?.url;
      const token = environment.token ?? stored?.token;
      if (!url || !token) {
        throw new CommandFailure(
          'Not signed in. Run bts-console login --url <server> --username <name>, or set BTS_URL and BTS_TOKEN.',
        );
      }
      return createApiClient({ url, token });
    },
  };
}
