import type { ParsedCertificate } from '@bts-console/x509';
import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { takeAdvisoryLock } from '../advisory-lock';
import { inChunks } from '../chunks';
import { likePattern, parseNullableJsonText, toCount, toIsoTime, toNullableJsonText } from '../columns';
import { dialectOf, type DatabaseDialect } from '../dialect';
import {
  createTrigramIndexes,
  missingTrigramIndexes,
  STORE_SEARCH_IDS_PER_COMPUTER,
  STORE_SEARCH_IDS_TABLE,
  STORE_SEARCH_TABLE,
  TRIGRAM_EXTENSION,
  type StoreSearchIndexStatus,
} from '../migrations/003-store-search-index';
import { STORE_SEARCH_SERIAL } from '../migrations/012-store-search-columns';
import type { ComputerRole, DatabaseSchema, Executor, SendPortStatus } from '../schema';
import { isProcessedOn } from './processing-servers';
import { inScope, type SendPortScope } from './send-ports';

export type { StoreSearchIndexStatus };

/**
 * The facts `parseCertificate` of `@bts-console/x509` reads from a certificate, as the store keeps
 * them: any key usage names, a size that may be unknown, and the DER as plain bytes.
 */
export type CertificateFacts = Omit<ParsedCertificate, 'keyUsage' | 'publicKeySize' | 'der'> & {
  keyUsage: string[] | null;
  publicKeySize: number | null;
  der: Uint8Array;
};

/** A known certificate (public part only), with times as ISO-8601 text. */
export interface Certificate {
  thumbprint: string;
  sha256: string;
  subject: string;
  subjectCommonName: string | null;
  issuer: string;
  issuerCommonName: string | null;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyUsage: string[] | null;
  extendedKeyUsage: string[] | null;
  publicKeyAlgorithm: string;
  publicKeySize: number | null;
  firstSeenAt: string;
}

export interface CertificateWithDer extends Certificate {
  der: Buffer;
}

/** One row of a computer's Other People store. */
export interface StoreCertificate extends Certificate {
  friendlyName: string | null;
  addedAt: string;
  addedBy: string;
}

const CERTIFICATE_COLUMNS = [
  'certificates.thumbprint',
  'certificates.sha256',
  'certificates.subject',
  'certificates.subjectCommonName',
  'certificates.issuer',
  'certificates.issuerCommonName',
  'certificates.serialNumber',
  'certificates.notBefore',
  'certificates.notAfter',
  'certificates.keyUsage',
  'certificates.extendedKeyUsage',
  'certificates.publicKeyAlgorithm',
  'certificates.publicKeySize',
  'certificates.firstSeenAt',
] as const;

function toCertificate<
  T extends { keyUsage: string | null; extendedKeyUsage: string | null; publicKeySize: number | null },
>(
  row: T,
): Omit<T, 'keyUsage' | 'extendedKeyUsage'> & {
  keyUsage: string[] | null;
  extendedKeyUsage: string[] | null;
} {
  return {
    ...row,
    keyUsage: parseNullableJsonText<string[]>(row.keyUsage),
    extendedKeyUsage: parseNullableJsonText<string[]>(row.extendedKeyUsage),
    publicKeySize: row.publicKeySize === null ? null : Number(row.publicKeySize),
  };
}

/**
 * Records a certificate once per thumbprint (the thumbprint is a hash of the bytes, so a second
 * import of the same bytes changes nothing). Returns the stored certificate.
 */
export async function upsertCertificate(
  db: Executor,
  facts: CertificateFacts,
  firstSeenAt: Date,
): Promise<Certificate> {
  const thumbprint = facts.thumbprint.toUpperCase();
  await db
    .insertInto('certificates')
    .values({
      thumbprint,
      sha256: facts.sha256.toUpperCase(),
      subject: facts.subject,
      subjectCommonName: facts.subjectCommonName,
      issuer: facts.issuer,
      issuerCommonName: facts.issuerCommonName,
      serialNumber: facts.serialNumber,
      notBefore: toIsoTime(facts.notBefore),
      notAfter: toIsoTime(facts.notAfter),
      keyUsage: toNullableJsonText(facts.keyUsage),
      extendedKeyUsage: toNullableJsonText(facts.extendedKeyUsage),
      publicKeyAlgorithm: facts.publicKeyAlgorithm,
      publicKeySize: facts.publicKeySize,
      der: Buffer.from(facts.der),
      firstSeenAt: toIsoTime(firstSeenAt),
    })
    .onConflict((oc) => oc.column('thumbprint').doNothing())
    .execute();
  const stored = await getCertificate(db, thumbprint);
  if (!stored) throw new Error(`Certificate ${thumbprint} vanished right after it was stored.`);
  return stored;
}

/** A known certificate by canonical thumbprint, or null. */
export async function getCertificate(db: Executor, thumbprint: string): Promise<Certificate | null> {
  const row = await db
    .selectFrom('certificates')
    .select(CERTIFICATE_COLUMNS)
    .where('thumbprint', '=', thumbprint.toUpperCase())
    .executeTakeFirst();
  return row ? toCertificate(row) : null;
}

/** Known certificates by canonical thumbprint, many at once (a binding file's); unknown ones are left out. */
export async function getCertificates(
  db: Executor,
  thumbprints: readonly string[],
): Promise<Map<string, Certificate>> {
  const certificates = new Map<string, Certificate>();
  for (const chunk of inChunks([...new Set(thumbprints.map((thumbprint) => thumbprint.toUpperCase()))])) {
    const rows = await db
      .selectFrom('certificates')
      .select(CERTIFICATE_COLUMNS)
      .where('thumbprint', 'in', chunk)
      .execute();
    for (const row of rows) certificates.set(row.thumbprint, toCertificate(row));
  }
  return certificates;
}

