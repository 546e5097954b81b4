import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../dialect';

/*
 * Two additions to the certificate lifecycle (docs/decisions/023):
 * - a scheduled replacement may switch only the ports it lists (`only_listed_ports`), which is how one
 *   port's change of certificate is scheduled while other ports keep the old one;
 * - a scheduled replacement that fails when it runs raises an alert. Such an alert names its replacement
 *   (`replacement_id`, unique, so it is raised once) and says why (`replacement_failure`: JSON with the
 *   successor, the time and the refusal); the key of the expiry alerts,
 *   one per certificate and threshold, now applies to the expiry alerts only.
 * PostgreSQL alters the constraint in place; SQLite cannot change a CHECK, so it builds `alerts` again
 * with the same rows and ids, and `alert_attempts` (which references it) with them.
 */
const EVENTS = `'certificate.expiring', 'certificate.expired', 'certificate.replacement-failed'`;

export function replacementScopeAndAlertsMigration(dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`alter table certificate_replacements add column only_listed_ports integer not null default 0`.execute(
        db,
      );
      if (dialect === 'postgres') {
        await sql`alter table alerts drop constraint if exists alerts_event_check`.execute(db);
        await sql
          .raw(`alter table alerts add constraint alerts_event_check check (event in (${EVENTS}))`)
          .execute(db);
        await sql`alter table alerts add column replacement_id text`.execute(db);
        await sql`alter table alerts add column replacement_failure text`.execute(db);
        await sql`drop index alerts_certificate_threshold_unique`.execute(db);
      } else {
        await sql`create table alert_attempts_copy as select * from alert_attempts`.execute(db);
        await sql`drop table alert_attempts`.execute(db);
        await sql
          .raw(
            `create table alerts_rebuilt (
              id integer primary key autoincrement,
              thumbprint text not null,
              threshold_days integer not null,
              event text not null check (event in (${EVENTS})),
              raised_at text not null,
              common_name text,
              not_after text not null,
              days_left integer not null,
              send_ports text not null,
              servers text not null,
              superseded integer not null default 0,
              webhook_status text not null
                check (webhook_status in ('not-configured', 'pending', 'delivered', 'failed', 'none')),
              webhook_url text,
              next_attempt_at text,
              lease_until text,
              replacement_id text,
              replacement_failure text
            )`,
          )
          .execute(db);
        const columns = `id, thumbprint, threshold_days, event, raised_at, common_name, not_after, days_left,
          send_ports, servers, superseded, webhook_status, webhook_url, next_attempt_at, lease_until`;
        await sql.raw(`insert into alerts_rebuilt (${columns}) select ${columns} from alerts`).execute(db);
        await sql`drop table alerts`.execute(db);
        await sql`alter table alerts_rebuilt rename to alerts`.execute(db);
        await sql`create index alerts_webhook_due on alerts (webhook_status, next_attempt_at)`.execute(db);
        await sql`create table alert_attempts (
            id integer primary key autoincrement,
            alert_id integer not null references alerts (id) on delete cascade,
            at text not null,
            outcome text not null check (outcome in ('delivered', 'failed')),
            response_code integer,
            error text
          )`.execute(db);
        await sql`insert into alert_attempts (id, alert_id, at, outcome, response_code, error)
          select id, alert_id, at, outcome, response_code, error from alert_attempts_copy`.execute(db);
        await sql`drop table alert_attempts_copy`.execute(db);
        await sql`create index alert_attempts_alert on alert_attempts (alert_id, id)`.execute(db);
      }
      await sql`create unique index alerts_certificate_threshold_unique on alerts (thumbprint, threshold_days)
        where replacement_id is null`.execute(db);
      await sql`create unique index alerts_replacement_unique on alerts (replacement_id)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`delete from alerts where replacement_id is not null`.execute(db);
      await sql`drop index alerts_replacement_unique`.execute(db);
      await sql`drop index alerts_certificate_threshold_unique`.execute(db);
      await sql`create unique index alerts_certificate_threshold_unique on alerts (thumbprint, threshold_days)`.execute(
        db,
      );
      await sql`alter table alerts drop column replacement_failure`.execute(db);
      await sql`alter table alerts drop column replacement_id`.execute(db);
      await sql`alter table certificate_replacements drop column only_listed_ports`.execute(db);
    },
  };
}
