import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../dialect';

/*
 * PostgreSQL: each store row holds what a store search's walk judges it by, so that a term whose matches lie late
 * in the order of Issued To walks this computer's own rows in that order, each judged from one index entry by one
 * LIKE, instead of every certificate with this store's matching friendly names in a hash (ADR 028):
 * - `search_issued_to` is the certificate's lower(subject_common_name), the expression the store is sorted by;
 * - `search_text` is the lowered Issued To, Issued By, friendly name and thumbprint, joined by U+0001. Each is lowered
 *   on its own, so the text holds each lowered name as it is; a term that matches one of them matches the text, and
 *   a term without U+0001 matches nothing else. The text only proposes rows: the search's own predicate decides.
 * A trigger fills both on every store row written, reading the certificate (which the foreign key says exists), and
 * a second one follows a certificate whose names change (they never do: a certificate is recorded once per
 * thumbprint). The index walks one computer's rows in the order of Issued To holding the text: an index-only scan
 * once VACUUM has marked the pages all-visible. SQLite keeps its plans (ADR 020): nothing changes there.
 * See docs/decisions/031-store-rows-hold-their-search-text.md.
 */
export const STORE_SEARCH_ORDER_INDEX = 'store_certificates_issued_to_search';

/** A function that keeps the query naming it from parallel workers (see UP). */
export const STORE_SEARCH_SERIAL = 'store_search_serial';

/** The text a store row is searched by, from the certificate `c` and the store row `s`. */
const SEARCH_TEXT = (c: string, s: string) =>
  [`${c}.subject_common_name`, `${c}.issuer_common_name`, `${s}.friendly_name`, `${s}.thumbprint`]
    .map((column) => `coalesce(lower(${column}), '')`)
    .join(` || chr(1) || `);

const UP = [
  `alter table store_certificates add column if not exists search_issued_to text`,
  `alter table store_certificates add column if not exists search_text text`,
  // The rows already there, before the trigger exists (it would read each certificate once more).
  `update store_certificates s set search_issued_to = lower(c.subject_common_name), search_text = ${SEARCH_TEXT('c', 's')}
   from certificates c where c.thumbprint = s.thumbprint`,
  `create or replace function store_certificates_search_row() returns trigger language plpgsql as $$
   begin
     select lower(c.subject_common_name), ${SEARCH_TEXT('c', 'new')}
       into new.search_issued_to, new.search_text
       from certificates c where c.thumbprint = new.thumbprint;
     return new;
   end $$`,
  // Writing the store rows again has the trigger above set their columns from the certificate as it now is.
  `create or replace function store_certificates_search_certificate() returns trigger language plpgsql as $$
   begin
     update store_certificates s set thumbprint = s.thumbprint where s.thumbprint in (old.thumbprint, new.thumbprint);
     return null;
   end $$`,
  // Any write of a store row sets the columns again, whatever it wrote: they cannot be written apart from it.
  `create trigger store_certificates_search_row before insert or update on store_certificates
   for each row execute function store_certificates_search_row()`,
  `create trigger store_certificates_search_certificate
   after update of thumbprint, subject_common_name, issuer_common_name on certificates
   for each row execute function store_certificates_search_certificate()`,
  // One computer's rows in the order of Issued To, each with what the walk's predicate reads of the store row.
  `create index if not exists ${STORE_SEARCH_ORDER_INDEX}
   on store_certificates (computer_id, search_issued_to, thumbprint) include (search_text, friendly_name)`,
  // A walk run by parallel workers took 80 to 137 ms where one process took 16 to 19 (ADR 031). A query that
  // names this function is planned without them; it is inlined to true before it runs.
  `create or replace function ${STORE_SEARCH_SERIAL}() returns boolean language sql immutable parallel unsafe
   as 'select true'`,
];

const DOWN = [
  `drop function if exists ${STORE_SEARCH_SERIAL}()`,
  `drop trigger if exists store_certificates_search_certificate on certificates`,
  `drop trigger if exists store_certificates_search_row on store_certificates`,
  `drop function if exists store_certificates_search_certificate()`,
  `drop function if exists store_certificates_search_row()`,
  `drop index if exists ${STORE_SEARCH_ORDER_INDEX}`,
  `alter table store_certificates drop column if exists search_text`,
  `alter table store_certificates drop column if exists search_issued_to`,
];

export function storeSearchColumnsMigration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      for (const statement of UP) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      for (const statement of DOWN) await sql.raw(statement).execute(db);
    },
  };
}