/** A known certificate with its DER bytes, for download and encryption. */
export async function getCertificateWithDer(
  db: Executor,
  thumbprint: string,
): Promise<CertificateWithDer | null> {
  const row = await db
    .selectFrom('certificates')
    .select([...CERTIFICATE_COLUMNS, 'certificates.der'])
    .where('thumbprint', '=', thumbprint.toUpperCase())
    .executeTakeFirst();
  return row ? { ...toCertificate(row), der: Buffer.from(row.der) } : null;
}

const HEX_ONLY = /^[0-9a-f]+$/;

/** Trigram indexes know nothing of strings shorter than this many characters. */
const TRIGRAM_LENGTH = 3;

/** What a store search looks for: the LIKE patterns it decides with, and the needles they contain. */
interface StoreSearchTerms {
  /** Matched against Issued To, Issued By and friendly name (and the thumbprint, when it is not hex). */
  pattern: string;
  needle: string;
  /** Matched against the thumbprint: the term without separators when that leaves hex digits. */
  thumbprintPattern: string;
  thumbprintNeedle: string;
}

function storeSearchTerms(term: string): StoreSearchTerms {
  const needle = term.toLowerCase();
  const hex = term.replace(/[\s:-]/g, '').toLowerCase();
  const pattern = likePattern(term);
  return HEX_ONLY.test(hex)
    ? { pattern, needle, thumbprintPattern: `%${hex}%`, thumbprintNeedle: hex }
    : { pattern, needle, thumbprintPattern: pattern, thumbprintNeedle: needle };
}

/** `lower(column) LIKE pattern`, the pattern's wildcards escaped by likePattern; `lower` false for a column stored lowered. */
function like(column: string, pattern: string, lower = true) {
  const text = lower ? sql`lower(${sql.raw(column)})` : sql.raw(column);
  return sql<SqlBool>`${text} like ${pattern} escape '\\'`;
}

/** The exact predicate of a store search, on both dialects: what decides which rows match. */
function storeSearchPredicate(terms: StoreSearchTerms) {
  return sql<SqlBool>`(${sql.join(
    [
      like('certificates.subject_common_name', terms.pattern),
      like('certificates.issuer_common_name', terms.pattern),
      like('store_certificates.friendly_name', terms.pattern),
      like('certificates.thumbprint', terms.thumbprintPattern),
    ],
    sql` or `,
  )})`;
}

/**
 * A superset of the store rows the exact predicate matches, found through the trigram index
 * (migration 003), or null when a needle is too short for trigrams and every row must be tried.
 * On SQLite it asks FTS5 for the rows of this computer's store that hold every trigram of the term.
 * On PostgreSQL it is the same LIKE predicate split by table, which the pg_trgm GIN indexes serve;
 * without pg_trgm it is still right, only read in full. Walking the certificates in order on PostgreSQL, it is
 * the walk's filter instead (postgresWalkFilter).
 */
function storeSearchCandidates(
  dialect: DatabaseDialect,
  computerName: string,
  computerId: number,
  terms: StoreSearchTerms,
  walkedColumn: 'certificates.thumbprint' | 'store_certificates.thumbprint' | null = null,
) {
  if (dialect === 'postgres') {
    if (!hasTrigrams(terms)) return null;
    if (walkedColumn) return postgresWalkFilter(computerId, terms);
    return sql<SqlBool>`store_certificates.thumbprint in (${trigramCandidateThumbprints(terms)})`;
  }
  const rowids = ftsCandidateRowids(computerName, terms);
  if (!rowids) return null;
  // Walking a sort index, the unary + keeps SQLite from turning the condition into the loop that drives the
  // query: it stays a filter, tried on the index's thumbprint before the row is read.
  const column = walkedColumn ? sql.raw(`+${walkedColumn}`) : sql.raw('store_certificates.thumbprint');
  return sql<SqlBool>`${column} in (
    select ids.thumbprint from ${sql.raw(STORE_SEARCH_IDS_TABLE)} ids where ids.id in (${rowids}))`;
}

/**
 * PostgreSQL: the thumbprints of the certificates whose names or thumbprint match, and of the store rows
 * (of every store) whose friendly name matches; each part a BitmapOr over the pg_trgm GIN indexes.
 */
function trigramCandidateThumbprints(terms: StoreSearchTerms) {
  return sql`select c.thumbprint from certificates c
    where ${like('c.subject_common_name', terms.pattern)} or ${like('c.issuer_common_name', terms.pattern)}
      or ${like('c.thumbprint', terms.thumbprintPattern)}
    union all
    select sc.thumbprint from store_certificates sc where ${like('sc.friendly_name', terms.pattern)}`;
}

/**
 * PostgreSQL, walking the certificates in order: a superset of the matches that a certificate's index entry
 * answers before its store row is read. Its own names and thumbprint are in the index it walks (migration 011);
 * the friendly names that match are this store's rows the GIN index finds, read once into a hash (a hashed
 * subplan, built only when a walked certificate's own names do not match). The walk then looks up in the store
 * only the certificates that may match, not every one it passes (ADR 028).
 */
