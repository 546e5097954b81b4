import type { BtsDatabase, Executor } from '@bts-console/db';

export interface Read<V> {
  value: V;
  /** When the value stops being right even if the database does not change (a certificate expires); ms since the epoch. */
  until?: number;
}

export interface KeptWhileUnchanged<V> {
  /**
   * The value kept for key if nothing changed since it was read and it is still in time; otherwise
   * read anew through `db`, which must not be a transaction. Every change committed before `since`
   * (performance.now() time; by default the call: pass when the request arrived) is seen.
   */
  get(db: Executor, key: string, now: Date, since?: number): Promise<V>;
  readonly size: number;
}

/**
 * Keeps what was read from the database for as long as the database's change mark stays the same: a
 * write by this process or a commit by any other gives a new mark, and nothing kept before it is used
 * again. While the database has no mark (PostgreSQL, while not listening: ADR 021), every get reads. At most `capacity` values are
 * kept, the earliest read leaving first. A failed read keeps nothing.
 *
 * Two preconditions (ADR 008), asserted rather than trusted:
 * - Never inside a transaction: a value read there could come from a snapshot older than the mark, or
 *   hold writes that are rolled back. `get` refuses a transaction.
 * - Never an answer that depends on who asks: `read` is given once, here, and sees only the database,
 *   the key and the time, so nothing of the request or the caller can reach what is kept for others.
 */
export function keepWhileUnchanged<V>(
  database: Pick<BtsDatabase, 'changeMark'>,
  capacity: number,
  read: (db: Executor, key: string, now: Date) => Promise<Read<V>>,
): KeptWhileUnchanged<V> {
  const kept = new Map<string, { mark: string; value: V; from: number; until: number }>();
  return {
    get size() {
      return kept.size;
    },
    async get(db, key, now, since) {
      if (db.isTransaction) {
        throw new Error(
          `A read kept while the database is unchanged ran inside a transaction (key ${JSON.stringify(key)}); read it through the database itself.`,
        );
      }
      // Taken before reading: a change while reading leaves the value under the older mark, unused.
      const mark = await database.changeMark(since);
      if (mark === null) {
        // No mark to trust (PostgreSQL's listening connection down): nothing kept before may be used.
        kept.clear();
        return (await read(db, key, now)).value;
      }
      const entry = kept.get(key);
      const at = now.getTime();
      // A clock set back (it happens) makes the value as old as the time it now says.
      if (entry && entry.mark === mark && entry.from <= at && at < entry.until) return entry.value;
      const { value, until = Infinity } = await read(db, key, now);
      kept.delete(key);
      if (kept.size >= capacity) {
        const earliest = kept.keys().next();
        if (!earliest.done) kept.delete(earliest.value);
      }
      kept.set(key, { mark, value, from: at, until });
      return value;
    },
  };
}
