import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../schema';
import { createTestDatabase, testDialects, type TestDatabase } from '../testing/test-database';
import { buildSmallGroup, certificateFacts, storeCertificate, T0 } from '../testing/small-group';
import {
  listStoreCertificateSummaries,
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
  // the friendly name's, whose walk reads the store's rows and is walked alone), and the candidates sorted.
  const lowered = {
    sortedCandidatesAtMost: 3,
    filteringCandidatesAtMost: 30,
    postgresSortedCandidatesAtMost: 3,
    postgresFilteringCandidatesAtMost: 30,
  };
  const walkAlone = {
    sortedCandidatesAtMost: -1,
    filteringCandidatesAtMost: -1,
    postgresSortedCandidatesAtMost: -1,
    postgresFilteringCandidatesAtMost: -1,
  };
  const walkFiltered = {
    sortedCandidatesAtMost: -1,
    filteringCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    postgresSortedCandidatesAtMost: -1,
    postgresFilteringCandidatesAtMost: Number.MAX_SAFE_INTEGER,
  };
  const candidatesSorted = {
    sortedCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    filteringCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    postgresSortedCandidatesAtMost: Number.MAX_SAFE_INTEGER,
    postgresFilteringCandidatesAtMost: Number.MAX_SAFE_INTEGER,
  };
  for (const limits of [defaults, lowered, walkAlone, walkFiltered, candidatesSorted]) {
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