function postgresWalkFilter(computerId: number, terms: StoreSearchTerms) {
  return sql<SqlBool>`(${sql.join(
    [
      like('certificates.subject_common_name', terms.pattern),
      like('certificates.issuer_common_name', terms.pattern),
      like('certificates.thumbprint', terms.thumbprintPattern),
      sql`certificates.thumbprint in (select named.thumbprint from store_certificates named
        where named.computer_id = ${computerId} and ${like('named.friendly_name', terms.pattern)})`,
    ],
    sql` or `,
  )})`;
}

/**
 * PostgreSQL, walking one store's rows in the order of Issued To (migration 012): a superset of the matches that
 * the row's index entry answers with one LIKE, on the text that joins its lowered names and thumbprint (a term that
 * any of them contains, the text contains). The store's predicate still decides. The function keeps the walk from
 * parallel workers, which made it four to six times slower (ADR 031).
 */
function postgresStoreWalkFilter(terms: StoreSearchTerms) {
  const text = like('store_certificates.search_text', terms.pattern, false);
  const thumbprint =
    terms.thumbprintPattern === terms.pattern
      ? null
      : like('store_certificates.thumbprint', terms.thumbprintPattern);
  return sql<SqlBool>`(${sql.raw(STORE_SEARCH_SERIAL)}() and (${thumbprint ? sql`${text} or ${thumbprint}` : text}))`;
}

/** Whether both needles are long enough for the trigram indexes to propose rows. */
function hasTrigrams(terms: StoreSearchTerms): boolean {
  return [terms.needle, terms.thumbprintNeedle].every(
    (needle) => Array.from(needle).length >= TRIGRAM_LENGTH,
  );
}

/** SQLite: the FTS5 rowids of this computer's store rows that hold every trigram of the term, or null. */
function ftsCandidateRowids(computerName: string, terms: StoreSearchTerms) {
  const [names, thumbprint] = [terms.needle, terms.thumbprintNeedle].map(ftsTrigrams);
  if (!names || !thumbprint) return null;
  const match = names === thumbprint ? names : `(${names}) OR (${thumbprint})`;
  const fts = sql.raw(STORE_SEARCH_TABLE);
  const firstId = sql`(select id from computers where lower(name) = lower(${computerName})) * ${sql.lit(STORE_SEARCH_IDS_PER_COMPUTER)}`;
  return sql`select rowid from ${fts} where ${fts} match ${match}
      and rowid >= ${firstId} and rowid < ${firstId} + ${sql.lit(STORE_SEARCH_IDS_PER_COMPUTER)}`;
}

/**
 * How a search chooses its plan by the number of trigram candidates (measured in BENCHMARKS.md; ADR 020
 * for SQLite, 025 for PostgreSQL). Tests lower them, to reach every plan with a small store.
 */
export const storeSearchPlanLimits = {
  /**
   * SQLite: with at most this many candidates the search reads them all and sorts the matches: each candidate
   * costs a few lookups, and a few thousand cost a few milliseconds.
   */
  sortedCandidatesAtMost: 2000,
  /**
   * With more, it walks the sort index and stops after the page. Up to this many, the candidates are a
   * filter tried before each row is read (the walk may pass many rows that do not match); beyond it,
   * building that filter costs more than the LIKE it saves, since most rows of the store then match.
   */
  filteringCandidatesAtMost: 20_000,
  /**
   * PostgreSQL: with at most this many candidates (as its planner estimates them), the search reads them and
   * sorts the matches (ADR 025): 30,000 candidates sorted cost as much as the walk they would replace.
   */
  postgresSortedCandidatesAtMost: 5_000,
  /**
   * PostgreSQL, sorted by Issued To (where the store's own rows can be walked, postgresWalksStore): with at most
   * this many candidates, counted (not estimated) no further than one past it, they are read and sorted; with more,
   * the store's rows are walked. That walk costs at most one LIKE a row of the store (about 90 ms for 100,000);
   * sorting grows with the candidates ("Partner 04", 30,000 of them, 320 to 500 ms in the benchmark). The count
   * decides, not the planner's estimate, which comes from a sample: "Partner 042" (3,000 candidates) was estimated
   * at 3,040, above the earlier limit of 2,000, and walked in 83 to 86 ms, against 44 to 65 ms counted and sorted
   * (ADR 031).
   */
  postgresSortedCandidatesBeforeStoreWalkAtMost: 4_000,
  /**
   * PostgreSQL: with more, up to this many, it walks the order of Issued To judging each certificate from the
   * index (postgresWalkFilter), with this store's matching friendly names read into a hash first; beyond it,
   * the sort index alone, since that hash would then hold most of the store (150 ms for "Partner 0", whose
   * matches the plain walk finds at once). ADR 028.
   */
  postgresFilteringCandidatesAtMost: 100_000,
  /**
   * PostgreSQL, sorted by Issued To: with more candidates than postgresSortedCandidatesBeforeStoreWalkAtMost, or a
   * term too short for trigrams, the search walks this store's own rows in that order, each judged by one LIKE on its
   * index entry (migration 012, ADR 031), whatever the estimate. Off, it chooses as ADR 028 does (the benchmark compares both).
   */
  postgresWalksStore: true,
};

/**
 * How a search reads a store: see storeSearchPlanLimits and docs/decisions/020-dense-store-search.md; `walk-store`,
 * on PostgreSQL only, walks the store's rows with the text they hold (ADR 031).
 */
type SearchPlan = 'candidates' | 'walk-candidates' | 'walk' | 'walk-store';

