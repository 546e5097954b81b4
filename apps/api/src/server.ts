import { firstWarningDays, systemClock } from '@bts-console/domain';
import { alertOptions, createAlertScheduler } from './alerts/alert-scheduler';
import { replacementFailedAlerts } from './alerts/alerts.service';
import { createApp } from './app';
import { bootstrap, startBanner } from './bootstrap';
import { ConfigError, loadConfig } from './config/env';
import { createServerLogger } from './http/logger';
import { createReplacementScheduler } from './lifecycle/replacement-scheduler';
import { startPurging } from './session/purge';
import { movableClock } from './test-clock/movable-clock';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createServerLogger(config.logLevel);
  const testClock = config.testClock ? movableClock(systemClock) : undefined;
  const clock = testClock ?? systemClock;
  if (testClock) logger.warn("BTS_TEST_CLOCK=1: administrators may move this server's clock; for tests only");
  const started = await bootstrap(config, clock);
  if (!started.storeSearch.indexed) logger.warn(started.storeSearch.reason);
  const app = createApp({
    database: started.database,
    clock,
    config,
    logger,
    ...(testClock ? { testClock } : {}),
  });

  const server = app.listen(config.port);
  // Longer than the idle timeout of common load balancers (60 s), so they never reuse a socket we closed.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicOrigin ?? `http://localhost:${port}`;
  process.stdout.write(`${startBanner(url, started)}\n`);
  const stopPurging = startPurging({ database: started.database, clock, config, logger });
  // Replacements scheduled for a time run within a minute of it (DESIGN §12).
  const replacements = createReplacementScheduler({
    database: started.database,
    clock,
    logger,
    expiringWithinDays: firstWarningDays(config.expiryWarningDays),
    // DESIGN §12: a scheduled replacement that cannot run raises an alert that says why (§13).
    onFailed: replacementFailedAlerts(clock, alertOptions(config)),
  });
  replacements.start(60_000);
  // A moved test clock makes replacements due at once; the move is answered once they have run.
  const stopRunningOnMove = testClock?.onMove(() => replacements.runDue());
  const stopAlerts = createAlertScheduler({ database: started.database, clock, config, logger }).start();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stopPurging();
    replacements.stop();
    stopRunningOnMove?.();
    stopAlerts();
    // Finish the requests in flight, then release the database.
    server.close(() => {
      started.database
        .close()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'closing the database failed');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.warn('requests still open after 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nFix these environment variables and start again.\n`);
  } else {
    process.stderr.write(
      `bts-console failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
