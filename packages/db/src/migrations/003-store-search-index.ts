import { sql, type Kysely, type Migration, type QueryExecutorProvider } from 'kysely';
import type { DatabaseDialect } from '../dialect';

/*
 * The Select Certificate dialog searches a store by substring of Issued To, Issued By, friendly name
 * or thumbprint: `lower(column) LIKE '%term%'`, which no B-tree index serves. This migration adds an
 * index of trigrams on each dialect. The query keeps its exact LIKE predicate; the index only narrows
 * the rows that predicate is tried on, so results stay exactly what they were (see
 * docs/decisions/005-store-search-index.md).
 */

/** SQLite: the FTS5 table of trigrams, one row per store row (contentless: it keeps no copy of the text). */
export const STORE_SEARCH_TABLE = 'store_certificate_search';

/**
 * SQLite: the FTS5 rowid of each store row. store_certificates has a composite primary key, so its own
 * rowid is not stable (VACUUM may renumber it); this table's `id` is a rowid alias, which VACUUM keeps.
 */
export const STORE_SEARCH_IDS_TABLE = 'store_certificate_search_ids';

/**
 * SQLite: the ids of one computer's store rows lie in [computer id × this, (computer id + 1) × this),
 * so that a search asks FTS5 for one store's rowids only and never decodes the other stores' matches.
 */
export const STORE_SEARCH_IDS_PER_COMPUTER = 2 ** 32;

/** PostgreSQL: the pg_trgm GIN indexes, on exactly the expressions the search compares. */
export const STORE_SEARCH_TRIGRAM_INDEXES = [
  { name: 'certificates_subject_common_name_trgm', table: 'certificates', column: 'subject_common_name' },
  { name: 'certificates_issuer_common_name_trgm', table: 'certificates', column: 'issuer_common_name' },
  { name: 'certificates_thumbprint_trgm', table: 'certificates', column: 'thumbprint' },
  { name: 'store_certificates_friendly_name_trgm', table: 'store_certificates', column: 'friendly_name' },
] as const;

export const TRIGRAM_EXTENSION = 'pg_trgm';

/** Whether store search reads an index, and if not, why and what an operator can do. */
export type StoreSearchIndexStatus = { indexed: true } | { indexed: false; reason: string };

/** Adds the trigram index of store search: FTS5 kept in step by triggers on SQLite, pg_trgm on PostgreSQL. */
export function storeSearchIndexMigration(dialect: DatabaseDialect): Migration {
  if (dialect === 'sqlite') {
    return {
      async up(db: Kysely<unknown>) {
        // Kysely runs SQLite migrations outside a transaction; half an index would fail the next start.
        await db.transaction().execute(async (trx) => {
          for (const statement of SQLITE_UP) await sql.raw(statement).execute(trx);
        });
      },
      async down(db: Kysely<unknown>) {
        for (const statement of SQLITE_DOWN) await sql.raw(statement).execute(db);
      },
    };
  }
  return {
    async up(db: Kysely<unknown>) {
      // Never fails the migration: without pg_trgm the search is the same, only unindexed, and the
      // server says so when it starts (and builds the indexes on a later start once pg_trgm is there).
      await createTrigramIndexes(db);
    },
    async down(db: Kysely<unknown>) {
      // The extension stays: other schemas of the database may use it.
      for (const index of STORE_SEARCH_TRIGRAM_INDEXES) {
        await sql.raw(`drop index if exists ${index.name}`).execute(db);
      }
    },
  };
}

/* ---------------------------------------------------------------- SQLite: FTS5 with triggers */

const TRIGGER = `${STORE_SEARCH_TABLE}_after`;
const TRIGGER_EVENTS = [
  'store_insert',
  'store_update',
  'store_delete',
  'certificate_insert',
  'certificate_update',
  'certificate_delete',
] as const;
const FTS_COLUMNS = 'issued_to, issued_by, friendly_name, thumbprint';

/** Removes the index row of one store row, if it has one. */
function forgetStoreRow(computerId: string, thumbprint: string): string {
  return (
    `delete from ${STORE_SEARCH_TABLE} where rowid in (select id from ${STORE_SEARCH_IDS_TABLE} ` +
    `where computer_id = ${computerId} and thumbprint = ${thumbprint}); ` +
    `delete from ${STORE_SEARCH_IDS_TABLE} where computer_id = ${computerId} and thumbprint = ${thumbprint};`
  );
}