/**
 * The plan for the number of trigram candidates the store has for the term. SQLite counts them no further
 * than one past filteringCandidatesAtMost (FTS5 hands over rowids in order, so the count stops early).
 * PostgreSQL cannot stop a GIN scan early, and counting even 20,000 candidates there reads their rows
 * (50 to 100 ms): it takes the planner's estimate instead, from the statistics of the indexed expressions;
 * except sorted by Issued To, where the choice is between few candidates sorted and the store's own rows
 * walked, and counting up to that limit costs a few milliseconds.
 */
async function searchPlan(db: Executor, options: StoreListOptions): Promise<SearchPlan> {
  const term = options.search?.trim() ?? '';
  if (term === '') return 'candidates';
  const terms = storeSearchTerms(term);
  const limits = storeSearchPlanLimits;
  if (dialectOf(db) === 'postgres') {
    // No name holds U+0000 (storeMatches answers nothing), and pg would refuse the parameter.
    if (term.includes('\0')) return 'candidates';
    const walksStore = limits.postgresWalksStore && (options.sort ?? 'issuedTo') === 'issuedTo';
    if (!hasTrigrams(terms)) return walksStore ? 'walk-store' : 'walk';
    if (walksStore) {
      const sortedAtMost = limits.postgresSortedCandidatesBeforeStoreWalkAtMost;
      const candidates = await countedNoFurtherThan(db, trigramCandidateThumbprints(terms), sortedAtMost);
      return candidates <= sortedAtMost ? 'candidates' : 'walk-store';
    }
    const estimated = await estimatedCandidates(db, terms);
    if (estimated <= limits.postgresSortedCandidatesAtMost) return 'candidates';
    // Sorted by friendly name, the walk reads the store's rows, each holding its friendly name: no filter helps.
    const walksCertificates = options.sort !== 'friendlyName';
    return walksCertificates && estimated <= limits.postgresFilteringCandidatesAtMost
      ? 'walk-candidates'
      : 'walk';
  }
  const rowids = ftsCandidateRowids(options.computerName, terms);
  if (!rowids) return 'walk';
  const candidates = await countedNoFurtherThan(db, rowids, limits.filteringCandidatesAtMost);
  if (candidates <= limits.sortedCandidatesAtMost) return 'candidates';
  return candidates <= limits.filteringCandidatesAtMost ? 'walk-candidates' : 'walk';
}

/**
 * How many rows a query has, counted no further than one past `atMost`: the count stops reading there (on
 * PostgreSQL a GIN bitmap is still built whole, but only the rows counted are read).
 */
async function countedNoFurtherThan(
  db: Executor,
  rows: RawBuilder<unknown>,
  atMost: number,
): Promise<number> {
  const result = await sql<{ counted: number }>`select count(*) as counted from (${rows}
    limit ${sql.lit(atMost + 1)}) counting`.execute(db);
  return toCount(result.rows[0]?.counted);
}

/**
 * PostgreSQL: how many rows the planner expects of the subquery storeSearchCandidates reads. Planning
 * alone, about a millisecond: the pg_trgm indexes' expressions have statistics of their own (migration 003
 * analyzes them).
 */
async function estimatedCandidates(db: Executor, terms: StoreSearchTerms): Promise<number> {
  const plan = await sql<{
    'QUERY PLAN': unknown;
  }>`explain (format json) ${trigramCandidateThumbprints(terms)}`.execute(db);
  const text = plan.rows[0]?.['QUERY PLAN'];
  const parsed = (typeof text === 'string' ? JSON.parse(text) : text) as [{ Plan: { 'Plan Rows': number } }];
  return parsed[0].Plan['Plan Rows'];
}

/**
 * An FTS5 query for the rows that hold every trigram of the needle (which every text containing it
 * does), or null when the needle is too short to have one. Each trigram is a quoted string, so
 * nothing in the needle is read as FTS5 syntax.
 */
function ftsTrigrams(needle: string): string | null {
  // SQLite's LIKE reads its pattern and its text only up to the first NUL, so no further may be asked of the index.
  const characters = Array.from(needle.split('\0', 1)[0] ?? '');
  const trigrams = new Set<string>();
  for (let start = 0; start + TRIGRAM_LENGTH <= characters.length; start += 1) {
    trigrams.add(characters.slice(start, start + TRIGRAM_LENGTH).join(''));
  }
  if (trigrams.size === 0) return null;
  return [...trigrams].map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(' AND ');
}

/** The columns a store is sorted by; each has an index in its order (migration 006). */
export type StoreSortColumn = 'issuedTo' | 'issuedBy' | 'expirationDate' | 'friendlyName' | 'thumbprint';

export interface StoreListOptions {
  computerName: string;
  /** Matched as a substring of Issued To, Issued By, friendly name or thumbprint. */
  search?: string;
  /** Issued To by default; ties are broken by thumbprint, so a row has one place however the store is paged. */
  sort?: StoreSortColumn;
  order?: 'asc' | 'desc';
  /**
   * Only the certificates a send port processed on these computers can use at `now` (DESIGN §3 c, d):
   * valid now, allowed to encrypt, and in the Other People store of each of the computers.
   */
  usableOn?: { now: Date; computerIds: readonly number[] };
  limit?: number;
  offset?: number;
  /**
   * `exact` (the default) counts every match. `bounded` reads one row past the page instead: when there is
   * one, the answer says `moreThan` (offset + limit) rather than a total, which for a term most of a large
   * store matches would cost the reading of every match (docs/decisions/020-dense-store-search.md).
   */
  count?: 'exact' | 'bounded';
}

