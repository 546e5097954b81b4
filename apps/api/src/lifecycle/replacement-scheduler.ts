import {
  appendAuditEntries,
  finishPendingReplacement,
  listDueReplacementIds,
  withTransaction,
  type BtsDatabase,
  type Executor,
  type StoredReplacement,
} from '@bts-console/db';
import type { Clock } from '@bts-console/domain';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import { HttpProblem } from '../http/problem';
import { applyReplacement, failureOf } from './replacements.service';

/** What a run of the scheduler did with each due replacement it claimed. */
export interface ReplacementRun {
  id: string;
  outcome: 'done' | 'failed';
}

export interface ReplacementSchedulerOptions {
  database: BtsDatabase;
  clock: Clock;
  logger: Logger;
  /** The first threshold of BTS_EXPIRY_WARNING_DAYS, as the API's own answers take it. */
  expiringWithinDays: number;
  /**
   * Told of a replacement that could not run, with why, inside the transaction that marks it failed: the
   * alerts of DESIGN §13 raise one there, so that it is raised exactly when the failure is recorded.
   */
  onFailed?: (replacement: StoredReplacement, trx: Executor) => Promise<void>;
}

export interface ReplacementScheduler {
  /** Carries out every pending replacement due by the clock; tests call it after moving the clock. */
  runDue(): Promise<ReplacementRun[]>;
  /** Runs `runDue` now (what fell due while no process ran) and then every `intervalMs` until stopped. */
  start(intervalMs: number): void;
  stop(): void;
}

function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** The scheduler acts for whoever scheduled the replacement; the audit log says it was the scheduler. */
function schedulerActor(replacement: StoredReplacement): Actor {
  return { username: replacement.createdBy, roles: [], clientAddress: 'scheduler' };
}

/**
 * Carries out scheduled replacements (DESIGN §12) exactly once, however many API processes share the
 * database: each claims a due row by moving it out of `pending` with one conditional UPDATE inside the
 * transaction that replaces the certificate, so a second process's claim waits for the first and then
 * finds nothing pending. Every rule is checked again as of now; when anything refuses, nothing
 * changes and the row is marked failed with the reason.
 */
export function createReplacementScheduler(options: ReplacementSchedulerOptions): ReplacementScheduler {
  const { database, clock, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ReplacementRun[]> | undefined;

  async function runOne(id: string): Promise<ReplacementRun | null> {
    const batchId = randomUUID();
    try {
      const done = await withTransaction(database.db, async (trx) => {
        const claimed = await finishPendingReplacement(trx, id, {
          status: 'done',
          finishedAt: clock.now(),
          batchId,
        });
        if (!claimed) return null;
        await applyReplacement(
          trx,
          clock,
          schedulerActor(claimed),
          {
            from: claimed.fromThumbprint,
            to: claimed.toThumbprint,
            ports: claimed.ports,
            onlyListedPorts: claimed.onlyListedPorts,
            expiringWithinDays: options.expiringWithinDays,
            acknowledgeMissingOn: claimed.acknowledgeMissingOn,
            acknowledgeNotYetValid: claimed.acknowledgeNotYetValid,
            ...(claimed.reason !== null ? { reason: claimed.reason } : {}),
          },
          batchId,
        );
        return claimed;
      });
      return done ? { id, outcome: 'done' } : null;
    } catch (error) {
      // SQLite's other writer holds the database: it is carrying this one out, or it rolled back and
      // left the row pending for the next tick. Either way this process must not touch it now.
      if (isSqliteBusy(error)) return null;
      if (!(error instanceof HttpProblem)) throw error;
      const failed = await withTransaction(database.db, async (trx) => {
        const now = clock.now();
        const row = await finishPendingReplacement(trx, id, {
          status: 'failed',
          finishedAt: now,
          failure: failureOf(error),
        });
        if (!row) return null;
        await appendAuditEntries(trx, [
          {
            at: now,
            username: row.createdBy,
            clientAddress: 'scheduler',
            action: 'certificate.replacement.fail',
            targetType: 'certificate-replacement',
            target: id,
            before: { status: 'pending' },
            after: { status: 'failed', code: error.code, message: error.detail },
            batchId: randomUUID(),
          },
        ]);
        await options.onFailed?.(row, trx);
        return row;
      });
      if (!failed) return null;
      logger.warn({ replacement: id, code: error.code }, 'A scheduled certificate replacement could not run');
      return { id, outcome: 'failed' };
    }
  }

  async function runDue(): Promise<ReplacementRun[]> {
    const runs: ReplacementRun[] = [];
    for (const id of await listDueReplacementIds(database.db, clock.now())) {
      const run = await runOne(id);
      if (run) runs.push(run);
    }
    return runs;
  }

  const scheduler: ReplacementScheduler = {
    runDue() {
      // One run at a time in a process: a tick that comes while the last is still running waits for it.
      const next = (running ?? Promise.resolve([])).then(runDue, runDue);
      running = next;
      return next;
    },
    start(intervalMs) {
      if (timer) return;
      const tick = () => {
        scheduler
          .runDue()
          .catch((error: unknown) => logger.error({ err: error }, 'Scheduled replacements failed'));
      };
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return scheduler;
}