/** Indexes one store row with its certificate's names (null names when the certificate is not there yet). */
function indexStoreRow(computerId: string, thumbprint: string, friendlyName: string): string {
  return (
    `insert into ${STORE_SEARCH_IDS_TABLE} (id, computer_id, thumbprint) values ((` +
    `select coalesce(max(id) + 1, ${computerId} * ${STORE_SEARCH_IDS_PER_COMPUTER}) from ${STORE_SEARCH_IDS_TABLE} ` +
    `where id >= ${computerId} * ${STORE_SEARCH_IDS_PER_COMPUTER} and id < (${computerId} + 1) * ${STORE_SEARCH_IDS_PER_COMPUTER}` +
    `), ${computerId}, ${thumbprint}); ` +
    `insert into ${STORE_SEARCH_TABLE} (rowid, ${FTS_COLUMNS}) ` +
    `select ids.id, c.subject_common_name, c.issuer_common_name, ${friendlyName}, ids.thumbprint ` +
    `from ${STORE_SEARCH_IDS_TABLE} ids left join certificates c on c.thumbprint = ids.thumbprint ` +
    `where ids.computer_id = ${computerId} and ids.thumbprint = ${thumbprint};`
  );
}

/** Re-indexes every store row of one certificate, after its names changed. */
function reindexCertificate(thumbprint: string): string {
  const rows =
    `from store_certificates sc join ${STORE_SEARCH_IDS_TABLE} ids ` +
    `on ids.computer_id = sc.computer_id and ids.thumbprint = sc.thumbprint`;
  return (
    `delete from ${STORE_SEARCH_TABLE} where rowid in (select ids.id ${rows} where sc.thumbprint = ${thumbprint}); ` +
    `insert into ${STORE_SEARCH_TABLE} (rowid, ${FTS_COLUMNS}) ` +
    `select ids.id, c.subject_common_name, c.issuer_common_name, sc.friendly_name, sc.thumbprint ${rows} ` +
    `left join certificates c on c.thumbprint = sc.thumbprint where sc.thumbprint = ${thumbprint};`
  );
}

const SQLITE_UP = [
  `create table ${STORE_SEARCH_IDS_TABLE} (id integer primary key, computer_id integer not null, thumbprint text not null)`,
  `create unique index ${STORE_SEARCH_IDS_TABLE}_key on ${STORE_SEARCH_IDS_TABLE} (computer_id, thumbprint)`,
  // case_sensitive 0 folds case in the index and in the query alike; LIKE folds only ASCII, so
  // everything LIKE matches the index matches too (the index may match more; LIKE then decides).
  // detail=none keeps only which rows hold a trigram, not where: a fifth of the size of the full
  // index, and the query asks for every trigram of the term, which is still all that a substring needs.
  `create virtual table ${STORE_SEARCH_TABLE} using fts5(${FTS_COLUMNS}, ` +
    `content='', contentless_delete=1, detail=none, tokenize='trigram case_sensitive 0')`,
  // The rows already there.
  `insert into ${STORE_SEARCH_IDS_TABLE} (id, computer_id, thumbprint) ` +
    `select computer_id * ${STORE_SEARCH_IDS_PER_COMPUTER} + row_number() over (partition by computer_id) - 1, ` +
    `computer_id, thumbprint from store_certificates`,
  `insert into ${STORE_SEARCH_TABLE} (rowid, ${FTS_COLUMNS}) ` +
    `select ids.id, c.subject_common_name, c.issuer_common_name, sc.friendly_name, ids.thumbprint ` +
    `from ${STORE_SEARCH_IDS_TABLE} ids ` +
    `join store_certificates sc on sc.computer_id = ids.computer_id and sc.thumbprint = ids.thumbprint ` +
    `left join certificates c on c.thumbprint = ids.thumbprint`,
  // Triggers, so that every writer stays indexed: the repositories, the demo seed, bulk inserts.
  // An insert first forgets any row of the same key, so INSERT OR REPLACE (whose implied delete
  // fires no trigger) cannot leave a stale row behind.
  `create trigger ${TRIGGER}_store_insert after insert on store_certificates begin ` +
    `${forgetStoreRow('new.computer_id', 'new.thumbprint')} ` +
    `${indexStoreRow('new.computer_id', 'new.thumbprint', 'new.friendly_name')} end`,
  `create trigger ${TRIGGER}_store_update after update of computer_id, thumbprint, friendly_name ` +
    `on store_certificates begin ` +
    `${forgetStoreRow('old.computer_id', 'old.thumbprint')} ` +
    `${forgetStoreRow('new.computer_id', 'new.thumbprint')} ` +
    `${indexStoreRow('new.computer_id', 'new.thumbprint', 'new.friendly_name')} end`,
  `create trigger ${TRIGGER}_store_delete after delete on store_certificates begin ` +
    `${forgetStoreRow('old.computer_id', 'old.thumbprint')} end`,
  // A certificate row is normally written before its store rows and never renamed, but the index
  // must not depend on it (foreign keys may be off for a bulk load).
  `create trigger ${TRIGGER}_certificate_insert after insert on certificates begin ` +
    `${reindexCertificate('new.thumbprint')} end`,
  `create trigger ${TRIGGER}_certificate_update ` +
    `after update of thumbprint, subject_common_name, issuer_common_name on certificates begin ` +
    `${reindexCertificate('old.thumbprint')} ${reindexCertificate('new.thumbprint')} end`,
  `create trigger ${TRIGGER}_certificate_delete after delete on certificates begin ` +
    `${reindexCertificate('old.thumbprint')} end`,
];