/** A page of a store and how many rows match: exactly, or (count `bounded`) more than a number. */
export type StorePage<Row> = { items: Row[]; total: number } | { items: Row[]; moreThan: number };

/** What the Select Certificate dialog shows of a certificate in a store, and nothing more. */
export type StoreCertificateSummary = Pick<
  StoreCertificate,
  | 'thumbprint'
  | 'subject'
  | 'subjectCommonName'
  | 'issuer'
  | 'issuerCommonName'
  | 'notBefore'
  | 'notAfter'
  | 'friendlyName'
>;

/** A summary, with the key usage that says whether a port could encrypt with it. */
export type StoreCertificateSummaryWithKeyUsage = StoreCertificateSummary & { keyUsage: string[] | null };

type StoreTables = 'storeCertificates' | 'certificates';

/** The expression each sort column is ordered by: exactly the one its index of migration 006 holds. */
const SORT_EXPRESSIONS = {
  issuedTo: sql`lower(certificates.subject_common_name)`,
  issuedBy: sql`lower(certificates.issuer_common_name)`,
  expirationDate: sql`certificates.not_after`,
  friendlyName: sql`lower(store_certificates.friendly_name)`,
  thumbprint: null,
} as const;

/** The key usage text of a certificate that may encrypt: none at all, or one that names encipherment. */
function allowsEncryption() {
  return sql<SqlBool>`(certificates.key_usage is null
    or certificates.key_usage like '%"keyEncipherment"%' or certificates.key_usage like '%"dataEncipherment"%')`;
}

/**
 * The rows of one computer's Other People store that match the search, case-insensitively on both
 * dialects (a thumbprint may be typed with spaces or colons), as a substring: every character means
 * itself. Null when nothing can match.
 */
function storeMatches(db: Executor, computerId: number, options: StoreListOptions, plan: SearchPlan) {
  const term = options.search?.trim() ?? '';
  const dialect = dialectOf(db);
  const byFriendlyName = options.sort === 'friendlyName';
  // SQLite plans the join from the store's rows (its key starts with the computer) and then sorts them
  // all, or reads every certificate row, DER included, to judge it. Walking an index of certificates
  // instead, and looking each up in the store, reads the page alone, and counts from the index alone.
  // A search with few trigram candidates starts from them (the planner chooses); one with many walks the
  // sort index too, and stops after the page instead of reading and sorting every match.
  const walk = (dialect === 'sqlite' && term === '') || (term !== '' && plan !== 'candidates');
  const fromStore = walk && term !== '' && (byFriendlyName || plan === 'walk-store');
  let query = (
    walk && !fromStore
      ? db
          .selectFrom('certificates')
          .crossJoin('storeCertificates')
          .whereRef('storeCertificates.thumbprint', '=', 'certificates.thumbprint')
      : fromStore
        ? db
            .selectFrom('storeCertificates')
            .crossJoin('certificates')
            .whereRef('certificates.thumbprint', '=', 'storeCertificates.thumbprint')
        : db
            .selectFrom('certificates')
            .innerJoin('storeCertificates', 'storeCertificates.thumbprint', 'certificates.thumbprint')
  ).where('storeCertificates.computerId', '=', computerId);

  if (term !== '') {
    // PostgreSQL text cannot hold U+0000, so no name contains it (and pg would refuse the parameter).
    if (dialect === 'postgres' && term.includes('\0')) return null;
    const terms = storeSearchTerms(term);
    const walked = fromStore ? 'store_certificates.thumbprint' : 'certificates.thumbprint';
    const candidates =
      plan === 'walk'
        ? null
        : plan === 'walk-store'
          ? postgresStoreWalkFilter(terms)
          : storeSearchCandidates(
              dialect,
              options.computerName,
              computerId,
              terms,
              plan === 'walk-candidates' ? walked : null,
            );
    if (candidates) query = query.where(candidates);
    query = query.where(storeSearchPredicate(terms));
  }
  if (options.usableOn) {
    const now = toIsoTime(options.usableOn.now);
    query = query
      .where('certificates.notAfter', '>', now)
      .where('certificates.notBefore', '<=', now)
      .where(allowsEncryption());
    for (const holder of options.usableOn.computerIds) {
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('storeCertificates as holder')
            .select('holder.thumbprint')
            .where('holder.computerId', '=', holder)
            .whereRef('holder.thumbprint', '=', 'certificates.thumbprint'),
        ),
      );
    }
  }
  return query;
}

/** The order of a page: an expression and the column that breaks its ties. */
interface PageOrder {
  expression: RawBuilder<unknown> | null;
  tieBreak: 'certificates.thumbprint' | 'storeCertificates.thumbprint';
}

/** The order asked for, by its index's expression (migration 006). */
function orderAskedFor(options: StoreListOptions): PageOrder {
  return {
    expression: SORT_EXPRESSIONS[options.sort ?? 'issuedTo'],
    // The friendly name's index holds the store's own thumbprint column, the same value by the join.
    tieBreak: options.sort === 'friendlyName' ? 'storeCertificates.thumbprint' : 'certificates.thumbprint',
  };
}

/**
 * One page of matches in the order asked for. Every order is an index's (migration 006), so the database
 * reads the rows in that order and stops after the page, rather than sorting every match first: on a
 * store of 100,000 certificates that is what makes the first page cost the same as on a store of ten.
 * `order` is that order written otherwise, over columns that hold the same values (`walkedPage`).
 */
