import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CliEnvironment {
  /** BTS_URL: the server to talk to, over the stored one. */
  url: string | undefined;
  /** BTS_TOKEN: an API token to use, over the stored one (scripts and CI). */
  token: string | undefined;
  /** Where config.json lives: $XDG_CONFIG_HOME/bts-console, else ~/.config/bts-console. */
  configDir: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The CLI's only reading of the environment. */
export function loadCliEnvironment(env: NodeJS.ProcessEnv = process.env): CliEnvironment {
  const configHome = nonEmpty(env.XDG_CONFIG_HOME) ?? join(nonEmpty(env.HOME) ?? homedir(), '.config');
  return {
    url: nonEmpty(env.BTS_URL),
    token: nonEmpty(env.BTS_TOKEN),
    configDir: join(configHome, 'bts-console'),
  };
}
