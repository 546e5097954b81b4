import { apiPath, CreatedTokenSchema, SessionResponseSchema } from '@bts-console/domain';
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { ApiProblemError, createApiClient } from '../api-client';
import { UsageError } from '../cli-errors';
import {
  readStoredLogin,
  removeStoredLogin,
  writeStoredLogin,
  type StoredLogin,
} from '../config/stored-login';
import type { CliContext } from '../cli-context';
import { promptHidden, readAllStdin, type Terminal } from '../terminal';

interface LoginOptions {
  url?: string;
  username: string;
  passwordStdin?: boolean;
}

export function registerSessionCommands(program: Command, context: CliContext): void {
  program
    .command('login')
    .description(
      'Sign in, create an API token for this computer and keep it in the configuration file (mode 0600); the session itself is signed out again.',
    )
    .option('--url <url>', 'server address, e.g. http://localhost:8080 (default: BTS_URL)')
    .requiredOption('--username <name>', 'your user name')
    .option('--password-stdin', 'read the password from stdin instead of prompting')
    .addHelpText(
      'after',
      '\nExample:\n  $ bts-console login --url http://localhost:8080 --username admin\n  $ printf %s "$BTS_PASSWORD" | bts-console login --url http://localhost:8080 --username admin --password-stdin',
    )
    .action(async (options: LoginOptions) => {
      const url = options.url ?? context.environment.url;
      if (!url) throw new UsageError("required option '--url <url>' not specified (or set BTS_URL)");
      const anonymous = createApiClient({ url });
      const password = await readPassword(context.terminal, options);

      const signIn = await anonymous.request(
        'POST',
        '/session',
        { json: { username: options.username, password }, headers: { origin: anonymous.origin } },
        SessionResponseSchema,
      );
      const cookie = signIn.headers
        .getSetCookie()
        .map((header) => header.split(';')[0] ?? '')
        .filter((pair) => pair !== '')
        .join('; ');
      const sessionHeaders = { cookie, origin: anonymous.origin };
      try {
        const created = await anonymous.request(
          'POST',
          '/tokens',
          { json: { name: tokenName(options.username) }, headers: sessionHeaders },
          CreatedTokenSchema,
        );
        const previous = readPreviousLogin(context.environment.configDir);
        const path = writeStoredLogin(context.environment.configDir, {
          url: anonymous.url,
          username: signIn.body.user,
          token: created.body.token,
          tokenId: created.body.id,
        });
        // Signing in again replaces the stored token; revoking the old one leaves no forgotten credential live.
        if (previous) await revokeQuietly(previous);
        const output = context.output();
        output.result(
          { user: signIn.body.user, roles: signIn.body.roles, url: anonymous.url, configFile: path },
          () => {
            output.line(
              `Signed in to ${anonymous.url} as ${signIn.body.user} (${signIn.body.roles.join(', ')}).`,
            );
            output.line(`API token '${created.body.name}' kept in ${path}.`);
          },
        );
      } finally {
        // The CLI works with the token; leaving the session open would only leave a second credential behind.
        await anonymous.request('DELETE', '/session', { headers: sessionHeaders }).catch(() => undefined);
      }
    });

  program
    .command('logout')
    .description('Revoke the stored API token on the server and remove it from the configuration file.')
    .addHelpText('after', '\nExample:\n  $ bts-console logout')
    .action(async () => {
      const output = context.output();
      const stored = readStoredLogin(context.environment.configDir);
      if (!stored) {
        output.result({ revoked: false }, () => output.line('Not signed in; nothing to do.'));
        return;
      }
      const client = createApiClient({ url: stored.url, token: stored.token });
      let alreadyRevoked = false;
      try {
        await client.request('DELETE', apiPath`/tokens/${stored.tokenId}`);
      } catch (error) {
        // The token no longer works (401) or is no longer live (404), so nothing remains to revoke; any other
        // failure keeps it for a retry.
        if (!(error instanceof ApiProblemError && [401, 404].includes(error.problem.status))) throw error;
        alreadyRevoked = true;
      }
      removeStoredLogin(context.environment.configDir);
      output.result({ revoked: !alreadyRevoked, username: stored.username, url: stored.url }, () =>
        output.line(
          alreadyRevoked
            ? `The token of ${stored.username} on ${stored.url} was already revoked; removed it from this computer.`
            : `Signed out ${stored.username} from ${stored.url}; the API token is revoked.`,
        ),
      );
    });

  program
    .command('whoami')
    .description('Show who the stored token (or BTS_TOKEN) signs in as, with the roles.')
    .addHelpText('after', '\nExample:\n  $ bts-console whoami')
    .action(async () => {
      const client = context.client();
      const session = await client.request('GET', '/session', {}, SessionResponseSchema);
      const output = context.output();
      output.result(session.raw, () =>
        output.line(`${session.body.user} (${session.body.roles.join(', ')}) on ${client.url}`),
      );
    });
}

async function readPassword(terminal: Terminal, options: LoginOptions): Promise<string> {
  if (options.passwordStdin) {
    // One trailing newline belongs to `echo`, not to the password.
    const password = (await readAllStdin(terminal)).replace(/\r?\n$/, '');
    if (password === '')
      throw new UsageError('--password-stdin was given but stdin is empty; pipe the password in.');
    return password;
  }
  if (!terminal.stdin.isTTY) {
    throw new UsageError(
      'Cannot prompt for the password: stdin is not a terminal. Pipe it in with --password-stdin.',
    );
  }
  return promptHidden(terminal, `Password for ${options.username}: `);
}

function readPreviousLogin(configDir: string): StoredLogin | undefined {
  try {
    return readStoredLogin(configDir);
  } catch {
    // A damaged file is about to be replaced; there is no token in it to revoke.
    return undefined;
  }
}

async function revokeQuietly(login: StoredLogin): Promise<void> {
  await createApiClient({ url: login.url, token: login.token })
    .request('DELETE', apiPath`/tokens/${login.tokenId}`)
    .catch(() => undefined);
}

function tokenName(username: string): string {
  return `bts-console CLI for ${username} on ${hostname()}`.slice(0, 100);
}
