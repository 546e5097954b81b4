import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../dialect';

/*
 * Expiry alerts (DESIGN §13, docs/decisions/016). An alert is raised exactly once per certificate and
 * threshold however many API processes share the database: the unique key (thumbprint, threshold_days)
 * decides which insert wins, not a flag in one process. Each webhook attempt is a row of its own.
 */
export function alertsMigration(dialect: DatabaseDialect): Migration {
  const notNull = (col: ColumnDefinitionBuilder) => col.notNull();
  const id = (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey() : col.primaryKey().autoIncrement();
  const idType = dialect === 'postgres' ? 'serial' : 'integer';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('alerts')
        .addColumn('id', idType, id)
        .addColumn('thumbprint', 'text', notNull)
        // Days before Not After; 0 is the expiry itself.
        .addColumn('threshold_days', 'integer', notNull)
        .addColumn('event', 'text', (col) =>
          col.notNull().check(sql`event in ('certificate.expiring', 'certificate.expired')`),
        )
        .addColumn('raised_at', 'text', notNull)
        .addColumn('common_name', 'text')
        .addColumn('not_after', 'text', notNull)
        .addColumn('days_left', 'integer', notNull)
        .addColumn('send_ports', 'text', notNull)
        .addColumn('servers', 'text', notNull)
        // Crossed together with a nearer threshold: counts as raised, announces nothing.
        .addColumn('superseded', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('webhook_status', 'text', (col) =>
          col
            .notNull()
            .check(sql`webhook_status in ('not-configured', 'pending', 'delivered', 'failed', 'none')`),
        )
        .addColumn('webhook_url', 'text')
        .addColumn('next_attempt_at', 'text')
        // A process delivering the webhook holds the alert until then, so two never post it at once.
        .addColumn('lease_until', 'text')
        .execute();
      await db.schema
        .createIndex('alerts_certificate_threshold_unique')
        .on('alerts')
        .columns(['thumbprint', 'threshold_days'])
        .unique()
        .execute();
      await db.schema
        .createIndex('alerts_webhook_due')
        .on('alerts')
        .columns(['webhook_status', 'next_attempt_at'])
        .execute();

      await db.schema
        .createTable('alert_attempts')
        .addColumn('id', idType, id)
        .addColumn('alert_id', 'integer', (col) => col.notNull().references('alerts.id').onDelete('cascade'))
        .addColumn('at', 'text', notNull)
        .addColumn('outcome', 'text', (col) => col.notNull().check(sql`outcome in ('delivered', 'failed')`))
        .addColumn('response_code', 'integer')
        .addColumn('error', 'text')
        .execute();
      await db.schema
        .createIndex('alert_attempts_alert')
        .on('alert_attempts')
        .columns(['alert_id', 'id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('alert_attempts').execute();
      await db.schema.dropTable('alerts').execute();
    },
  };
}
