import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../open-database';
import {
  createTestDatabase,
  disableAuditAppendOnly,
  testDialects,
  type TestDatabase,
} from '../testing/test-database';
import { withTransaction } from '../transaction';
import {
  appendAuditEntries,
  appendAuditEntry,
  appendAuditEntryAtCommit,
  AUDIT_GENESIS_HASH,
  auditContentOf,
  canonicalJson,
  LISTED_BREAKS,
  listAuditEntries,
  verifyAuditChain,
  type NewAuditEntry,
} from './audit';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

function entry(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    at: new Date('2026-11-25T10:00:00.000Z'),
    username: 'alice',
    clientAddress: '10.0.0.5',
    action: 'send-port.certificate.assign',
    targetType: 'send-port',
    target: 'SP.Orders.AS2',
    before: { certificate: null },
    after: { certificate: { thumbprint: 'AB'.repeat(20), commonName: 'Contoso' } },
    batchId: 'batch-1',
    ...overrides,
  };
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe.each(testDialects(testDatabaseUrl))('audit log on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
  });
  afterEach(() => database.cleanup());

  it('chains each entry to the previous one with sha256(prev_hash + canonical content)', async () => {
    const first = await appendAuditEntry(database.db, entry());
    const second = await appendAuditEntry(
      database.db,
      entry({ reason: 'partner renewed', after: { b: 1, a: 2 } }),
    );
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);

    const { prevHash: _p, hash: _h, ...content } = second;
    const expected = createHash('sha256')
      .update(first.hash + canonicalJson(content))
      .digest('hex');
    expect(second.hash).toBe(expected);
    expect(await verifyAuditChain(database.db)).toEqual({
      ok: true,
      entries: 2,
      head: { seq: 2, hash: second.hash },
    });
  });

  it('verifies an empty log', async () => {
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: 0 });
  });

  it('refuses to update or delete an entry, leaving the chain intact', async () => {
    for (let i = 0; i < 3; i += 1) await appendAuditEntry(database.db, entry({ target: `SP.${i}` }));
    await expect(
      database.db.updateTable('auditEntries').set({ username: 'mallory' }).where('seq', '=', 2).execute(),
    ).rejects.toThrow(/audit entries are append-only/);
    await expect(database.db.deleteFrom('auditEntries').where('seq', '=', 3).execute()).rejects.toThrow(
      /audit entries are append-only/,
    );
    await expect(database.db.deleteFrom('auditEntries').execute()).rejects.toThrow(/append-only/);
    const { items } = await listAuditEntries(database.db);
    expect(items.map((e) => [e.seq, e.username])).toEqual([
      [3, 'alice'],
      [2, 'alice'],
      [1, 'alice'],
    ]);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 3, head: { seq: 3 } });
  });

  it('names the entry that was changed directly in the database', async () => {
    for (let i = 0; i < 5; i += 1) await appendAuditEntry(database.db, entry({ target: `SP.${i}` }));
    await disableAuditAppendOnly(database);
    await database.db.updateTable('auditEntries').set({ username: 'mallory' }).where('seq', '=', 3).execute();
    const verdict = await verifyAuditChain(database.db);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3 });
    expect(verdict.ok ? '' : verdict.reason).toMatch(/Entry 3 was changed/);
  });

  it('names the next entry when a row and its hash were both rewritten', async () => {
    for (let i = 0; i < 4; i += 1) await appendAuditEntry(database.db, entry({ target: `SP.${i}` }));
    await disableAuditAppendOnly(database);
    await database.db
      .updateTable('auditEntries')
      .set({ hash: 'f'.repeat(64), after: null })
      .where('seq', '=', 2)
      .execute();
    const verdict = await verifyAuditChain(database.db);
    // Entry 2's own hash no longer matches its content; had the attacker recomputed it, entry 3's link would break.
    expect(verdict).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('names every altered entry, not only the first, and lists the first hundred', async () => {
    await appendAuditEntries(
      database.db,
      Array.from({ length: LISTED_BREAKS + 30 }, (_, i) => entry({ target: `SP.${i}` })),
    );
    await disableAuditAppendOnly(database);
    // An early change, and later ones that the first must not hide.
    await database.db.updateTable('auditEntries').set({ username: 'mallory' }).where('seq', '=', 2).execute();
    await database.db
      .updateTable('auditEntries')
      .set({ reason: 'covered up' })
      .where('seq', '>', 20)
      .execute();
    const verdict = await verifyAuditChain(database.db);
    expect(verdict).toMatchObject({ ok: false, entries: LISTED_BREAKS + 30, brokenAt: 2 });
    if (verdict.ok) return;
    expect(verdict.brokenCount).toBe(1 + (LISTED_BREAKS + 10));
    expect(verdict.broken).toHaveLength(LISTED_BREAKS);
    expect(verdict.broken.slice(0, 3).map((b) => b.seq)).toEqual([2, 21, 22]);
    expect(verdict.broken[1]?.reason).toMatch(/Entry 21 was changed/);
  });

  it('hashes what it stores, whatever the strings: every entry reads back as written and verifies', async () => {
    // Any UTF-16, lone surrogates and U+0000 included: the edge refuses them, other paths may not.
    const anyText = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    });
    const someText = fc.oneof(
      anyText,
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\uD800x', 'a\u0000b', 'ß', '😀'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          username: someText,
          target: someText,
          reason: fc.option(someText),
          after: fc.jsonValue().chain((value) => fc.constant({ value })),
          key: someText,
        }),
        async ({ username, target, reason, after, key }) => {
          const written = await appendAuditEntry(
            database.db,
            entry({ username, target, reason, after: { ...after, [key]: target } }),
          );
          const { items } = await listAuditEntries(database.db, { limit: 1 });
          const { prevHash: _p, hash: _h, ...read } = items[0]!;
          const { prevHash: _wp, hash: _wh, ...returned } = written;
          expect(read).toEqual(returned);
          expect(auditContentOf(read)).toEqual(read);
        },
      ),
      { numRuns: 60 },
    );
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 60 });
  });

  it('notices a deleted entry', async () => {
    for (let i = 0; i < 4; i += 1) await appendAuditEntry(database.db, entry({ target: `SP.${i}` }));
    await disableAuditAppendOnly(database);
    await database.db.deleteFrom('auditEntries').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('reports the head, so that deleting the newest entries shows against a recorded head', async () => {
    const written = [];
    for (let i = 0; i < 4; i += 1)
      written.push(await appendAuditEntry(database.db, entry({ target: `SP.${i}` })));
    const recorded = await verifyAuditChain(database.db);
    expect(recorded).toEqual({ ok: true, entries: 4, head: { seq: 4, hash: written[3]!.hash } });
    await disableAuditAppendOnly(database);
    await database.db.deleteFrom('auditEntries').where('seq', '>=', 3).execute();
    const after = await verifyAuditChain(database.db);
    // The shorter chain is still valid on its own; only its head differs from the recorded one.
    expect(after).toEqual({ ok: true, entries: 2, head: { seq: 2, hash: written[1]!.hash } });
  });

  it('appends at commit with the change it records, or not at all when the transaction fails', async () => {
    await appendAuditEntryAtCommit(database.db, entry({ target: 'SP.0' }));
    await withTransaction(database.db, async (trx) => {
      await trx.insertInto('computers').values({ name: 'BTS07', role: 'BizTalk Server' }).execute();
      await appendAuditEntryAtCommit(trx, entry({ target: 'SP.1' }));
      await appendAuditEntryAtCommit(trx, entry({ target: 'SP.2' }));
    });
    await expect(
      withTransaction(database.db, async (trx) => {
        await trx.insertInto('computers').values({ name: 'BTS08', role: 'BizTalk Server' }).execute();
        await appendAuditEntryAtCommit(trx, entry({ target: 'SP.3' }));
        throw new Error('the audited change failed');
      }),
    ).rejects.toThrow('the audited change failed');
    if (dialect === 'postgres') {
      // A statement of the transaction failed, which aborts it there: COMMIT rolls back, the append with it.
      await expect(
        withTransaction(database.db, async (trx) => {
          await appendAuditEntryAtCommit(trx, entry({ target: 'SP.4' }));
          await sql`select 1 / 0`.execute(trx).catch(() => undefined);
        }),
      ).rejects.toThrow();
    }
    const { items } = await listAuditEntries(database.db);
    expect(items.map((item) => [item.seq, item.target])).toEqual([
      [3, 'SP.2'],
      [2, 'SP.1'],
      [1, 'SP.0'],
    ]);
    const computers = await database.db.selectFrom('computers').select('name').execute();
    expect(computers.map((row) => row.name)).toContain('BTS07');
    expect(computers.map((row) => row.name)).not.toContain('BTS08');
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 3 });
  });

  it('writes nothing when the surrounding transaction fails', async () => {
    await expect(
      withTransaction(database.db, async (trx) => {
        await appendAuditEntry(trx, entry());
        throw new Error('the audited change failed');
      }),
    ).rejects.toThrow('the audited change failed');
    expect((await listAuditEntries(database.db)).total).toBe(0);
  });

  it('filters by target, user, action and time, newest first, with the total', async () => {
    await appendAuditEntry(database.db, entry({ at: new Date('2026-11-01T00:00:00Z'), target: 'SP.A' }));
    await appendAuditEntry(
      database.db,
      entry({ at: new Date('2026-11-02T00:00:00Z'), target: 'SP.B', username: 'Bob' }),
    );
    await appendAuditEntry(
      database.db,
      entry({
        at: new Date('2026-11-03T00:00:00Z'),
        target: 'SP.A',
        action: 'send-port.stop',
        before: undefined,
      }),
    );

    const all = await listAuditEntries(database.db);
    expect(all.items.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(all.items[0]?.before).toBeNull();
    expect(all.items[2]?.after).toEqual({
      certificate: { thumbprint: 'AB'.repeat(20), commonName: 'Contoso' },
    });

    expect((await listAuditEntries(database.db, { target: 'sp.a' })).items.map((e) => e.seq)).toEqual([3, 1]);
    expect((await listAuditEntries(database.db, { user: 'BOB' })).items.map((e) => e.seq)).toEqual([2]);
    expect(
      (await listAuditEntries(database.db, { action: 'send-port.stop' })).items.map((e) => e.seq),
    ).toEqual([3]);
    const window = await listAuditEntries(database.db, {
      since: new Date('2026-11-02T00:00:00Z'),
      until: new Date('2026-11-03T00:00:00Z'),
    });
    expect(window.items.map((e) => e.seq)).toEqual([2]);
    const page = await listAuditEntries(database.db, { limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, items: [{ seq: 2 }] });
  });
});