const SQLITE_DOWN = [
  ...TRIGGER_EVENTS.map((event) => `drop trigger if exists ${TRIGGER}_${event}`),
  `drop table if exists ${STORE_SEARCH_TABLE}`,
  `drop table if exists ${STORE_SEARCH_IDS_TABLE}`,
];

/* ------------------------------------------------------------------ PostgreSQL: pg_trgm */

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Creates the GIN trigram indexes of store search in the current schema, creating the pg_trgm
 * extension in `public` when the database has none. An extension belongs to one schema and is
 * dropped with it, so it is never created in the application's own schema (a test schema, dropped
 * with CASCADE, would take every other schema's indexes with it); its operator class is named with
 * its schema, since that schema need not be on the search path. Everything happens under a savepoint:
 * when the extension is missing or may not be created, nothing changes and the reason is returned.
 * `extension` is only ever changed by tests, to play a server without contrib.
 */
export async function createTrigramIndexes(
  db: QueryExecutorProvider,
  extension: string = TRIGRAM_EXTENSION,
): Promise<StoreSearchIndexStatus> {
  await sql`savepoint store_search_index`.execute(db);
  try {
    let schema = await extensionSchema(db, extension);
    if (schema === null) {
      // Schemas migrate side by side (each under its own migration lock); the extension is one per
      // database, so its creation takes the database's lock that takeAdvisoryLock('store-search') takes, and whoever
      // waited finds it created.
      await sql`select pg_advisory_xact_lock(72683, hashtext('bts-console.store-search'))`.execute(db);
      schema = await extensionSchema(db, extension);
    }
    if (schema === null) {
      await sql.raw(`create extension if not exists ${quoteIdentifier(extension)} schema public`).execute(db);
      schema = await extensionSchema(db, extension);
      if (schema === null) throw new Error(`the ${extension} extension was created but cannot be found`);
    }
    const operatorClass = `${quoteIdentifier(schema)}.gin_trgm_ops`;
    // fastupdate off: certificates arrive one import at a time, while a pending list (merged into the
    // index only by vacuum, or once it outgrows gin_pending_list_limit) is read in full by every search,
    // and its size misleads the planner into reading the tables whole.
    for (const index of STORE_SEARCH_TRIGRAM_INDEXES) {
      await sql
        .raw(
          `create index if not exists ${index.name} on ${index.table} ` +
            `using gin (lower(${index.column}) ${operatorClass}) with (fastupdate = off)`,
        )
        .execute(db);
    }
    // Statistics of the indexed expressions, so that the planner knows at once when a term is too common
    // to look up. Not on empty tables: "empty" statistics would make PostgreSQL plan a bulk load's
    // foreign-key checks as scans, which the load would then pay for with every row.
    const rows = await sql<{
      present: boolean;
    }>`select exists (select 1 from store_certificates) as present`.execute(db);
    if (rows.rows[0]?.present) await sql`analyze certificates, store_certificates`.execute(db);
    await sql`release savepoint store_search_index`.execute(db);
    return { indexed: true };
  } catch (error) {
    await sql`rollback to savepoint store_search_index`.execute(db);
    await sql`release savepoint store_search_index`.execute(db);
    return { indexed: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

async function extensionSchema(db: QueryExecutorProvider, extension: string): Promise<string | null> {
  const result = await sql<{ schema: string }>`
    select n.nspname as schema from pg_catalog.pg_extension e
    join pg_catalog.pg_namespace n on n.oid = e.extnamespace
    where e.extname = ${extension}`.execute(db);
  return result.rows[0]?.schema ?? null;
}

/** Names of the store-search trigram indexes missing from the current schema. */
export async function missingTrigramIndexes(db: QueryExecutorProvider): Promise<string[]> {
  const result = await sql<{ name: string }>`
    select c.relname as name from pg_catalog.pg_class c
    join pg_catalog.pg_index i on i.indexrelid = c.oid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and i.indisvalid`.execute(db);
  const present = new Set(result.rows.map((row) => row.name));
  return STORE_SEARCH_TRIGRAM_INDEXES.map((index) => index.name).filter((name) => !present.has(name));
}
