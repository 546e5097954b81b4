import type { BtsDatabase } from '@bts-console/db';
import type { Clock } from '@bts-console/domain';
import type { Logger } from 'pino';
import type { AppConfig } from './config/env';
import type { MovableClock } from './test-clock/movable-clock';

/** What every router factory receives; tests build it with a real database and a fixed clock. */
export interface AppDependencies {
  database: BtsDatabase;
  clock: Clock;
  config: AppConfig;
  logger: Logger;
  /** The same clock as `clock`, movable through POST /api/test-clock; only when BTS_TEST_CLOCK=1. */
  testClock?: MovableClock;
}
