import type { AppDependencies } from '../app-dependencies';
import { purgeExpiredSessions } from './session.service';
import { purgeOldSignInAttempts } from './sign-in-throttle';

/** How often the purge runs in a server process. */
export const PURGE_INTERVAL_MS = 10 * 60_000;

/** Deletes sessions that have expired and sign-in attempts that have left the throttle window. */
export async function purgeSessionsAndSignInAttempts({
  database,
  clock,
  config,
}: Pick<AppDependencies, 'database' | 'clock' | 'config'>): Promise<{ sessions: number; attempts: number }> {
  const sessions = await purgeExpiredSessions(
    database.db,
    { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
    clock,
  );
  const attempts = await purgeOldSignInAttempts(database.db, clock);
  return { sessions, attempts };
}

/**
 * Purges now and then every PURGE_INTERVAL_MS; the timer does not keep the process alive. Returns a
 * function that stops it.
 */
export function startPurging(
  deps: Pick<AppDependencies, 'database' | 'clock' | 'config' | 'logger'>,
): () => void {
  const run = () => {
    purgeSessionsAndSignInAttempts(deps)
      .then((purged) => deps.logger.debug(purged, 'purged expired sessions and old sign-in attempts'))
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'purging sessions failed; retrying later'));
  };
  run();
  const timer = setInterval(run, PURGE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