describe.runIf(testDatabaseUrl)('audit log on postgres, two API processes at once', () => {
  it('keeps one valid chain when many appends race from separate pools', async () => {
    const database = await createTestDatabase('postgres', { testDatabaseUrl });
    const other = await openDatabase({
      databaseUrl: testDatabaseUrl!,
      dataDir: database.dataDir,
      schema: database.schema!,
    });
    try {
      const appends = Array.from({ length: 40 }, (_, i) =>
        withTransaction(i % 2 === 0 ? database.db : other.db, async (trx) => {
          // Work before the append widens the window in which an unlocked reader would see a stale last hash.
          await sql`select pg_sleep(0.005)`.execute(trx);
          return appendAuditEntry(trx, entry({ target: `SP.${i}`, batchId: `batch-${i}` }));
        }),
      );
      const written = await Promise.all(appends);
      expect(new Set(written.map((e) => e.seq)).size).toBe(40);
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 40, head: { seq: 40 } });
    } finally {
      await other.close();
      await database.cleanup();
    }
  });
});

describe.runIf(testDatabaseUrl)('audit log on postgres, the disk', () => {
  it('answers an audited write only once its COMMIT record is on disk', async () => {
    const database = await createTestDatabase('postgres', { testDatabaseUrl });
    // pg_walinspect reads the WAL back: where the transaction's COMMIT record ends, and whether it was
    // synchronous. Created once for the whole database; the advisory lock keeps parallel files apart.
    await withTransaction(database.db, async (trx) => {
      await sql`select pg_advisory_xact_lock(72683, hashtext('bts-console.test.pg_walinspect'))`.execute(trx);
      await sql`create extension if not exists pg_walinspect with schema public`.execute(trx);
    });
    try {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const { rows: started } = await sql<{
          lsn: string;
        }>`select pg_current_wal_insert_lsn()::text as lsn`.execute(database.db);
        const xid = await withTransaction(database.db, async (trx) => {
          const { rows } = await sql<{ xid: string }>`select pg_current_xact_id()::xid::text as xid`.execute(
            trx,
          );
          await trx
            .insertInto('computers')
            .values({ name: `BTS1${attempt}`, role: 'BizTalk Server' })
            .execute();
          await appendAuditEntryAtCommit(trx, entry({ target: `SP.${attempt}` }));
          return rows[0]!.xid;
        });
        // Read at once, before the WAL writer would have flushed a relaxed commit on its own.
        const { rows } = await sql<{
          commitEnd: string | null;
          flushed: boolean | null;
          description: string;
        }>`
          select r.end_lsn::text as "commitEnd", r.end_lsn <= pg_current_wal_flush_lsn() as flushed,
            r.description
          from public.pg_get_wal_records_info(${started[0]!.lsn}::pg_lsn, pg_current_wal_flush_lsn()) r
          where r.resource_manager = 'Transaction' and r.record_type = 'COMMIT' and r.xid::text = ${xid}
        `.execute(database.db);
        // Only records up to the flushed position can be read: the COMMIT record is there, so on disk.
        expect(rows, `attempt ${attempt}: transaction ${xid}'s COMMIT record is flushed`).toHaveLength(1);
        expect(rows[0]!.flushed).toBe(true);
      }
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 5 });
    } finally {
      await database.cleanup();
    }
  });
});
