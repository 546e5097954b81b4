import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrateUpTo } from '../migrate';
import type { Executor } from '../schema';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import { buildSmallGroup, certificateFacts, storeCertificate, T0 } from '../testing/small-group';
import {
  addToStore,
  listStoreCertificateSummaries,
  removeFromStore,
  storeSearchPlanLimits,
  type StoreListOptions,
  type StoreSortColumn,
} from './certificates';

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const STORE_SIZE = 130;
const NOW = new Date('2026-11-25T12:00:00.000Z');
const SORTS: StoreSortColumn[] = ['issuedTo', 'issuedBy', 'expirationDate', 'friendlyName', 'thumbprint'];
/**
 * None (the whole store), dense (every row holds "partner" in its issuer), middling, sparse and single
 * matches, matches by friendly name alone (many, and a few), terms too short for trigrams, nothing at all, a
 * thumbprint fragment typed with a space, and characters LIKE would read as wildcards.
 */
const TERMS = [
  '',
  'partner',
  'PARTNER 00',
  'partner 001',
  'partner 0012',
  'partner 1',
  'rtner 7 (',
  'p',
  'zz',
  'rtner 01 (',
  '_',
  '%',
  'ca',
];

interface Row {
  thumbprint: string;
  subjectCommonName: string;
  issuerCommonName: string;
  friendlyName: string;
  notBefore: string;
  notAfter: string;
  keyUsage: string[];
  onBts01: boolean;
}

/**
 * ADMIN01's store: names that share long runs of characters (so that trigrams propose many rows the
 * LIKE then refuses), two issuers, every third certificate also on BTS01, every seventh expired, every
 * fifth not allowed to encrypt.
 */
async function fillStore(db: Executor): Promise<Row[]> {
  const rows: Row[] = [];
  for (let index = 0; index < STORE_SIZE; index += 1) {
    const number = String(index).padStart(4, '0');
    const facts = certificateFacts(`Bulk Partner ${number}`, {
      issuerCommonName: index % 2 === 0 ? 'Partner Demo CA' : 'Other CA',
      notAfter: new Date(
        index % 7 === 6
          ? '2026-06-01T00:00:00.000Z'
          : `2027-${String((index % 12) + 1).padStart(2, '0')}-01T00:00:00.000Z`,
      ),
      keyUsage: index % 5 === 4 ? ['digitalSignature'] : ['digitalSignature', 'keyEncipherment'],
    });
    const onBts01 = index % 3 === 0;
    const friendlyName = `Partner ${index % 40} (bulk)`;
    const thumbprint = await storeCertificate(
      db,
      facts,
      onBts01 ? ['ADMIN01', 'BTS01'] : ['ADMIN01'],
      friendlyName,
    );
    rows.push({
      thumbprint,
      subjectCommonName: facts.subjectCommonName!,
      issuerCommonName: facts.issuerCommonName!,
      friendlyName,
      notBefore: facts.notBefore.toISOString(),
      notAfter: facts.notAfter.toISOString(),
      keyUsage: facts.keyUsage!,
      onBts01,
    });
  }
  return rows;
}

/** The search computed here, from every row of the store: what matches, in which order. */
function expectedMatches(
  rows: Row[],
  term: string,
  sort: StoreSortColumn,
  order: 'asc' | 'desc',
  usable: boolean,
) {
  const trimmed = term.trim();
  const needle = trimmed.toLowerCase();
  const hex = trimmed.replace(/[\s:-]/g, '').toLowerCase();
  const thumbprintNeedle = /^[0-9a-f]+$/.test(hex) ? hex : needle;
  const key = (row: Row): string =>
    ({
      issuedTo: row.subjectCommonName.toLowerCase(),
      issuedBy: row.issuerCommonName.toLowerCase(),
      expirationDate: row.notAfter,
      friendlyName: row.friendlyName.toLowerCase(),
      thumbprint: '',
    })[sort];
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows
    .filter(
      (row) =>
        [row.subjectCommonName, row.issuerCommonName, row.friendlyName].some((name) =>
          name.toLowerCase().includes(needle),
        ) || row.thumbprint.toLowerCase().includes(thumbprintNeedle),
    )
    .filter(
      (row) =>
        !usable ||
        (row.notAfter > NOW.toISOString() &&
          row.notBefore <= NOW.toISOString() &&
          row.keyUsage.includes('keyEncipherment') &&
          row.onBts01),
    )
    .sort((a, b) => {
      const byKey = compare(key(a), key(b)) || compare(a.thumbprint, b.thumbprint);
      return order === 'asc' ? byKey : -byKey;
    })
    .map((row) => row.thumbprint);
}

