import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../dialect';

/*
 * PostgreSQL only; SQLite has its own change mark (`PRAGMA data_version`) and a single writer.
 *
 * 1. Every table of the schema tells listeners when a statement changed it: a trigger on each changed
 *    row (and one on TRUNCATE) sends `pg_notify(<channel>, <table>)`, which PostgreSQL delivers when (and only if) the transaction
 *    commits, once per table and transaction. The API keeps sessions and port answers while no
 *    notification arrives (ADR 021). A trigger, not the writing code, so that every writer counts: the
 *    API, the CLI, a migration, an administrator's psql.
 * 2. The audit chain's append of one entry is one statement: a function that takes the chain's lock,
 *    reads the previous entry and inserts the new one, computing its hash from the canonical text the
 *    client prepared around the sequence number. The lock is then held for that statement's own work
 *    and COMMIT, instead of two more round trips to the client (ADR 021).
 */

/** The trigger (and its function) that notifies listeners of a change to a table. */
export const CHANGE_NOTIFY_TRIGGER = 'bts_console_changed';

/** Prefix of the notification channel; the schema's name follows (PostgreSQL keeps 63 bytes of it). */
export const CHANGE_CHANNEL_PREFIX = 'bts_console_';

/** The function that appends one entry to the audit chain in a single statement. */
export const AUDIT_APPEND_FUNCTION = 'audit_append_entry';

/** Tables of Kysely's own bookkeeping, which nothing reads to answer a request. */
const KYSELY_TABLES = /^kysely_/;

/** The trigger that notifies a TRUNCATE, which has no rows to fire a row trigger for. */
export const TRUNCATE_NOTIFY_TRIGGER = 'bts_console_truncated';

/**
 * Adds the change triggers to one table; a later migration that creates a table calls it too. Per row,
 * so that a statement that changes nothing (a purge with nothing to purge, a poll that finds nothing
 * due) tells nobody: each would otherwise empty what every process keeps. PostgreSQL sends one
 * notification per channel, payload and transaction however many rows fire it.
 */
export async function notifyChangesOf(db: Kysely<unknown>, table: string): Promise<void> {
  await sql
    .raw(
      `create trigger ${CHANGE_NOTIFY_TRIGGER} after insert or update or delete on "${table}" ` +
        `for each row execute function ${CHANGE_NOTIFY_TRIGGER}()`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger ${TRUNCATE_NOTIFY_TRIGGER} after truncate on "${table}" ` +
        `for each statement execute function ${CHANGE_NOTIFY_TRIGGER}()`,
    )
    .execute(db);
}

/** The tables of the current schema that the console itself uses (Kysely's own left out). */
export async function consoleTables(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = current_schema() order by tablename
  `.execute(db);
  return rows.map((row) => row.tablename).filter((table) => !KYSELY_TABLES.test(table));
}

export function changeNotificationsMigration(dialect: DatabaseDialect): Migration {
  if (dialect === 'sqlite') {
    return { async up() {}, async down() {} };
  }
  return {
    async up(db: Kysely<unknown>) {
      await sql
        .raw(
          `create function ${CHANGE_NOTIFY_TRIGGER}() returns trigger language plpgsql as $$ begin ` +
            `perform pg_notify(left('${CHANGE_CHANNEL_PREFIX}' || tg_table_schema, 63), tg_table_name); ` +
            `return null; end $$`,
        )
        .execute(db);
      for (const table of await consoleTables(db)) await notifyChangesOf(db, table);

      // The lock key is the one takeAdvisoryLock('audit') takes, so batch appends still serialise with it.
      // In READ COMMITTED each statement of a plpgsql function takes its own snapshot: the read of the
      // previous entry, after the lock is granted, sees every entry committed before.
      await sql
        .raw(
          `create function ${AUDIT_APPEND_FUNCTION}(
             p_at text, p_username text, p_client_address text, p_action text, p_target_type text,
             p_target text, p_before text, p_after text, p_batch_id text, p_reason text,
             p_canonical_head text, p_canonical_tail text, p_genesis text)
           returns table (entry_seq integer, entry_prev_hash text, entry_hash text, advisory_lock_waited_ms double precision)
           language plpgsql as $$
           declare
             v_started timestamptz := clock_timestamp();
             v_granted timestamptz;
             v_seq integer;
             v_prev_hash text;
             v_hash text;
           begin
             perform pg_advisory_xact_lock(72683, hashtext('bts-console.audit.' || current_schema()));
             v_granted := clock_timestamp();
             select e.seq, e.hash into v_seq, v_prev_hash from audit_entries e order by e.seq desc limit 1;
             v_seq := coalesce(v_seq, 0) + 1;
             v_prev_hash := coalesce(v_prev_hash, p_genesis);
             v_hash := encode(sha256(convert_to(
               v_prev_hash || p_canonical_head || v_seq::text || p_canonical_tail, 'UTF8')), 'hex');
             insert into audit_entries (seq, at, username, client_address, action, target_type, target,
               before, after, batch_id, reason, prev_hash, hash)
             values (v_seq, p_at, p_username, p_client_address, p_action, p_target_type, p_target,
               p_before, p_after, p_batch_id, p_reason, v_prev_hash, v_hash);
             return query select v_seq, v_prev_hash, v_hash,
               extract(epoch from v_granted - v_started)::double precision * 1000;
           end $$`,
        )
        .execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql.raw(`drop function if exists ${AUDIT_APPEND_FUNCTION}`).execute(db);
      for (const table of await consoleTables(db)) {
        await sql.raw(`drop trigger if exists ${CHANGE_NOTIFY_TRIGGER} on "${table}"`).execute(db);
        await sql.raw(`drop trigger if exists ${TRUNCATE_NOTIFY_TRIGGER} on "${table}"`).execute(db);
      }
      await sql.raw(`drop function if exists ${CHANGE_NOTIFY_TRIGGER}()`).execute(db);
    },
  };
}
