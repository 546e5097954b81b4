import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';

/**
 * SQLSTATEs and socket errors that mean the connection to PostgreSQL is gone or the server does not
 * take connections: an administrator or a failover ended the backend (57P01, 57P02), the server is
 * starting or stopping (57P03), any connection exception (class 08), or the socket failed.
 */
const CONNECTION_LOST_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** What node-postgres says, without a code, when the socket closed or the client was given up. */
const CONNECTION_LOST_MESSAGES = [
  'Connection terminated',
  'is not queryable',
  'timeout exceeded when trying to connect',
  'Postgres connection has been discarded',
];

/**
 * SQL texts that each connection prepares once, as a named statement, and then only binds and runs:
 * those of preparedQuery, a fixed and small set, run on almost every request. Other texts (`in` lists
 * of any length) stay unnamed, since PostgreSQL keeps a named statement for the connection's life.
 */
const keptPrepared = new Map<string, string>();

/** Marks a SQL text as worth a named prepared statement on PostgreSQL (prepared-query.ts calls it). */
export function keepPreparedOnPostgres(sqlText: string): void {
  if (!keptPrepared.has(sqlText)) {
    keptPrepared.set(sqlText, `bts_${createHash('sha256').update(sqlText).digest('hex').slice(0, 24)}`);
  }
}

/**
 * How long transactions held an advisory lock (on writes, the audit chain's): from granted to COMMIT
 * answered. For a statement that takes the lock inside the database, from when it was sent plus the
 * time it reports waiting: an upper bound, which counts the statement's way to the server.
 */
const lockHolds: number[] = [];
const LOCK_HOLDS_KEPT = 100_000;

/**
 * A statement whose SQL text starts with this is not sent when it is run, but kept and sent with the
 * transaction's COMMIT, immediately before it, with no wait for the client in between: the audit append,
 * whose lock is then held for the append's own work and the commit, not a round trip to the API process
 * and back (ADR 021). If the transaction rolls back, it is never sent. It answers no rows when run.
 */
export const SENT_WITH_COMMIT = '/* sent with commit */ ';

/**
 * An expression for the select list of a statement sent with COMMIT (see SENT_WITH_COMMIT): the audit
 * append's. It makes the COMMIT answer as soon as its record is in PostgreSQL's WAL buffers, so that
 * the chain's lock is released without waiting for the disk; the driver then waits for the disk
 * itself, outside the lock, before the commit counts as done. It sends FLUSH_WAL, whose synchronous
 * COMMIT flushes the WAL up to its own record, and so past this transaction's (WAL is written in
 * order). Whoever asked for the change is answered only once it is on disk (ADR 027).
 */
export const RELAXED_COMMIT = "set_config('synchronous_commit', 'off', true) /* flushed after commit */";

/**
 * One statement in a transaction of its own that writes WAL (a transactional logical message, which
 * any role may send and which no table keeps) and therefore commits synchronously: it returns once the
 * WAL up to its commit record, and everything before it, is on disk. PostgreSQL merges the flushes of
 * concurrent callers (group commit).
 */
const FLUSH_WAL = "select pg_catalog.pg_logical_emit_message(true, 'bts-console', '')";

/** Whether this role may send FLUSH_WAL; asked once per driver, at its first relaxed COMMIT. */
const FLUSH_WAL_ALLOWED =
  "select has_function_privilege('pg_catalog.pg_logical_emit_message(boolean, text, text)', 'execute') as allowed";

/**
 * What RELAXED_COMMIT becomes where FLUSH_WAL may not be sent (an administrator revoked it): an
 * expression that changes nothing, so that COMMIT waits for the disk as it does by default.
 */
const COMMIT_AS_CONFIGURED = "current_setting('synchronous_commit')";

/** What a driver's connections share: whether its role may send FLUSH_WAL, once asked. */
interface WalFlushPermission {
  allowed?: Promise<boolean>;
}

/** Statements sent to PostgreSQL by this process, each one round trip; for benchmarks. */
let statements = 0;

export function postgresStatementsSent(): number {
  return statements;
}

/** The advisory lock hold times (ms) measured since the last call, oldest first; for benchmarks. */
export function takeAdvisoryLockHolds(): number[] {
  return lockHolds.splice(0, lockHolds.length);
}

/** Thrown for a statement sent on a connection that has already died. */
export class DatabaseConnectionLostError extends Error {
  constructor(cause: unknown) {
    super('The connection to the database was lost.', { cause });
    this.name = 'DatabaseConnectionLostError';
  }
}

