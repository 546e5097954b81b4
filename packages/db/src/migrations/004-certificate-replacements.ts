import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../dialect';

/*
 * Replacements of a certificate scheduled for a time (DESIGN §12). A row is pending until the scheduler
 * claims it with one conditional UPDATE (`status = 'pending'`), so that of several API processes on one
 * database exactly one carries it out. The same text on both dialects.
 */
export function certificateReplacementsMigration(_dialect: DatabaseDialect): Migration {
  const notNull = (col: ColumnDefinitionBuilder) => col.notNull();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('certificate_replacements')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('from_thumbprint', 'text', notNull)
        .addColumn('to_thumbprint', 'text', notNull)
        .addColumn('at', 'text', notNull)
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('pending', 'running', 'done', 'failed', 'cancelled')`),
        )
        .addColumn('ports', 'text', notNull)
        .addColumn('acknowledge_missing_on', 'text', notNull)
        .addColumn('acknowledge_not_yet_valid', 'integer', notNull)
        .addColumn('reason', 'text')
        .addColumn('created_by', 'text', notNull)
        .addColumn('created_at', 'text', notNull)
        .addColumn('finished_at', 'text')
        .addColumn('cancelled_by', 'text')
        .addColumn('batch_id', 'text')
        .addColumn('failure', 'text')
        .execute();
      // The scheduler asks for the pending ones that are due.
      await db.schema
        .createIndex('certificate_replacements_status_at')
        .on('certificate_replacements')
        .columns(['status', 'at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('certificate_replacements').execute();
    },
  };
}
