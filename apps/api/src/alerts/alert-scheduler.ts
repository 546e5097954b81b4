import type { AppDependencies } from '../app-dependencies';
import { checkExpiry, deliverDueWebhooks, type AlertOptions } from './alerts.service';

/** How often due webhook retries are looked for, between the hourly checks. */
const DELIVERY_POLL_MS = 30_000;

export interface AlertScheduler {
  /** One pass, at the clock's time: raise what has crossed a threshold, then post what is due. */
  runOnce(): Promise<{ raised: number[]; attempts: number }>;
  /**
   * Runs a pass now, then every BTS_EXPIRY_CHECK_MINUTES, and posts due retries every 30 s. The
   * timers do not keep the process alive. Returns a function that stops them.
   */
  start(): () => void;
}

/** The alert settings of the configuration: thresholds and webhook. */
export function alertOptions(config: AppDependencies['config']): AlertOptions {
  return {
    ...(config.expiryWarningDays ? { expiryWarningDays: config.expiryWarningDays } : {}),
    ...(config.alertWebhookUrl ? { alertWebhookUrl: config.alertWebhookUrl } : {}),
  };
}

/**
 * The scheduler of DESIGN §13, one per API process. Passes of one process never overlap; passes of
 * several processes may, and the database keeps each alert and each attempt to one of them.
 */
export function createAlertScheduler(
  deps: Pick<AppDependencies, 'database' | 'clock' | 'config' | 'logger'>,
): AlertScheduler {
  const { database, clock, config, logger } = deps;
  let running: Promise<unknown> = Promise.resolve();
  const serially = <T>(pass: () => Promise<T>): Promise<T> => {
    const next = running.then(pass, pass);
    running = next.catch(() => undefined);
    return next;
  };
  const options = alertOptions(config);
  const runOnce = () =>
    serially(async () => {
      const raised = await checkExpiry(database.db, clock, options);
      const attempts = await deliverDueWebhooks(database.db, clock);
      return { raised, attempts };
    });
  const deliver = () => serially(() => deliverDueWebhooks(database.db, clock));

  return {
    runOnce,
    start() {
      const check = () => {
        runOnce()
          .then((pass) => {
            if (pass.raised.length > 0)
              logger.info({ alerts: pass.raised }, 'certificate expiry alerts raised');
          })
          .catch((error: unknown) => logger.warn({ err: error }, 'the expiry check failed; retrying later'));
      };
      const poll = () => {
        deliver().catch((error: unknown) =>
          logger.warn({ err: error }, 'delivering alert webhooks failed; retrying later'),
        );
      };
      check();
      const checkTimer = setInterval(check, (config.expiryCheckMinutes ?? 60) * 60_000);
      const pollTimer = setInterval(poll, DELIVERY_POLL_MS);
      checkTimer.unref();
      pollTimer.unref();
      return () => {
        clearInterval(checkTimer);
        clearInterval(pollTimer);
      };
    },
  };
}
