import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import fc from 'fast-check';
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { likePattern } from '../columns';
import { migrateUpTo } from '../migrate';
import {
  createTrigramIndexes,
  missingTrigramIndexes,
  STORE_SEARCH_IDS_PER_COMPUTER,
  STORE_SEARCH_IDS_TABLE,
  STORE_SEARCH_TABLE,
  STORE_SEARCH_TRIGRAM_INDEXES,
} from '../migrations/003-store-search-index';
import { SQLITE_FILE_NAME } from '../open-database';
import type { DatabaseSchema, Executor } from '../schema';
import { seedDemoGroup } from '../seed/demo-group';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import { buildSmallGroup, certificateFacts, storeCertificate, T0 } from '../testing/small-group';
import {
  addToStore,
  ensureStoreSearchIndex,
  listStoreCertificates,
  removeFromStore,
  upsertCertificate,
} from './certificates';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const COMPUTERS = ['ADMIN01', 'BTS01', 'BTS02'] as const;
const HEX_ONLY = /^[0-9a-f]+$/;

/**
 * The store search as it was before it had an index: the exact LIKE predicate over every row of the
 * store. The indexed search must return exactly this, in this order.
 */
async function searchWithoutIndex(db: Executor, computerName: string, search: string): Promise<string[]> {
  let query = db
    .selectFrom('storeCertificates')
    .innerJoin('certificates', 'certificates.thumbprint', 'storeCertificates.thumbprint')
    .innerJoin('computers', 'computers.id', 'storeCertificates.computerId')
    .where(sql`lower(computers.name)`, '=', sql`lower(${computerName})`);
  const term = search.trim();
  if (term !== '') {
    const pattern = likePattern(term);
    const hex = term.replace(/[\s:-]/g, '').toLowerCase();
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(certificates.subject_common_name)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(certificates.issuer_common_name)`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(store_certificates.friendly_name)`, 'like', sql`${pattern} escape '\\'`),
        eb(
          sql`lower(certificates.thumbprint)`,
          'like',
          sql`${HEX_ONLY.test(hex) ? `%${hex}%` : pattern} escape '\\'`,
        ),
      ]),
    );
  }
  const rows = await query
    .select('certificates.thumbprint')
    .orderBy(sql`lower(certificates.subject_common_name)`)
    .orderBy('certificates.thumbprint')
    .execute();
  return rows.map((row) => row.thumbprint);
}

async function expectSameAsWithoutIndex(
  db: Executor,
  computerName: string,
  search: string,
  paging: { limit: number; offset: number } = { limit: 1000, offset: 0 },
): Promise<void> {
  const expected = await searchWithoutIndex(db, computerName, search);
  const found = await listStoreCertificates(db, { computerName, search, ...paging });
  expect(
    { thumbprints: found.items.map((item) => item.thumbprint), total: found.total },
    JSON.stringify({ computerName, search, paging }),
  ).toEqual({
    thumbprints: expected.slice(paging.offset, paging.offset + paging.limit),
    total: expected.length,
  });
}

/** Terms that each store row should be found by: its names whole, in part and in another case, and its thumbprint in part. */
async function termsOfEveryRow(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('storeCertificates')
    .innerJoin('certificates', 'certificates.thumbprint', 'storeCertificates.thumbprint')
    .select([
      'certificates.subjectCommonName',
      'certificates.issuerCommonName',
      'storeCertificates.friendlyName',
      'certificates.thumbprint',
    ])
    .execute();
  const terms = new Set<string>();
  for (const row of rows) {
    for (const name of [row.subjectCommonName, row.issuerCommonName, row.friendlyName]) {
      if (name === null) continue;
      terms.add(name);
      terms.add(name.toUpperCase());
      terms.add(Array.from(name).slice(1, 5).join(''));
    }
    terms.add(`${row.thumbprint.slice(6, 10).toLowerCase()} ${row.thumbprint.slice(10, 14)}`);
  }
  return [...terms];
}

/**
 * Every row of every store is found by its own names and thumbprint exactly as without the index,
 * and on SQLite the FTS5 table holds one row per store row, no more.
 */