/**
 * Whether an error says the database could not be reached, rather than that a statement was wrong:
 * the request may succeed if repeated, on a fresh connection.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let depth = 0; depth < 4 && typeof error === 'object' && error !== null; depth += 1) {
    if (error instanceof DatabaseConnectionLostError) return true;
    const code = 'code' in error ? error.code : undefined;
    if (typeof code === 'string' && (CONNECTION_LOST_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
      return true;
    }
    const message = 'message' in error ? error.message : undefined;
    if (typeof message === 'string' && CONNECTION_LOST_MESSAGES.some((text) => message.includes(text))) {
      return true;
    }
    error = 'cause' in error ? error.cause : undefined;
  }
  return false;
}

/**
 * Kysely's PostgreSQL driver, made to survive connections that die while checked out.
 *
 * node-postgres emits 'error' on a client whose backend ends (`pg_terminate_backend`, a restart, a
 * failover, `idle_in_transaction_session_timeout`). The pool listens only while the client is idle;
 * while Kysely holds it, between two statements of a transaction or after the statement that failed,
 * nobody did, and the unhandled 'error' event ended the process. Here every client carries a listener
 * for as long as it lives, and a connection that died is handed back with an error so that the pool
 * destroys it instead of lending it to the next request.
 */
export class ResilientPostgresDriver implements Driver {
  #pool: pg.Pool | undefined;
  readonly #connections = new WeakMap<pg.PoolClient, ResilientPostgresConnection>();
  readonly #walFlush: WalFlushPermission = {};

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async init(): Promise<void> {
    // The pool is made by the caller, who also listens for errors of idle clients.
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const pool = this.#pool;
    if (!pool) throw new Error('The PostgreSQL driver has already been destroyed.');
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw isDatabaseUnavailable(error) ? new DatabaseConnectionLostError(error) : error;
    }
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new ResilientPostgresConnection(client, this.#walFlush);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const command = await (connection as ResilientPostgresConnection).commit();
    // PostgreSQL answers COMMIT with ROLLBACK when an earlier statement left the transaction aborted.
    if (command === 'ROLLBACK') {
      throw new Error('The transaction was rolled back: one of its statements had failed.');
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as ResilientPostgresConnection).dropSentWithCommit();
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (error) {
      // A connection whose transaction state is unknown must not serve another request.
      (connection as ResilientPostgresConnection).discard(error);
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as ResilientPostgresConnection).release();
  }

  async destroy(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.end();
  }
}

class ResilientPostgresConnection implements DatabaseConnection {
  readonly #client: pg.PoolClient;
  readonly #walFlush: WalFlushPermission;
  /** Why this connection may not be used again; set once, by a socket error or a failed rollback. */
  #broken: Error | undefined;
  /** When this connection's transaction was granted an advisory lock, while it holds one. */
  #lockedAt: number | undefined;
  /** Statements kept to be sent with COMMIT (SENT_WITH_COMMIT), in the order they were run. */
  #withCommit: CompiledQuery[] = [];

  constructor(client: pg.PoolClient, walFlush: WalFlushPermission) {
    this.#client = client;
    this.#walFlush = walFlush;
    // For the client's whole life, idle or checked out: without it a dying backend ends the process.
    client.on('error', (error) => this.discard(error));
  }

  discard(error: unknown): void {
    this.#broken ??= error instanceof Error ? error : new DatabaseConnectionLostError(error);
  }

  dropSentWithCommit(): void {
    this.#withCommit = [];
  }

