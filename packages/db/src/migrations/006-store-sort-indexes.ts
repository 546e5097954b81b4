import { sql, type Kysely, type Migration } from 'kysely';

/*
 * Select Certificate pages through a store in the order of a column. Without an index in that order the
 * database reads and sorts every row of the store before it can hand over the first page: 12 to 14 s
 * on a store of 100,000 certificates. With one, it reads the rows in order and stops after the page.
 * Each index holds exactly the expression the list orders by (repositories/certificates.ts), then the
 * thumbprint that breaks ties. The same statements serve SQLite and PostgreSQL.
 * See docs/decisions/014-certificate-paging.md.
 */
export const STORE_SORT_INDEXES = [
  {
    name: 'certificates_issued_to_order',
    definition: 'certificates ((lower(subject_common_name)), thumbprint)',
  },
  {
    name: 'certificates_issued_by_order',
    definition: 'certificates ((lower(issuer_common_name)), thumbprint)',
  },
  // With the other columns that say whether a port can use a certificate, so that counting the usable ones
  // reads this index alone and not the certificates' rows, each with its DER.
  {
    name: 'certificates_expiration_order',
    definition: 'certificates (not_after, thumbprint, not_before, key_usage)',
  },
  {
    name: 'store_certificates_friendly_name_order',
    definition: 'store_certificates (computer_id, (lower(friendly_name)), thumbprint)',
  },
] as const;

/** Adds the indexes that give each sort column of a store its order. */
export function storeSortIndexesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const index of STORE_SORT_INDEXES) {
        await sql.raw(`create index if not exists ${index.name} on ${index.definition}`).execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      for (const index of STORE_SORT_INDEXES) {
        await sql.raw(`drop index if exists ${index.name}`).execute(db);
      }
    },
  };
}