function pageOfMatches<O>(
  query: SelectQueryBuilder<DatabaseSchema, StoreTables, O>,
  options: StoreListOptions,
  lookahead: number,
  order: PageOrder = orderAskedFor(options),
) {
  const direction = options.order ?? 'asc';
  const ordered = order.expression ? query.orderBy(order.expression, direction) : query;
  return ordered
    .orderBy(order.tieBreak, direction)
    .limit((options.limit ?? 1000) + lookahead)
    .offset(options.offset ?? 0);
}

/**
 * How many rows match, counted on its own: a count read with each row (`count(*) over ()`) makes the
 * database read and sort every match before it can hand over the first page. A store's whole size is
 * read from its primary key alone.
 */
async function totalOfMatches(
  db: Executor,
  computerId: number,
  matches: NonNullable<ReturnType<typeof storeMatches>>,
  options: StoreListOptions,
): Promise<number> {
  const whole = (options.search?.trim() ?? '') === '' && !options.usableOn;
  const count = whole
    ? await db
        .selectFrom('storeCertificates')
        .select(sql<number>`cast(count(*) as integer)`.as('total'))
        .where('computerId', '=', computerId)
        .executeTakeFirst()
    : await matches.select(sql<number>`cast(count(*) as integer)`.as('total')).executeTakeFirst();
  return toCount(count?.total);
}

async function storeComputerId(db: Executor, computerName: string): Promise<number | null> {
  const computer = await db
    .selectFrom('computers')
    .select('id')
    .where(sql`lower(name)`, '=', sql`lower(${computerName})`)
    .executeTakeFirst();
  return computer?.id ?? null;
}

type Matches = NonNullable<ReturnType<typeof storeMatches>>;

/**
 * PostgreSQL, walking with the filter of postgresWalkFilter: the page's rows, found by a walk that reads only
 * the thumbprints (so that the walk reads its index alone, migration 011), then read whole by thumbprint. The
 * walk is the same query, predicate and order as every plan's, so it decides what the page holds. Walking the
 * store's rows (`walk-store`), the order is the one they hold of Issued To (migration 012): the same order, kept
 * equal by the trigger that writes it.
 */
function walkedPage(
  db: Executor,
  computerId: number,
  matches: Matches,
  options: StoreListOptions,
  lookahead: number,
  plan: SearchPlan,
): Matches {
  const thumbprints =
    plan === 'walk-store'
      ? pageOfMatches(matches.select('storeCertificates.thumbprint'), options, lookahead, {
          expression: sql`store_certificates.search_issued_to`,
          tieBreak: 'storeCertificates.thumbprint',
        })
      : pageOfMatches(matches.select('certificates.thumbprint'), options, lookahead);
  return db
    .selectFrom('certificates')
    .innerJoin('storeCertificates', 'storeCertificates.thumbprint', 'certificates.thumbprint')
    .where('storeCertificates.computerId', '=', computerId)
    .where('certificates.thumbprint', 'in', thumbprints);
}

/**
 * A page of one store and the number of all its matches, read side by side; or, with count `bounded`,
 * the page and one row more, which says whether there are more matches than the page reaches. `read` reads
 * the page of `matches` that starts `offset` rows in.
 */
async function readPage<Row>(
  db: Executor,
  options: StoreListOptions,
  read: (matches: Matches, lookahead: number, offset: number) => Promise<Row[]>,
): Promise<StorePage<Row>> {
  const computerId = await storeComputerId(db, options.computerName);
  if (computerId === null) return { items: [], total: 0 };
  const plan = await searchPlan(db, options);
  const matches = storeMatches(db, computerId, options, plan);
  if (!matches) return { items: [], total: 0 };
  const walkedFirst = dialectOf(db) === 'postgres' && (plan === 'walk-candidates' || plan === 'walk-store');
  const page = (lookahead: number) =>
    walkedFirst
      ? read(walkedPage(db, computerId, matches, options, lookahead, plan), lookahead, 0)
      : read(matches, lookahead, options.offset ?? 0);
  // The walks' filters serve a page, not a count: PostgreSQL counts the matches as it did before them (ADR 025).
  const counted = (walkedFirst ? storeMatches(db, computerId, options, 'walk') : null) ?? matches;
  // A store's size is counted on its key alone: cheap, so said exactly however the count was asked for.
  const whole = (options.search?.trim() ?? '') === '' && !options.usableOn;
  if (options.count === 'bounded' && !whole) {
    const limit = options.limit ?? 1000;
    const offset = options.offset ?? 0;
    const rows = await page(1);
    if (rows.length > limit) return { items: rows.slice(0, limit), moreThan: offset + limit };
    // A page that is not full ends the matches, unless it lies past their end and holds nothing.
    if (rows.length > 0 || offset === 0) return { items: rows, total: offset + rows.length };
    return { items: rows, total: await totalOfMatches(db, computerId, counted, options) };
  }
  const [items, total] = await Promise.all([page(0), totalOfMatches(db, computerId, counted, options)]);
  return { items, total };
}

type ExactCount = StoreListOptions & { count?: 'exact' };