/** Each plan forced for every term (on SQLite the store's walk is the walk alone: it has no such plan). */
const FORCED = [
  {
    sortedCandidatesAtMost: -1,
    filteringCandidatesAtMost: -1,
    postgresSortedCandidatesAtMost: -1,
    postgresSortedCandidatesBeforeStoreWalkAtMost: -1,
    postgresFilteringCandidatesAtMost: -1,
    postgresWalksStore: false,
  },
  {
    sortedCandidatesAtMost: -1,
    filteringCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    postgresSortedCandidatesAtMost: -1,
    postgresSortedCandidatesBeforeStoreWalkAtMost: -1,
    postgresFilteringCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    postgresWalksStore: false,
  },
  {
    sortedCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    filteringCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    postgresSortedCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    postgresSortedCandidatesBeforeStoreWalkAtMost: Number.MAX_SAFE_INTEGER,
    postgresFilteringCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    postgresWalksStore: false,
  },
  {
    sortedCandidatesAtMost: -1,
    filteringCandidatesAtMost: -1,
    postgresSortedCandidatesAtMost: -1,
    postgresSortedCandidatesBeforeStoreWalkAtMost: -1,
    postgresFilteringCandidatesAtMost: -1,
    postgresWalksStore: true,
  },
];

describe.each(testDialects(testDatabaseUrl))('store search plans on %s', (dialect) => {
  let database: TestDatabase;
  let rows: Row[];
  let bts01: number;
  const defaults = { ...storeSearchPlanLimits };
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl });
    bts01 = (await buildSmallGroup(database.db)).computers.bts01;
    rows = await fillStore(database.db);
    expect(T0.getTime()).toBeLessThan(NOW.getTime());
  });
  afterAll(() => database.cleanup());
  afterEach(() => Object.assign(storeSearchPlanLimits, defaults));

  // With the limits lowered, the store's terms reach every plan: candidates sorted (few), the sort index
  // walked with a filter (some: the candidates on SQLite, the certificate's own names and the store's matching
  // friendly names on PostgreSQL), and walked alone (many, or a term without trigrams). PostgreSQL chooses by
  // the planner's estimate of the candidates, which a small store's statistics make rough, so each plan is also
  // forced for every term on both: the walk alone, the walk with its filter (on PostgreSQL for every sort but
  // the friendly name's, whose walk reads the store's rows and is walked alone), the candidates sorted, and (on
  // PostgreSQL, sorted by Issued To) the walk of the store's rows by the text they hold (ADR 031).
  const lowered = {
    sortedCandidatesAtMost: 3,
    filteringCandidatesAtMost: 30,
    postgresSortedCandidatesAtMost: 3,
    postgresSortedCandidatesBeforeStoreWalkAtMost: 3,
    postgresFilteringCandidatesAtMost: 30,
    postgresWalksStore: true,
  };
  for (const limits of [defaults, lowered, ...FORCED]) {
    it(`returns the rows, order and total computed from every row (plan limits ${Object.values(limits).join('/')})`, async () => {
      Object.assign(storeSearchPlanLimits, limits);
      let dense = 0;
      for (const term of TERMS) {
        // The last term: a fragment of a thumbprint, typed in lower case with a space.
        const first = rows[12]!.thumbprint;
        const fragment = `${first.slice(4, 8).toLowerCase()} ${first.slice(8, 12)}`;
        for (const search of term === TERMS[TERMS.length - 1] ? [term, fragment] : [term]) {
          for (const sort of SORTS) {
            for (const order of ['asc', 'desc'] as const) {
              for (const usable of [false, true]) {
                const expected = expectedMatches(rows, search, sort, order, usable);
                for (const [limit, offset] of [
                  [7, 0],
                  [7, 14],
                  [7, 200],
                ] as const) {
                  const options: StoreListOptions & { count?: never } = {
                    computerName: 'ADMIN01',
                    search,
                    sort,
                    order,
                    limit,
                    offset,
                    ...(usable ? { usableOn: { now: NOW, computerIds: [bts01] } } : {}),
                  };
                  const what = JSON.stringify({ search, sort, order, usable, limit, offset });
                  const page = expected.slice(offset, offset + limit);
                  const exact = await listStoreCertificateSummaries(database.db, options);
                  expect(
                    { items: exact.items.map((item) => item.thumbprint), total: exact.total },
                    what,
                  ).toEqual({
                    items: page,
                    total: expected.length,
                  });
                  const bounded = await listStoreCertificateSummaries(database.db, {
                    ...options,
                    count: 'bounded',
                  });
                  // A store's whole size is cheap to count, so it is said exactly.
                  const whole = search === '' && !usable;
                  const more = offset + limit < expected.length && !whole;
                  if (more) dense += 1;
                  expect(
                    { items: bounded.items.map((item) => item.thumbprint), count: bounded },
                    what,
                  ).toEqual({
                    items: page,
                    count: more
                      ? { items: bounded.items, moreThan: offset + limit }
                      : { items: bounded.items, total: expected.length },
                  });
                }
              }
            }
          }
        }
      }
      // The bounded count was put to the test: many pages had more matches after them.
      expect(dense).toBeGreaterThan(50);
    });
  }
});

