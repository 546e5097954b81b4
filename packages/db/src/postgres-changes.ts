import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { CHANGE_CHANNEL_PREFIX } from './migrations/008-change-notifications';

/** Round trips sent on listening connections by this process (the syncs of changeMark); for benchmarks. */
let syncsSent = 0;

export function postgresChangeSyncsSent(): number {
  return syncsSent;
}

export interface PostgresChangeListenerOptions {
  connectionString: string;
  applicationName: string;
  /** The schema the console's tables are in, when one was asked for (the search path of the connection). */
  schema?: string;
  /** How long to wait before listening again after the connection was lost or could not be opened. */
  reconnectDelayMs?: number;
  /** A sync not answered within this many ms counts as a lost connection. */
  syncTimeoutMs?: number;
}

const noop = () => undefined;

/**
 * The change mark of a PostgreSQL database (ADR 021): one connection per process that LISTENs on the
 * schema's channel, to which every table's trigger (migration 008) notifies each committed change.
 *
 * A notification arrives some time after its COMMIT has answered, so counting notifications alone
 * would let a read on this process, just after a write answered on another, use what it kept. Before
 * handing out a mark, `changeMark(since)` therefore waits for one round trip on the listening
 * connection that was sent at or after `since`: PostgreSQL signals listening backends before the
 * writer's COMMIT answers, and a listening backend sends every pending notification of a committed
 * transaction before it answers its next statement. So every change committed before `since` has been
 * counted when the mark is read. One round trip serves every caller waiting for it: under load, many
 * requests share one empty statement.
 *
 * While the connection is not listening (not yet opened, lost, a sync unanswered) the mark is null:
 * nothing may be kept, and every read goes to the database. Each time listening starts again the mark
 * changes, so nothing kept before a loss is used after it.
 */
export class PostgresChangeListener {
  readonly #options: Required<Omit<PostgresChangeListenerOptions, 'schema'>> & { schema?: string };
  #client: pg.Client | undefined;
  #listening = false;
  #closed = false;
  #reconnect: NodeJS.Timeout | undefined;
  /** Changes with every (re)start of listening: what was counted before cannot be trusted after. */
  #epoch = 0;
  #notifications = 0;
  #inFlight: { sentAt: number; done: Promise<void> } | undefined;
  #queued: Promise<void> | undefined;
  /** When the latest answered sync was sent, on the current connection. */
  #answeredSentAt = -Infinity;

  constructor(options: PostgresChangeListenerOptions) {
    this.#options = { reconnectDelayMs: 1_000, syncTimeoutMs: 2_000, ...options };
  }

  /** Whether the connection listens now; for tests and health. */
  get listening(): boolean {
    return this.#listening;
  }

  /**
   * A value that stays the same while no change committed; null while not listening (and listening is
   * then started). Every change committed before `since` (performance.now() time) is counted in it.
   */
  async changeMark(since: number = performance.now()): Promise<string | null> {
    if (!this.#listening) {
      this.#start();
      return null;
    }
    const epoch = this.#epoch;
    try {
      await this.#syncSince(since);
    } catch {
      return null;
    }
    if (!this.#listening || this.#epoch !== epoch) return null;
    return `${epoch}:${this.#notifications}`;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#reconnect);
    const client = this.#client;
    this.#drop();
    await client?.end().catch(noop);
  }

  #syncSince(since: number): Promise<void> {
    if (this.#answeredSentAt >= since) return Promise.resolve();
    const inFlight = this.#inFlight;
    if (inFlight === undefined) return this.#sync();
    if (inFlight.sentAt >= since) return inFlight.done;
    // Sent before `since`: wait for the next one, which everyone arriving meanwhile shares.
    this.#queued ??= inFlight.done.then(noop, noop).then(() => {
      this.#queued = undefined;
      return this.#inFlight?.done ?? this.#sync();
    });
    return this.#queued;
  }

  #sync(): Promise<void> {
    const client = this.#client;
    if (!client || !this.#listening) return Promise.reject(new Error('Not listening for changes.'));
    const sentAt = performance.now();
    syncsSent += 1;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error('The listening connection did not answer.')),
        this.#options.syncTimeoutMs,
      );
    });
    // An empty statement: PostgreSQL parses and plans nothing, and answers with EmptyQueryResponse.
    const done = Promise.race([client.query(''), timedOut])
      .then(
        () => {
          if (this.#client === client) this.#answeredSentAt = Math.max(this.#answeredSentAt, sentAt);
        },
        (error: unknown) => {
          this.#lost(client);
          throw error;
        },
      )
      .finally(() => {
        clearTimeout(timer);
        if (this.#inFlight?.done === done) this.#inFlight = undefined;
      });
    this.#inFlight = { sentAt, done };
    return done;
  }

  #start(): void {
    if (this.#closed || this.#client || this.#reconnect) return;
    const { connectionString, applicationName, schema } = this.#options;
    const client = new pg.Client({
      connectionString,
      application_name: applicationName,
      ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
    });
    this.#client = client;
    // Without listeners a dying connection's 'error' event would end the process.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', () => {
      if (this.#client === client) this.#notifications += 1;
    });
    void (async () => {
      await client.connect();
      const { rows } = await client.query<{ channel: string }>(
        `select left($1 || current_schema(), 63) as channel`,
        [CHANGE_CHANNEL_PREFIX],
      );
      await client.query(`listen ${client.escapeIdentifier(rows[0]!.channel)}`);
      if (this.#client !== client) return;
      this.#epoch += 1;
      this.#answeredSentAt = -Infinity;
      this.#listening = true;
    })().catch(() => this.#lost(client));
  }

  /** The connection failed: nothing counted on it holds, and listening starts again after a pause. */
  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#drop();
    client.end().catch(noop);
    if (this.#closed) return;
    this.#reconnect = setTimeout(() => {
      this.#reconnect = undefined;
      this.#start();
    }, this.#options.reconnectDelayMs);
    this.#reconnect.unref();
  }

  #drop(): void {
    this.#client = undefined;
    this.#listening = false;
    this.#epoch += 1;
    this.#inFlight = undefined;
    this.#answeredSentAt = -Infinity;
  }
}