/** One computer's Other People store, ordered by Issued To unless told otherwise, every field of each certificate. */
export async function listStoreCertificates(
  db: Executor,
  options: ExactCount,
): Promise<{ items: StoreCertificate[]; total: number }>;
export async function listStoreCertificates(
  db: Executor,
  options: StoreListOptions,
): Promise<StorePage<StoreCertificate>>;
export async function listStoreCertificates(
  db: Executor,
  options: StoreListOptions,
): Promise<StorePage<StoreCertificate>> {
  return readPage(db, options, async (matches, lookahead, offset) => {
    const rows = await pageOfMatches(
      matches.select([
        ...CERTIFICATE_COLUMNS,
        'storeCertificates.friendlyName',
        'storeCertificates.addedAt',
        'storeCertificates.addedBy',
      ]),
      { ...options, offset },
      lookahead,
    ).execute();
    return rows.map((row) => toCertificate(row));
  });
}

/**
 * One computer's Other People store as Select Certificate lists it: the same rows in the same order
 * as listStoreCertificates, with only the fields the dialog shows and the key usage that says whether
 * a port could encrypt with it. A store of 20,000 certificates is then half the bytes.
 */
export async function listStoreCertificateSummaries(
  db: Executor,
  options: ExactCount,
): Promise<{ items: StoreCertificateSummaryWithKeyUsage[]; total: number }>;
export async function listStoreCertificateSummaries(
  db: Executor,
  options: StoreListOptions,
): Promise<StorePage<StoreCertificateSummaryWithKeyUsage>>;
export async function listStoreCertificateSummaries(
  db: Executor,
  options: StoreListOptions,
): Promise<StorePage<StoreCertificateSummaryWithKeyUsage>> {
  return readPage(db, options, async (matches, lookahead, offset) => {
    const rows = await pageOfMatches(
      matches.select([
        'certificates.thumbprint',
        'certificates.subject',
        'certificates.subjectCommonName',
        'certificates.issuer',
        'certificates.issuerCommonName',
        'certificates.notBefore',
        'certificates.notAfter',
        'storeCertificates.friendlyName',
        'certificates.keyUsage',
      ]),
      { ...options, offset },
      lookahead,
    ).execute();
    return rows.map((row) => ({ ...row, keyUsage: parseNullableJsonText<string[]>(row.keyUsage) }));
  });
}

/**
 * Whether store search reads its index, for the server to say at start. On PostgreSQL it first builds
 * the indexes the migration could not (pg_trgm was missing or might not be created), so installing
 * pg_trgm and restarting is all an operator has to do. `extension` is changed only by tests.
 */
