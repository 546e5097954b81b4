import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../dialect';

/*
 * PostgreSQL: the order of Issued To again, holding every column of a certificate that a store search's walk
 * judges a row by (its names, its thumbprint, and what says whether a port can use it). A search whose term is
 * too common to read its candidates walks this order; with these columns in the index, each walked row is
 * judged from the index alone (an index-only scan, once VACUUM has marked the table's pages all-visible) instead
 * of from the certificate's row, DER included, and only the rows that may match are looked up in the store.
 * SQLite keeps its plans (ADR 020): it has no INCLUDE, and this migration changes nothing there.
 * See docs/decisions/028-late-dense-terms-walked-from-the-index.md.
 */
export const STORE_SEARCH_COVERING_INDEX = 'certificates_issued_to_search';

export function storeSearchCoveringIndexMigration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql
        .raw(
          `create index if not exists ${STORE_SEARCH_COVERING_INDEX} on certificates ` +
            `((lower(subject_common_name)), thumbprint) ` +
            `include (subject_common_name, issuer_common_name, not_before, not_after, key_usage)`,
        )
        .execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql.raw(`drop index if exists ${STORE_SEARCH_COVERING_INDEX}`).execute(db);
    },
  };
}
