import type { Executor } from '@bts-console/db';
import { describe, expect, it } from 'vitest';
import { keepWhileUnchanged } from './kept-while-unchanged';

describe('keepWhileUnchanged', () => {
  const T = new Date('2026-11-25T12:00:00.000Z');
  const later = (ms: number) => new Date(T.getTime() + ms);
  /** Stands for the database; the keeper only asks whether it is a transaction. */
  const db = { isTransaction: false } as Executor;

  function setUp(capacity = 10) {
    const database = { mark: 'a' as string | null, changeMark: () => Promise.resolve(database.mark) };
    const reads: string[] = [];
    /** What the next read of a key says of its end, or that it fails. */
    const next = new Map<string, number | Error>();
    const kept = keepWhileUnchanged<string>(database, capacity, async (_db, key) => {
      reads.push(key);
      const outcome = next.get(key);
      next.delete(key);
      if (outcome instanceof Error) throw outcome;
      return { value: `${key}@${database.mark}`, until: outcome };
    });
    const get = (key: string, now = T, until?: number) => {
      if (until !== undefined) next.set(key, until);
      return kept.get(db, key, now);
    };
    return { database, reads, kept, next, get };
  }

  it('reads once while the mark stays, and again once it changes', async () => {
    const { database, reads, get } = setUp();
    expect(await get('SP.Orders.AS2')).toBe('SP.Orders.AS2@a');
    expect(await get('SP.Orders.AS2')).toBe('SP.Orders.AS2@a');
    expect(reads).toEqual(['SP.Orders.AS2']);
    database.mark = 'b';
    expect(await get('SP.Orders.AS2')).toBe('SP.Orders.AS2@b');
    expect(reads).toEqual(['SP.Orders.AS2', 'SP.Orders.AS2']);
  });

  it('reads every time where the database has no mark', async () => {
    const { database, reads, kept, get } = setUp();
    database.mark = null;
    await get('SP.Orders.AS2');
    await get('SP.Orders.AS2');
    expect(reads).toHaveLength(2);
    expect(kept.size).toBe(0);
  });

  it('reads again from the moment the value says it stops being right, and when the clock goes back', async () => {
    const { reads, get } = setUp();
    await get('SP.Invoicing.AS2', T, later(1000).getTime());
    await get('SP.Invoicing.AS2', later(999));
    expect(reads).toHaveLength(1);
    await get('SP.Invoicing.AS2', later(1000));
    expect(reads).toHaveLength(2);
    await get('SP.Invoicing.AS2', T);
    expect(reads).toHaveLength(3);
  });

  it('keeps nothing when the read fails', async () => {
    const { reads, kept, next, get } = setUp();
    next.set('SP.No.Such.Port', new Error('Send port SP.No.Such.Port does not exist'));
    await expect(get('SP.No.Such.Port')).rejects.toThrow('does not exist');
    expect(kept.size).toBe(0);
    await get('SP.No.Such.Port');
    expect(reads).toEqual(['SP.No.Such.Port', 'SP.No.Such.Port']);
  });

  it('keeps at most its capacity, the earliest read leaving first', async () => {
    const { reads, kept, get } = setUp(2);
    await get('one');
    await get('two');
    await get('three');
    expect(kept.size).toBe(2);
    await get('three');
    await get('two');
    expect(reads).toEqual(['one', 'two', 'three']);
    await get('one');
    expect(reads).toEqual(['one', 'two', 'three', 'one']);
  });

  it('refuses to read, or to hand out what it keeps, inside a transaction', async () => {
    const { reads, kept } = setUp();
    const trx = { isTransaction: true } as Executor;
    await kept.get(db, 'SP.Orders.AS2', T);
    await expect(kept.get(trx, 'SP.Orders.AS2', T)).rejects.toThrow(/inside a transaction/);
    await expect(kept.get(trx, 'SP.Invoicing.AS2', T)).rejects.toThrow(/inside a transaction/);
    expect(reads).toEqual(['SP.Orders.AS2']);
  });
});