export async function ensureStoreSearchIndex(
  db: Kysely<DatabaseSchema>,
  extension: string = TRIGRAM_EXTENSION,
): Promise<StoreSearchIndexStatus> {
  const raw = db.withoutPlugins();
  if (dialectOf(db) === 'sqlite') {
    const table = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name = ${STORE_SEARCH_TABLE}`.execute(raw);
    return table.rows.length > 0
      ? { indexed: true }
      : {
          indexed: false,
          reason: `Store search is not indexed: the table ${STORE_SEARCH_TABLE} is missing.`,
        };
  }
  if ((await missingTrigramIndexes(raw)).length === 0) return { indexed: true };
  const status = await raw.transaction().execute(async (trx) => {
    // Two servers starting at once: the second finds the indexes the first made.
    await takeAdvisoryLock(trx, 'store-search');
    return createTrigramIndexes(trx, extension);
  });
  if (status.indexed) return status;
  return {
    indexed: false,
    reason:
      `Store search is not indexed, so searching a large Other People store reads all of it (the results are the same): ` +
      `its ${extension} indexes could not be created (${status.reason}). ` +
      `If ${extension} is missing, have a superuser or the database owner run "CREATE EXTENSION ${extension} SCHEMA public" ` +
      `in this database (it ships with PostgreSQL's contrib modules); bts-console builds the indexes when it next starts.`,
  };
}

/** One certificate of one computer's Other People store, by thumbprint (the store's key); null when it is not there. */
export async function getStoreCertificate(
  db: Executor,
  computerId: number,
  thumbprint: string,
): Promise<StoreCertificate | null> {
  const row = await db
    .selectFrom('storeCertificates')
    .innerJoin('certificates', 'certificates.thumbprint', 'storeCertificates.thumbprint')
    .select([
      ...CERTIFICATE_COLUMNS,
      'storeCertificates.friendlyName',
      'storeCertificates.addedAt',
      'storeCertificates.addedBy',
    ])
    .where('storeCertificates.computerId', '=', computerId)
    .where('storeCertificates.thumbprint', '=', thumbprint.toUpperCase())
    .executeTakeFirst();
  return row ? toCertificate(row) : null;
}

/** Whether one computer's Other People store holds the certificate. */
export async function isInStore(db: Executor, computerName: string, thumbprint: string): Promise<boolean> {
  const row = await db
    .selectFrom('storeCertificates')
    .innerJoin('computers', 'computers.id', 'storeCertificates.computerId')
    .select('storeCertificates.thumbprint')
    .where(sql`lower(computers.name)`, '=', sql`lower(${computerName})`)
    .where('storeCertificates.thumbprint', '=', thumbprint.toUpperCase())
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Puts a known certificate into a computer's Other People store.
 * Returns false when it was already there (nothing changes), true when added.
 */
export async function addToStore(
  db: Executor,
  entry: {
    computerName: string;
    thumbprint: string;
    friendlyName?: string | null;
    addedAt: Date;
    addedBy: string;
  },
): Promise<boolean> {
  const computer = await db
    .selectFrom('computers')
    .select('id')
    .where(sql`lower(name)`, '=', sql`lower(${entry.computerName})`)
    .executeTakeFirst();
  if (!computer) throw new Error(`There is no computer named ${entry.computerName} in this group.`);
  const inserted = await db
    .insertInto('storeCertificates')
    .values({
      computerId: computer.id,
      thumbprint: entry.thumbprint.toUpperCase(),
      friendlyName: entry.friendlyName ?? null,
      addedAt: toIsoTime(entry.addedAt),
      addedBy: entry.addedBy,
    })
    .onConflict((oc) => oc.columns(['computerId', 'thumbprint']).doNothing())
    .returning('thumbprint')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Takes a certificate out of one computer's store; false when it was not there. The certificate stays known. */
export async function removeFromStore(
  db: Executor,
  entry: { computerName: string; thumbprint: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('storeCertificates')
    .where('thumbprint', '=', entry.thumbprint.toUpperCase())
    .where('computerId', '=', (eb) =>
      eb
        .selectFrom('computers')
        .select('id')
        .where(sql`lower(name)`, '=', sql`lower(${entry.computerName})`),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface CertificatePresence {
  computer: string;
  role: ComputerRole;
  present: boolean;
  friendlyName: string | null;
  addedAt: string | null;
}

/** For every computer of the group, whether its Other People store holds the certificate. */
export async function getPresence(db: Executor, thumbprint: string): Promise<CertificatePresence[]> {
  const rows = await db
    .selectFrom('computers')
    .leftJoin('storeCertificates', (join) =>
      join
        .onRef('storeCertificates.computerId', '=', 'computers.id')
        .on('storeCertificates.thumbprint', '=', thumbprint.toUpperCase()),
    )
    .select([
      'computers.name as computer',
      'computers.role',
      'storeCertificates.thumbprint',
      'storeCertificates.friendlyName',
      'storeCertificates.addedAt',
    ])
    .orderBy('computers.name')
    .execute();
  return rows.map((row) => ({
    computer: row.computer,
    role: row.role,
    present: row.thumbprint !== null,
    friendlyName: row.friendlyName,
    addedAt: row.addedAt,
  }));
}

/** Names of the computers whose Other People store holds the certificate. */
export async function computersHaving(db: Executor, thumbprint: string): Promise<string[]> {
  return (await computersHavingEach(db, [thumbprint])).get(thumbprint.toUpperCase()) ?? [];
}

/**
 * For each certificate the selected send ports use, the ids of the computers whose Other People store
 * holds it, in one read however many ports there are.
 */
export async function getHoldersOfCertificatesUsedBy(
  db: Executor,
  scope: SendPortScope,
): Promise<Map<string, Set<number>>> {
  const rows = await db
    .selectFrom('storeCertificates')
    .select(['storeCertificates.thumbprint', 'storeCertificates.computerId'])
    .where('storeCertificates.thumbprint', 'in', (eb) =>
      eb
        .selectFrom('sendPorts')
        .select('sendPorts.certificateThumbprint')
        .where(inScope(scope))
        .where('sendPorts.certificateThumbprint', 'is not', null)
        .$narrowType<{ certificateThumbprint: string }>(),
    )
    .execute();
  const holders = new Map<string, Set<number>>();
  for (const row of rows) {
    const computers = holders.get(row.thumbprint);
    if (computers) computers.add(row.computerId);
    else holders.set(row.thumbprint, new Set([row.computerId]));
  }
  return holders;
}

/** For each of many certificates, the names of the computers whose Other People store holds it, by name. */
export async function computersHavingEach(
  db: Executor,
  thumbprints: readonly string[],
): Promise<Map<string, string[]>> {
  const holders = new Map<string, string[]>();
  for (const chunk of inChunks([...new Set(thumbprints.map((thumbprint) => thumbprint.toUpperCase()))])) {
    const rows = await db
      .selectFrom('storeCertificates')
      .innerJoin('computers', 'computers.id', 'storeCertificates.computerId')
      .select(['storeCertificates.thumbprint', 'computers.name'])
      .where('storeCertificates.thumbprint', 'in', chunk)
      .orderBy('computers.name')
      .execute();
    for (const row of rows) {
      const names = holders.get(row.thumbprint);
      if (names) names.push(row.name);
      else holders.set(row.thumbprint, [row.name]);
    }
  }
  return holders;
}

export interface SendPortUsingCertificate {
  name: string;
  application: string;
  status: SendPortStatus;
}

function selectPortsUsing(db: Executor, thumbprint: string) {
  return db
    .selectFrom('sendPorts')
    .innerJoin('applications', 'applications.id', 'sendPorts.applicationId')
    .select(['sendPorts.name', 'applications.name as application', 'sendPorts.status'])
    .where('sendPorts.certificateThumbprint', '=', thumbprint.toUpperCase())
    .orderBy('sendPorts.name');
}

/** Send ports whose encryption certificate is this one. */
export async function sendPortsUsingCertificate(
  db: Executor,
  thumbprint: string,
): Promise<SendPortUsingCertificate[]> {
  return selectPortsUsing(db, thumbprint).execute();
}

/**
 * Send ports using the certificate that the given computer processes (it has a host instance of
 * their send handler): removing the certificate from that computer's store would break them.
 */
export async function sendPortsUsingCertificateProcessedOn(
  db: Executor,
  thumbprint: string,
  computerName: string,
): Promise<SendPortUsingCertificate[]> {
  return selectPortsUsing(db, thumbprint).where(isProcessedOn(db, computerName)).execute();
}
