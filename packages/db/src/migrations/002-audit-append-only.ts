import { sql, type Kysely, type Migration } from 'kysely';
import type { DatabaseDialect } from '../dialect';

/** The message both dialects abort an UPDATE or DELETE of an audit entry with. */
export const AUDIT_APPEND_ONLY_MESSAGE = 'audit entries are append-only';

/** Name of the PostgreSQL trigger (and prefix of the two SQLite ones) that guards the audit log. */
export const AUDIT_APPEND_ONLY_TRIGGER = 'audit_entries_append_only';

/*
 * The hash chain detects tampering after the fact; these triggers stop the console itself (or a
 * slip in a future query) from rewriting history in the first place. Someone with DDL rights can
 * still drop them, which is why verification of the chain stays.
 */

/** Refuses every UPDATE and DELETE on audit_entries, on both dialects. */
export function auditAppendOnlyMigration(dialect: DatabaseDialect): Migration {
  if (dialect === 'sqlite') {
    return {
      async up(db: Kysely<unknown>) {
        for (const operation of ['update', 'delete'] as const) {
          await sql
            .raw(
              `create trigger ${AUDIT_APPEND_ONLY_TRIGGER}_${operation} before ${operation} on audit_entries ` +
                `begin select raise(abort, '${AUDIT_APPEND_ONLY_MESSAGE}'); end`,
            )
            .execute(db);
        }
      },
      async down(db: Kysely<unknown>) {
        for (const operation of ['update', 'delete'] as const) {
          await sql.raw(`drop trigger if exists ${AUDIT_APPEND_ONLY_TRIGGER}_${operation}`).execute(db);
        }
      },
    };
  }
  return {
    async up(db: Kysely<unknown>) {
      // Created in the first schema of the search path, next to the table it guards.
      await sql
        .raw(
          `create function ${AUDIT_APPEND_ONLY_TRIGGER}() returns trigger language plpgsql as $$ ` +
            `begin raise exception '${AUDIT_APPEND_ONLY_MESSAGE}' using errcode = 'insufficient_privilege'; end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${AUDIT_APPEND_ONLY_TRIGGER} before update or delete on audit_entries ` +
            `for each row execute function ${AUDIT_APPEND_ONLY_TRIGGER}()`,
        )
        .execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql.raw(`drop trigger if exists ${AUDIT_APPEND_ONLY_TRIGGER} on audit_entries`).execute(db);
      await sql.raw(`drop function if exists ${AUDIT_APPEND_ONLY_TRIGGER}()`).execute(db);
    },
  };
}
