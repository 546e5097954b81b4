import type { Clock } from '@bts-console/domain';

/**
 * The clock of a server started with BTS_TEST_CLOCK=1: the system's time plus an offset that only grows, so
 * a journey moves a week forward in one request and the server's time keeps running from there.
 */
export interface MovableClock extends Clock {
  /**
   * Moves the clock to `at`, then waits for the listeners; refuses to go back, as audit entries and
   * sessions assume time only grows.
   */
  moveTo(at: Date): Promise<void>;
  /**
   * Called after each move, so work due by the new time (a scheduled replacement, an alert) is done
   * before the move is answered: a test that moved the clock then sees its effects, without polling.
   */
  onMove(listener: (now: Date) => unknown): () => void;
}

export class ClockMovesBackError extends Error {
  constructor(readonly now: Date) {
    super(`The test clock only moves forward; it reads ${now.toISOString()}.`);
    this.name = 'ClockMovesBackError';
  }
}

export function movableClock(base: Clock): MovableClock {
  let offsetMs = 0;
  const listeners = new Set<(now: Date) => unknown>();
  const now = () => new Date(base.now().getTime() + offsetMs);
  return {
    now,
    async moveTo(at) {
      const current = now();
      if (at.getTime() < current.getTime()) throw new ClockMovesBackError(current);
      offsetMs += at.getTime() - current.getTime();
      // One listener failing must not keep the others from running; the failure is the listener's to log.
      await Promise.allSettled([...listeners].map(async (listener) => listener(now())));
    },
    onMove(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
