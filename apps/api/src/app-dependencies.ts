import type { BtsDatabase } from '@bts-console/db';
import type { Clock } from '@bts-console/domain';
import type { Logger } from 'pino';
import type { AppConfig } from './config/env';

/** What every router factory receives; tests build it with a real database and a fixed clock. */
export interface AppDependencies {
  database: BtsDatabase;
  clock: Clock;
  config: AppConfig;
  logger: Logger;
}