  /**
   * Sends the statements kept for COMMIT and COMMIT itself back to back: node-postgres writes each
   * next statement as soon as the previous one is answered, in the same turn, so the transaction waits
   * for no other work of this process in between. Answers COMMIT's command tag (ROLLBACK when a
   * statement had failed); throws the first statement's error, after COMMIT has ended the transaction.
   */
  async commit(): Promise<string | undefined> {
    if (this.#broken) throw new DatabaseConnectionLostError(this.#broken);
    let kept = this.#withCommit;
    this.#withCommit = [];
    const relaxed = kept.some((query) => query.sql.includes(RELAXED_COMMIT)) && (await this.#mayFlushWal());
    if (!relaxed) {
      kept = kept.map((query) =>
        query.sql.includes(RELAXED_COMMIT)
          ? { ...query, sql: query.sql.replace(RELAXED_COMMIT, COMMIT_AS_CONFIGURED) }
          : query,
      );
    }
    const sent = kept.map((query) => {
      statements += 1;
      const sentAt = performance.now();
      return this.#client
        .query<pg.QueryResultRow>({ text: query.sql, values: [...query.parameters] })
        .then((result) => ({ sentAt, rows: result.rows }));
    });
    statements += 1;
    // Handlers attached at once: a failure must not count as an unhandled rejection while we wait.
    const answered = Promise.allSettled(sent);
    const committed = this.#client.query('commit').then(
      (result) => ({ command: result.command }),
      (error: unknown) => ({ error }),
    );
    const [results, commit] = await Promise.all([answered, committed]);
    for (const result of results) {
      if (result.status === 'fulfilled') this.#noteLockWait(result.value.sentAt, result.value.rows);
    }
    this.#lockReleased();
    if ('error' in commit) {
      if (isDatabaseUnavailable(commit.error)) this.discard(commit.error);
      throw commit.error;
    }
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    if (commit.command === 'COMMIT' && relaxed) await this.#flushWal();
    return commit.command;
  }

  /** Whether FLUSH_WAL may be sent: asked once per driver, on the first connection that needs it. */
  async #mayFlushWal(): Promise<boolean> {
    if (this.#walFlush.allowed === undefined) {
      statements += 1;
      const asked = this.#client
        .query<{ allowed: boolean }>(FLUSH_WAL_ALLOWED)
        .then((result) => result.rows[0]?.allowed === true);
      this.#walFlush.allowed = asked;
      // A failed question (a lost connection) is asked again next time.
      asked.catch(() => {
        if (this.#walFlush.allowed === asked) this.#walFlush.allowed = undefined;
      });
    }
    return this.#walFlush.allowed;
  }

  /**
   * Waits until the WAL written so far, a relaxed COMMIT's record included, is on disk. A connection
   * lost meanwhile leaves it unknown whether the change survives a crash of the server: the caller is
   * told that the database was unavailable, as when the connection is lost during COMMIT itself.
   */
  async #flushWal(): Promise<void> {
    statements += 1;
    try {
      await this.#client.query(FLUSH_WAL);
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.discard(error);
      throw error;
    }
  }

  /** A statement that takes the lock in the database says how long it waited (migration 008's append). */
  #noteLockWait(sentAt: number, rows: readonly unknown[] | undefined): void {
    if (this.#lockedAt !== undefined) return;
    // Counted from when it was sent, so the hold includes the statement's way to the server.
    const waited = (rows?.[0] as { advisory_lock_waited_ms?: unknown } | undefined)?.advisory_lock_waited_ms;
    if (typeof waited === 'number') this.#lockedAt = sentAt + waited;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#broken) throw new DatabaseConnectionLostError(this.#broken);
    const text = compiledQuery.sql;
    if (text.startsWith(SENT_WITH_COMMIT)) {
      this.#withCommit.push(compiledQuery);
      return { rows: [] };
    }
    const name = keptPrepared.get(text);
    statements += 1;
    const sentAt = performance.now();
    try {
      const { command, rowCount, rows } = await this.#client.query<R & pg.QueryResultRow>({
        text,
        values: [...compiledQuery.parameters],
        ...(name !== undefined ? { name } : {}),
      });
      if (command === 'ROLLBACK' || command === 'COMMIT') {
        this.#lockReleased();
        return { rows: [{ command } as R] };
      }
      if (this.#lockedAt === undefined && text.includes('pg_advisory_xact_lock')) {
        this.#lockedAt = performance.now();
      }
      this.#noteLockWait(sentAt, rows);
      const changes =
        command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
      return {
        ...(changes ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}),
        rows: rows ?? [],
      };
    } catch (error) {
      if (isDatabaseUnavailable(error)) this.discard(error);
      throw error;
    }
  }

  /** The transaction ended: an advisory lock it took is free again. */
  #lockReleased(): void {
    if (this.#lockedAt === undefined) return;
    if (lockHolds.length < LOCK_HOLDS_KEPT) lockHolds.push(performance.now() - this.#lockedAt);
    this.#lockedAt = undefined;
  }

  // eslint-disable-next-line require-yield -- the interface asks for a generator; nothing streams on PostgreSQL here.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not configured for PostgreSQL.');
  }

  release(): void {
    // A transaction cut off by a lost connection: its lock ended with the backend.
    this.#lockedAt = undefined;
    this.#withCommit = [];
    // An error makes the pool end the client rather than keep it.
    this.#client.release(this.#broken);
  }
}