async function expectIndexInStep(database: TestDatabase, extraTerms: string[] = []): Promise<void> {
  const db = database.db;
  if (database.dialect === 'sqlite') {
    const raw = db.withoutPlugins();
    const store = await sql<{ computer_id: number; thumbprint: string }>`
      select computer_id, thumbprint from store_certificates order by computer_id, thumbprint`.execute(raw);
    const ids = await sql<{ id: number; computer_id: number; thumbprint: string }>`
      select id, computer_id, thumbprint from ${sql.table(STORE_SEARCH_IDS_TABLE)}
      order by computer_id, thumbprint`.execute(raw);
    expect(ids.rows.map(({ computer_id, thumbprint }) => ({ computer_id, thumbprint }))).toEqual(store.rows);
    for (const row of ids.rows) {
      expect(Math.floor(row.id / STORE_SEARCH_IDS_PER_COMPUTER), `id ${row.id}`).toBe(row.computer_id);
    }
    const indexed = await sql<{ rowid: number }>`
      select rowid from ${sql.table(STORE_SEARCH_TABLE)} order by rowid`.execute(raw);
    expect(indexed.rows.map((row) => row.rowid)).toEqual(ids.rows.map((row) => row.id).sort((a, b) => a - b));
  }
  for (const term of [...(await termsOfEveryRow(db)), ...extraTerms]) {
    for (const computer of COMPUTERS) await expectSameAsWithoutIndex(db, computer, term);
  }
}