/**
 * The store's walk reads what each store row holds of its certificate (migration 012 on PostgreSQL): rows written
 * before the migration, and rows added, removed and renamed after it, are searched as the oracle says under every
 * plan, and the held columns equal what they are computed from.
 */
describe.each(testDialects(testDatabaseUrl))('store rows searched by what they hold, on %s', (dialect) => {
  let database: TestDatabase;
  const defaults = { ...storeSearchPlanLimits };
  afterAll(() => database.cleanup());
  afterEach(() => Object.assign(storeSearchPlanLimits, defaults));

  /** Every term, in the order of Issued To both ways, usable or not, under each forced plan. */
  async function expectEveryPlan(rows: Row[], bts01: number): Promise<void> {
    for (const limits of FORCED) {
      Object.assign(storeSearchPlanLimits, limits);
      for (const search of [...TERMS, 'renamed', 'partner 0005', 'late', 'stale']) {
        for (const order of ['asc', 'desc'] as const) {
          for (const usable of [false, true]) {
            const expected = expectedMatches(rows, search, 'issuedTo', order, usable);
            for (const offset of [0, 7]) {
              const page = await listStoreCertificateSummaries(database.db, {
                computerName: 'ADMIN01',
                search,
                order,
                limit: 7,
                offset,
                ...(usable ? { usableOn: { now: NOW, computerIds: [bts01] } } : {}),
              });
              const what = JSON.stringify({ limits, search, order, usable, offset });
              expect({ items: page.items.map((item) => item.thumbprint), total: page.total }, what).toEqual({
                items: expected.slice(offset, offset + 7),
                total: expected.length,
              });
            }
          }
        }
      }
    }
  }

  /** PostgreSQL: the store rows whose held columns differ from what the trigger computes from their certificate. */
  async function staleRows(): Promise<unknown[]> {
    if (dialect !== 'postgres') return [];
    const field = (column: string) => sql.raw(`coalesce(lower(${column}), '')`);
    const stale = await sql`select s.computer_id, s.thumbprint from store_certificates s
      join certificates c on c.thumbprint = s.thumbprint
      where s.search_issued_to is distinct from lower(c.subject_common_name)
        or s.search_text is distinct from ${field('c.subject_common_name')} || chr(1) || ${field('c.issuer_common_name')}
          || chr(1) || ${field('s.friendly_name')} || chr(1) || ${field('s.thumbprint')}`.execute(
      database.db,
    );
    return stale.rows;
  }

  it('holds the rows written before the migration, and follows those added, removed and renamed after it', async () => {
    database = await createTestDatabase(dialect, { testDatabaseUrl, migrate: false });
    const options = { dialect, ...(database.schema ? { schema: database.schema } : {}) };
    await migrateUpTo(database.db, { ...options, migration: '011-store-search-covering-index' });
    const bts01 = (await buildSmallGroup(database.db)).computers.bts01;
    const rows = await fillStore(database.db);
    expect(await migrateToLatest(database.db, options)).toEqual(['012-store-search-columns']);
    expect(await staleRows()).toEqual([]);
    await expectEveryPlan(rows, bts01);

    // Added after the migration: a certificate whose names sort late and one matched by its friendly name alone.
    for (const [label, friendlyName] of [
      ['Zulu Late Partner', 'Late arrival'],
      ['Yankee', 'Partner 0005 (renamed)'],
    ] as const) {
      const facts = certificateFacts(label, {
        issuerCommonName: 'Other CA',
        notAfter: new Date('2027-05-01'),
      });
      const thumbprint = await storeCertificate(database.db, facts, ['ADMIN01', 'BTS01'], friendlyName);
      rows.push({
        thumbprint,
        subjectCommonName: label,
        issuerCommonName: 'Other CA',
        friendlyName,
        notBefore: facts.notBefore.toISOString(),
        notAfter: facts.notAfter.toISOString(),
        keyUsage: facts.keyUsage!,
        onBts01: true,
      });
    }
    // Removed, and one put back under another name.
    for (const row of rows.splice(5, 3)) {
      await removeFromStore(database.db, { computerName: 'ADMIN01', thumbprint: row.thumbprint });
    }
    const back = rows.find((row) => row.onBts01 && row.thumbprint !== rows[0]!.thumbprint)!;
    await removeFromStore(database.db, { computerName: 'ADMIN01', thumbprint: back.thumbprint });
    back.friendlyName = 'Put back, renamed';
    await addToStore(database.db, {
      computerName: 'ADMIN01',
      thumbprint: back.thumbprint,
      friendlyName: back.friendlyName,
      addedAt: T0,
      addedBy: 'admin',
    });
    // Renamed in place (no operation does so today; the held text must follow if one ever does).
    for (const row of rows.filter((_, index) => index % 9 === 0)) {
      row.friendlyName = `Renamed ${row.friendlyName}`;
      await database.db
        .updateTable('storeCertificates')
        .set({ friendlyName: row.friendlyName })
        .where('thumbprint', '=', row.thumbprint)
        .execute();
    }
    // A certificate's names never change (one row per thumbprint), but the store rows would follow them.
    const named = rows[1]!;
    named.subjectCommonName = 'Aardvark Late Partner';
    await database.db
      .updateTable('certificates')
      .set({ subjectCommonName: named.subjectCommonName })
      .where('thumbprint', '=', named.thumbprint)
      .execute();
    expect(await staleRows()).toEqual([]);
    await expectEveryPlan(rows, bts01);

    if (dialect === 'postgres') {
      // A held column gone stale is seen: by the check above, and by the store's walk, which then misses the row.
      await sql`alter table store_certificates disable trigger store_certificates_search_row`.execute(
        database.db,
      );
      try {
        await database.db
          .updateTable('storeCertificates')
          .set({ friendlyName: 'Stale name' })
          .where('thumbprint', '=', named.thumbprint)
          .execute();
      } finally {
        await sql`alter table store_certificates enable trigger store_certificates_search_row`.execute(
          database.db,
        );
      }
      named.friendlyName = 'Stale name';
      expect(await staleRows()).toHaveLength(1);
      await expect(expectEveryPlan(rows, bts01)).rejects.toThrow();
    }
  });
});
