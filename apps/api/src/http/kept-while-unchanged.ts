import type { BtsDatabase } from '@bts-console/db';

export interface Read<V> {
  value: V;
  /** When the value stops being right even if the database does not change (a certificate expires); ms since the epoch. */
  until?: number;
}

export interface KeptWhileUnchanged<V> {
  /** The value kept for key if nothing changed since it was read and it is still in time; otherwise read anew. */
  get(key: string, now: Date, read: () => Promise<Read<V>>): Promise<V>;
  readonly size: number;
}

/**
 * Keeps what was read from the database for as long as the database's change mark stays the same: a
 * write by this process or a commit by any other gives a new mark, and nothing kept before it is used
 * again. Where the database has no mark (PostgreSQL), every get reads. At most `capacity` values are
 * kept, the earliest read leaving first. A failed read keeps nothing.
 */
export function keepWhileUnchanged<V>(
  database: Pick<BtsDatabase, 'changeMark'>,
  capacity: number,
): KeptWhileUnchanged<V> {
  const kept = new Map<string, { mark: string; value: V; from: number; until: number }>();
  return {
    get size() {
      return kept.size;
    },
    async get(key, now, read) {
      // Taken before reading: a change while reading leaves the value under the older mark, unused.
      const mark = database.changeMark();
      if (mark === null) return (await read()).value;
      const entry = kept.get(key);
      const at = now.getTime();
      // A clock set back (it happens) makes the value as old as the time it now says.
      if (entry && entry.mark === mark && entry.from <= at && at < entry.until) return entry.value;
      const { value, until = Infinity } = await read();
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