describe.each(testDialects(testDatabaseUrl))('store search index on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    await buildSmallGroup(database.db);
  });
  afterEach(() => database.cleanup());

  it('stays in step through import, removal, re-import and another friendly name', async () => {
    const db = database.db;
    const contoso = await storeCertificate(
      db,
      certificateFacts('Contoso AS2 Encryption'),
      ['ADMIN01', 'BTS01'],
      'Contoso (2026)',
    );
    const fabrikam = await storeCertificate(db, certificateFacts('Fabrikam Invoicing'), ['BTS02'], 'Fab_50%');
    await expectIndexInStep(database, ['contoso', 'fab_50%', 'invoic']);

    expect(await removeFromStore(db, { computerName: 'BTS01', thumbprint: contoso })).toBe(true);
    await expectIndexInStep(database, ['contoso']);
    expect((await listStoreCertificates(db, { computerName: 'BTS01', search: 'contoso' })).total).toBe(0);

    await addToStore(db, {
      computerName: 'BTS01',
      thumbprint: contoso,
      friendlyName: 'Re-imported partner',
      addedAt: T0,
      addedBy: 'admin',
    });
    await expectIndexInStep(database, ['re-imported', 'contoso (2026)']);
    // The friendly name is the store row's own: BTS01's new one is not ADMIN01's.
    expect((await listStoreCertificates(db, { computerName: 'BTS01', search: 'contoso (2026)' })).total).toBe(
      0,
    );
    expect((await listStoreCertificates(db, { computerName: 'ADMIN01', search: 're-imported' })).total).toBe(
      0,
    );

    // No operation renames a store entry today; the index must follow if one ever does.
    await db
      .updateTable('storeCertificates')
      .set({ friendlyName: 'Fabrikam renamed' })
      .where('thumbprint', '=', fabrikam)
      .execute();
    await expectIndexInStep(database, ['fab_50%', 'renamed']);
    expect((await listStoreCertificates(db, { computerName: 'BTS02', search: 'renamed' })).total).toBe(1);
    expect((await listStoreCertificates(db, { computerName: 'BTS02', search: 'fab_50' })).total).toBe(0);
  });

  it("follows a certificate's names and its deletion", async () => {
    const db = database.db;
    const thumbprint = await storeCertificate(db, certificateFacts('Northwind'), COMPUTERS, null);
    await db
      .updateTable('certificates')
      .set({ subjectCommonName: 'Northwind Traders', issuerCommonName: 'Globe Root CA' })
      .where('thumbprint', '=', thumbprint)
      .execute();
    await expectIndexInStep(database, ['traders', 'globe root', 'partner demo']);
    expect((await listStoreCertificates(db, { computerName: 'BTS01', search: 'globe' })).total).toBe(1);

    // A certificate can only go once no store holds it.
    for (const computerName of COMPUTERS) await removeFromStore(db, { computerName, thumbprint });
    await db.deleteFrom('certificates').where('thumbprint', '=', thumbprint).execute();
    await expectIndexInStep(database, ['northwind']);

    // The same bytes imported again are indexed under their names of now.
    await storeCertificate(db, certificateFacts('Northwind'), ['ADMIN01'], 'Back again');
    await expectIndexInStep(database, ['northwind', 'back again', 'traders']);
    expect((await listStoreCertificates(db, { computerName: 'ADMIN01', search: 'northwind' })).total).toBe(1);
  });

  it('takes out the rows of a computer that is removed', async () => {
    const db = database.db;
    await storeCertificate(db, certificateFacts('Tailspin Toys'), COMPUTERS, 'Tailspin');
    await db.deleteFrom('hostInstances').execute();
    await db.deleteFrom('computers').where('name', '=', 'BTS02').execute();
    await expectIndexInStep(database, ['tailspin']);
  });

  it('indexes the demo group as the seed writes it', async () => {
    const seeded = await createTestDatabase(dialect, { testDatabaseUrl });
    try {
      await seedDemoGroup(seeded.db, { clock: { now: () => T0 }, dataDir: seeded.dataDir });
      await expectIndexInStep(seeded, ['contoso', 'encryption', 'partner demo', 'expired']);
    } finally {
      await seeded.cleanup();
    }
  });

  it('indexes the rows a database already had when it is migrated', async () => {
    const old = await createTestDatabase(dialect, { testDatabaseUrl, migrate: false });
    try {
      const options = { dialect, ...(old.schema ? { schema: old.schema } : {}) };
      await migrateUpTo(old.db, { ...options, migration: '002-audit-append-only' });
      await buildSmallGroup(old.db);
      const contoso = await storeCertificate(old.db, certificateFacts('Contoso'), COMPUTERS, 'Contoso Ltd');
      await storeCertificate(old.db, certificateFacts('Fabrikam'), ['BTS01'], 'Fab_50%');
      await removeFromStore(old.db, { computerName: 'BTS02', thumbprint: contoso });

      // Up to 003 only: later migrations are other tests' business.
      expect(await migrateUpTo(old.db, { ...options, migration: '003-store-search-index' })).toEqual([
        '003-store-search-index',
      ]);
      await expectIndexInStep(old, ['contoso', 'fab_50%', 'ltd']);
      expect((await listStoreCertificates(old.db, { computerName: 'BTS01', search: 'ontos' })).total).toBe(1);
      if (dialect === 'postgres') expect(await missingTrigramIndexes(old.db)).toEqual([]);
      expect(await ensureStoreSearchIndex(old.db)).toEqual({ indexed: true });
    } finally {
      await old.cleanup();
    }
  });

  it('matches FTS and LIKE syntax literally, and never fails on it', async () => {
    const db = database.db;
    await storeCertificate(
      db,
      certificateFacts('Fab_50% "quoted" NEAR(a b)'),
      ['ADMIN01'],
      'x AND y OR NOT z*',
    );
    await storeCertificate(
      db,
      certificateFacts('Back\\slash ^start -minus'),
      ['ADMIN01'],
      "O'Brien {col} : v",
    );
    // Two characters outside the BMP are four UTF-16 code units, but still too short for a trigram.
    await storeCertificate(db, certificateFacts('😀😀 Party 𝔸𝔹'), ['ADMIN01'], null);
    const terms = [
      '"',
      '""',
      '"quoted"',
      'near(',
      'NEAR(a b)',
      'AND',
      'or not',
      'z*',
      '*',
      '^start',
      '-minus',
      'k\\s',
      '\\',
      '%',
      '_',
      '50%',
      "o'b",
      '{col}',
      '{col} : v',
      'issued_to : fab',
      'thumbprint : ab',
      '😀😀',
      '𝔸𝔹',
      '😀 p',
    ];
    await expectIndexInStep(database, terms);
    expect((await listStoreCertificates(db, { computerName: 'ADMIN01', search: '"quoted"' })).total).toBe(1);
    expect((await listStoreCertificates(db, { computerName: 'ADMIN01', search: 'AND' })).total).toBe(1);
  });

  if (dialect === 'sqlite') {
    it('keeps no stale row when a writer replaces a store row', async () => {
      const db = database.db;
      const thumbprint = await storeCertificate(db, certificateFacts('Litware'), ['BTS01'], 'Before');
      await sql`insert or replace into store_certificates (computer_id, thumbprint, friendly_name, added_at, added_by)
        select computer_id, thumbprint, 'After', added_at, added_by from store_certificates where thumbprint = ${thumbprint}`.execute(
        db,
      );
      await expectIndexInStep(database, ['before', 'after']);
      expect((await listStoreCertificates(db, { computerName: 'BTS01', search: 'before' })).total).toBe(0);
    });

    it('finds rows through the FTS5 index, reading no store in full', async () => {
      await storeCertificate(database.db, certificateFacts('Contoso'), COMPUTERS, 'Contoso Ltd');
      // A second connection to the same file that records the statements the search sends.
      const statements: CompiledQuery[] = [];
      const observer = new Kysely<DatabaseSchema>({
        dialect: new SqliteDialect({
          database: new SqliteDatabase(path.join(database.dataDir, SQLITE_FILE_NAME)),
        }),
        plugins: [new CamelCasePlugin()],
        log: (event) => {
          if (event.level === 'query') statements.push(event.query);
        },
      });
      try {
        const found = await listStoreCertificates(observer, { computerName: 'BTS01', search: 'ontoso lt' });
        expect(found.total).toBe(1);
        // The count of candidates that chooses the plan, the page and its count each read the index, and
        // none reads a store in full.
        const searches = statements.filter((statement) => statement.sql.includes(STORE_SEARCH_TABLE));
        expect(searches).toHaveLength(3);
        for (const search of searches) {
          const plan = await observer.executeQuery<{ detail: string }>(
            CompiledQuery.raw(`explain query plan ${search.sql}`, [...search.parameters]),
          );
          const details = plan.rows.map((row) => row.detail);
          expect(details).toContainEqual(
            expect.stringMatching(`^SCAN ${STORE_SEARCH_TABLE} VIRTUAL TABLE INDEX 0:M`),
          );
          expect(
            details.filter((detail) => /^SCAN (store_certificates|certificates)\b/.test(detail)),
          ).toEqual([]);
        }
      } finally {
        await observer.destroy();
      }
    });
  }

  if (dialect === 'postgres') {
    it('answers a term with U+0000 with no rows, as no name can hold it', async () => {
      await storeCertificate(database.db, certificateFacts('Contoso'), COMPUTERS);
      expect(
        await listStoreCertificates(database.db, { computerName: 'BTS01', search: 'Con\u0000toso' }),
      ).toEqual({
        items: [],
        total: 0,
      });
    });

    it('without pg_trgm stays right, says why, and is indexed on the start after pg_trgm is installed', async () => {
      const db = database.db;
      await storeCertificate(db, certificateFacts('Contoso'), COMPUTERS, 'Contoso Ltd');
      // A server whose indexes could not be made: the migration ran where pg_trgm was missing.
      for (const name of ALL_INDEXES) {
        await sql.raw(`drop index ${name}`).execute(db);
      }
      expect(await missingTrigramIndexes(db)).toEqual(ALL_INDEXES);
      const missing = 'bts_console_no_such_extension';
      const status = await ensureStoreSearchIndex(db, missing);
      expect(status.indexed).toBe(false);
      if (!status.indexed) {
        expect(status.reason).toContain(`its ${missing} indexes could not be created`);
        expect(status.reason).toContain(`extension "${missing}" is not available`);
        expect(status.reason).toContain(`CREATE EXTENSION ${missing} SCHEMA public`);
      }
      expect(await missingTrigramIndexes(db)).toEqual(ALL_INDEXES);
      await expectIndexInStep(database, ['contoso', 'ltd']);

      expect(await ensureStoreSearchIndex(db)).toEqual({ indexed: true });
      expect(await missingTrigramIndexes(db)).toEqual([]);
      await expectIndexInStep(database, ['contoso', 'ltd']);
    });

    it('searches through the trigram indexes, on exactly the expressions it compares', async () => {
      await storeCertificate(database.db, certificateFacts('Contoso'), COMPUTERS, 'Contoso Ltd');
      const statements: CompiledQuery[] = [];
      const observed = new Kysely<DatabaseSchema>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({
            connectionString: testDatabaseUrl,
            options: `-c search_path=${database.schema}`,
          }),
        }),
        plugins: [new CamelCasePlugin()],
        log: (event) => {
          if (event.level === 'query') statements.push(event.query);
        },
      });
      try {
        await listStoreCertificates(observed, { computerName: 'BTS01', search: 'ontoso lt' });
        // The plan's count of the candidates (sorted by Issued To, ADR 031), the page and its count each ask the
        // indexes; an estimate of the candidates (other sorts) only plans.
        const searches = statements.filter(
          (statement) => statement.sql.includes(' like ') && !statement.sql.startsWith('explain'),
        );
        expect(searches).toHaveLength(3);
        for (const search of searches) {
          const plan = await observed.transaction().execute(async (trx) => {
            // Three rows are cheaper to read whole; the question is whether the index can answer at all. Nor may
            // the plan read a B-tree whole (migration 011's holds the names the LIKE compares): only a bitmap
            // scan is left, which only the trigram indexes can serve for a LIKE of a substring.
            await sql`set local enable_seqscan = off`.execute(trx);
            await sql`set local enable_indexscan = off`.execute(trx);
            await sql`set local enable_indexonlyscan = off`.execute(trx);
            return trx.executeQuery<{ 'QUERY PLAN': string }>(
              CompiledQuery.raw(`explain ${search.sql}`, [...search.parameters]),
            );
          });
          const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
          for (const name of ALL_INDEXES) expect(text).toContain(`Bitmap Index Scan on ${name}`);
        }
      } finally {
        await observed.destroy();
      }
    });

    it('leaves the transaction it runs in usable when the extension cannot be created', async () => {
      const db = database.db;
      await db.transaction().execute(async (trx) => {
        const status = await createTrigramIndexes(trx, 'bts_console_no_such_extension');
        expect(status.indexed).toBe(false);
        await storeCertificate(trx, certificateFacts('After the failure'), ['BTS01']);
      });
      expect((await listStoreCertificates(db, { computerName: 'BTS01', search: 'failure' })).total).toBe(1);
    });

    it("keeps pg_trgm out of the application's schema, which may be dropped with everything in it", async () => {
      const result = await sql<{ schema: string }>`
        select n.nspname as schema from pg_catalog.pg_extension e
        join pg_catalog.pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(
        database.db,
      );
      expect(result.rows).toHaveLength(1);
      expect(result.rows[0]!.schema).not.toBe(database.schema);
    });
  }
});

const ALL_INDEXES = STORE_SEARCH_TRIGRAM_INDEXES.map((index) => index.name);

/* ------------------------------------------------------------------ property */

/** Pieces of names: LIKE and FTS5 syntax, quotes, case pairs, letters whose case folding differs, emoji, CJK. */
const NAME_PIECES = [
  'Contoso',
  'CONTOSO',
  'Fabrikam',
  'Fab_50%',
  '100%',
  'back\\slash',
  '"quoted"',
  "O'Brien",
  'AND',
  'OR',
  'NOT',
  'NEAR(a b)',
  'star*',
  '^caret',
  '-minus',
  '(paren)',
  '{col}',
  'x:y',
  'École',
  'ÉCOLE',
  'e\u0301cole',
  'straße',
  'STRASSE',
  'İstanbul',
  'ıi',
  'ΩΣ',
  'ωσς',
  '😀 Emoji',
  '😀😀',
  '𝔸𝔹ℂ',
  '中文证书',
  'ab',
  'a',
  'A-B:C',
  'tab\there',
  'Partner Demo CA',
];

const TERM_CHARACTERS = [
  '%',
  '_',
  '\\',
  '"',
  "'",
  '*',
  '^',
  '-',
  '(',
  ')',
  ':',
  '{',
  '}',
  ' ',
  'a',
  'A',
  'b',
  'o',
  'é',
  'É',
  'ß',
  'S',
  'İ',
  'ı',
  'ς',
  'Σ',
  '😀',
  '\u0301',
  '中',
];

describe.each(testDialects(testDatabaseUrl))('store search property on %s', (dialect) => {
  let database: TestDatabase;
  const values: string[] = [];
  const thumbprints: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    const db = database.db;
    await buildSmallGroup(db);
    // PostgreSQL text cannot hold U+0000; SQLite can, and its LIKE stops reading there.
    const pieces = dialect === 'sqlite' ? [...NAME_PIECES, 'nul\u0000inside'] : NAME_PIECES;
    const name = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 3 }).map((p) => p.join(' '));
    const nullableName = fc.option(name, { freq: 6 });
    const rows = fc.sample(
      fc.record({
        subject: nullableName,
        issuer: nullableName,
        friendly: fc.tuple(nullableName, nullableName, nullableName),
        stores: fc.subarray([0, 1, 2], { minLength: 1 }),
      }),
      { numRuns: 60, seed: 20261125 },
    );
    for (const [index, row] of rows.entries()) {
      const facts = certificateFacts(`certificate ${index}`, {
        subjectCommonName: row.subject,
        issuerCommonName: row.issuer,
      });
      const { thumbprint } = await upsertCertificate(db, facts, T0);
      thumbprints.push(thumbprint);
      for (const store of row.stores) {
        await addToStore(db, {
          computerName: COMPUTERS[store]!,
          thumbprint,
          friendlyName: row.friendly[store] ?? null,
          addedAt: T0,
          addedBy: 'admin',
        });
      }
      for (const value of [row.subject, row.issuer, ...row.friendly]) if (value) values.push(value);
    }
  }, 60_000);
  afterAll(() => database.cleanup());

  it('returns exactly what the LIKE predicate alone returns, page by page', async () => {
    const recase = (term: fc.Arbitrary<string>) =>
      fc
        .tuple(term, fc.constantFrom('as is', 'upper', 'lower'))
        .map(([t, how]) => (how === 'upper' ? t.toUpperCase() : how === 'lower' ? t.toLowerCase() : t));
    const partOfAName = fc.constantFrom(...values).chain((value) => {
      const characters = Array.from(value);
      return fc
        .tuple(fc.nat(characters.length), fc.nat(characters.length))
        .map(([a, b]) => characters.slice(Math.min(a, b), Math.max(a, b)).join(''));
    });
    const partOfAThumbprint = fc
      .tuple(
        fc.constantFrom(...thumbprints),
        fc.nat(39),
        fc.integer({ min: 1, max: 14 }),
        fc.constantFrom('', ' ', ':', '-', '\t'),
      )
      .map(([thumbprint, start, length, separator]) =>
        (thumbprint.slice(start, start + length).match(/.{1,2}/g) ?? []).join(separator),
      );
    const oddCharacters = fc.string({
      unit: fc.constantFrom(...TERM_CHARACTERS),
      minLength: 1,
      maxLength: 6,
    });
    const anyCharacters = fc.string({ unit: 'binary', minLength: 1, maxLength: 4 });
    const term = fc
      .oneof(recase(partOfAName), recase(partOfAThumbprint), oddCharacters, anyCharacters)
      .filter((t) => dialect === 'sqlite' || !t.includes('\u0000'));
    const paging = fc.oneof(
      fc.constant({ limit: 1000, offset: 0 }),
      fc.record({ limit: fc.integer({ min: 1, max: 4 }), offset: fc.integer({ min: 0, max: 12 }) }),
    );
    await database.db.transaction().execute(async (trx) => {
      // The tables are small enough for PostgreSQL to read them whole; make it go through the GIN indexes.
      if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
      await fc.assert(
        fc.asyncProperty(term, fc.constantFrom(...COMPUTERS), paging, async (search, computer, page) => {
          await expectSameAsWithoutIndex(trx, computer, search, page);
        }),
        { numRuns: 300 },
      );
    });
  });
});
