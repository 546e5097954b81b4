import {
  sql,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type Migration,
} from 'kysely';
import type { DatabaseDialect } from '../dialect';

/*
 * One migration text for both dialects. Only two things differ and are chosen here:
 * generated integer ids (SQLite rowid alias vs serial) and binary columns (blob vs bytea).
 * Everything else is text/integer so queries behave alike on both.
 */

/** The whole model of DESIGN §2. */
export function initialSchemaMigration(dialect: DatabaseDialect): Migration {
  const binary = dialect === 'postgres' ? 'bytea' : 'blob';

  function withId<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
    return dialect === 'postgres'
      ? table.addColumn('id', 'serial', (col) => col.primaryKey())
      : table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
  }
  const notNull = (col: ColumnDefinitionBuilder) => col.notNull();

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('group_settings')
        .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
        .addColumn('name', 'text', notNull)
        .addColumn('sql_server', 'text', notNull)
        .addColumn('management_database', 'text', notNull)
        .addColumn('seeded_at', 'text')
        .execute();

      await withId(db.schema.createTable('computers'))
        .addColumn('name', 'text', notNull)
        .addColumn('role', 'text', (col) => col.notNull().check(sql`role in ('BizTalk Server', 'Console')`))
        .execute();
      await db.schema
        .createIndex('computers_name_unique')
        .on('computers')
        .unique()
        .expression(sql`lower(name)`)
        .execute();

      await db.schema
        .createTable('certificates')
        .addColumn('thumbprint', 'text', (col) => col.primaryKey())
        .addColumn('sha256', 'text', notNull)
        .addColumn('subject', 'text', notNull)
        .addColumn('subject_common_name', 'text')
        .addColumn('issuer', 'text', notNull)
        .addColumn('issuer_common_name', 'text')
        .addColumn('serial_number', 'text', notNull)
        .addColumn('not_before', 'text', notNull)
        .addColumn('not_after', 'text', notNull)
        .addColumn('key_usage', 'text')
        .addColumn('extended_key_usage', 'text')
        .addColumn('public_key_algorithm', 'text', notNull)
        .addColumn('public_key_size', 'integer')
        .addColumn('der', binary, notNull)
        .addColumn('first_seen_at', 'text', notNull)
        .execute();

      await db.schema
        .createTable('store_certificates')
        .addColumn('computer_id', 'integer', (col) =>
          col.notNull().references('computers.id').onDelete('cascade'),
        )
        .addColumn('thumbprint', 'text', (col) => col.notNull().references('certificates.thumbprint'))
        .addColumn('friendly_name', 'text')
        .addColumn('added_at', 'text', notNull)
        .addColumn('added_by', 'text', notNull)
        .addPrimaryKeyConstraint('store_certificates_pk', ['computer_id', 'thumbprint'])
        .execute();
      await db.schema
        .createIndex('store_certificates_thumbprint')
        .on('store_certificates')
        .column('thumbprint')
        .execute();

      await withId(db.schema.createTable('hosts'))
        .addColumn('name', 'text', notNull)
        .addColumn('type', 'text', (col) => col.notNull().check(sql`type in ('In-Process', 'Isolated')`))
        .addColumn('is_default', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('hosts_name_unique')
        .on('hosts')
        .unique()
        .expression(sql`lower(name)`)
        .execute();

      await withId(db.schema.createTable('host_instances'))
        .addColumn('host_id', 'integer', (col) => col.notNull().references('hosts.id').onDelete('cascade'))
        .addColumn('computer_id', 'integer', (col) =>
          col.notNull().references('computers.id').onDelete('cascade'),
        )
        .addColumn('state', 'text', (col) => col.notNull().check(sql`state in ('Running', 'Stopped')`))
        .addUniqueConstraint('host_instances_host_computer_unique', ['host_id', 'computer_id'])
        .execute();
      await db.schema
        .createIndex('host_instances_computer')
        .on('host_instances')
        .column('computer_id')
        .execute();

      await withId(db.schema.createTable('applications'))
        .addColumn('name', 'text', notNull)
        .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('is_system', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('applications_name_unique')
        .on('applications')
        .unique()
        .expression(sql`lower(name)`)
        .execute();

      await withId(db.schema.createTable('send_ports'))
        .addColumn('name', 'text', notNull)
        .addColumn('application_id', 'integer', (col) => col.notNull().references('applications.id'))
        .addColumn('kind', 'text', (col) =>
          col
            .notNull()
            .check(
              sql`kind in ('Static One-way', 'Static Solicit-Response', 'Dynamic One-way', 'Dynamic Solicit-Response')`,
            ),
        )
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('Bound', 'Stopped', 'Started')`),
        )
        .addColumn('transport_type', 'text', notNull)
        .addColumn('uri', 'text', notNull)
        .addColumn('send_handler_host_id', 'integer', (col) => col.references('hosts.id'))
        .addColumn('send_pipeline', 'text', notNull)
        .addColumn('receive_pipeline', 'text')
        .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('filter', 'text')
        .addColumn('transport_options', 'text', notNull)
        .addColumn('backup_transport', 'text')
        .addColumn('outbound_maps', 'text', notNull)
        .addColumn('tracking', 'text', notNull)
        .addColumn('certificate_thumbprint', 'text')
        .addColumn('certificate_common_name', 'text')
        .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
        .addColumn('changed_by', 'text', notNull)
        .addColumn('changed_at', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('send_ports_name_unique')
        .on('send_ports')
        .unique()
        .expression(sql`lower(name)`)
        .execute();
      await db.schema
        .createIndex('send_ports_application_name')
        .on('send_ports')
        .columns(['application_id', 'name'])
        .execute();
      await db.schema
        .createIndex('send_ports_certificate')
        .on('send_ports')
        .column('certificate_thumbprint')
        .execute();
      await db.schema
        .createIndex('send_ports_send_handler')
        .on('send_ports')
        .column('send_handler_host_id')
        .execute();

      await withId(db.schema.createTable('artifacts'))
        .addColumn('application_id', 'integer', (col) =>
          col.references('applications.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', notNull)
        .addColumn('name', 'text', notNull)
        .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
        .addColumn('properties', 'text', (col) => col.notNull().defaultTo('{}'))
        .execute();
      await db.schema
        .createIndex('artifacts_kind_application')
        .on('artifacts')
        .columns(['kind', 'application_id'])
        .execute();
      await db.schema.createIndex('artifacts_application').on('artifacts').column('application_id').execute();

      await withId(db.schema.createTable('users'))
        .addColumn('username', 'text', notNull)
        .addColumn('password_hash', 'text', notNull)
        .addColumn('roles', 'text', notNull)
        .addColumn('created_at', 'text', notNull)
        .addColumn('password_changed_at', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('users_username_unique')
        .on('users')
        .unique()
        .expression(sql`lower(username)`)
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', notNull)
        .addColumn('last_seen_at', 'text', notNull)
        .addColumn('client_address', 'text', notNull)
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await withId(db.schema.createTable('api_tokens'))
        .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', notNull)
        .addColumn('token_hash', 'text', (col) => col.notNull().unique())
        .addColumn('created_at', 'text', notNull)
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

      await withId(db.schema.createTable('sign_in_attempts'))
        .addColumn('username', 'text', notNull)
        .addColumn('client_address', 'text', notNull)
        .addColumn('at', 'text', notNull)
        .addColumn('succeeded', 'integer', notNull)
        .execute();
      await db.schema
        .createIndex('sign_in_attempts_username_at')
        .on('sign_in_attempts')
        .columns(['username', 'at'])
        .execute();
      await db.schema
        .createIndex('sign_in_attempts_address_at')
        .on('sign_in_attempts')
        .columns(['client_address', 'at'])
        .execute();

      await db.schema
        .createTable('audit_entries')
        .addColumn('seq', 'integer', (col) => col.primaryKey())
        .addColumn('at', 'text', notNull)
        .addColumn('username', 'text', notNull)
        .addColumn('client_address', 'text', notNull)
        .addColumn('action', 'text', notNull)
        .addColumn('target_type', 'text', notNull)
        .addColumn('target', 'text', notNull)
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('batch_id', 'text', notNull)
        .addColumn('reason', 'text')
        .addColumn('prev_hash', 'text', notNull)
        .addColumn('hash', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('audit_entries_target')
        .on('audit_entries')
        .columns(['target', 'seq'])
        .execute();
      await db.schema
        .createIndex('audit_entries_username')
        .on('audit_entries')
        .columns(['username', 'seq'])
        .execute();
      await db.schema.createIndex('audit_entries_at').on('audit_entries').column('at').execute();

      await db.schema
        .createTable('message_instances')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('send_port_id', 'integer', (col) =>
          col.notNull().references('send_ports.id').onDelete('cascade'),
        )
        .addColumn('server_computer_id', 'integer', (col) =>
          col.references('computers.id').onDelete('set null'),
        )
        .addColumn('status', 'text', (col) =>
          col.notNull().check(sql`status in ('Delivered', 'Suspended (resumable)', 'Terminated')`),
        )
        .addColumn('error', 'text')
        .addColumn('message', binary, notNull)
        .addColumn('output', binary)
        .addColumn('encrypted', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('created_at', 'text', notNull)
        .addColumn('updated_at', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('message_instances_status_port')
        .on('message_instances')
        .columns(['status', 'send_port_id'])
        .execute();
      await db.schema
        .createIndex('message_instances_port')
        .on('message_instances')
        .column('send_port_id')
        .execute();

      await withId(db.schema.createTable('event_log_entries'))
        .addColumn('at', 'text', notNull)
        .addColumn('computer_id', 'integer', (col) =>
          col.notNull().references('computers.id').onDelete('cascade'),
        )
        .addColumn('level', 'text', (col) =>
          col.notNull().check(sql`level in ('Error', 'Warning', 'Information')`),
        )
        .addColumn('source', 'text', notNull)
        .addColumn('event_id', 'integer', notNull)
        .addColumn('text', 'text', notNull)
        .execute();
      await db.schema
        .createIndex('event_log_entries_computer_at')
        .on('event_log_entries')
        .columns(['computer_id', 'at'])
        .execute();
    },

    async down(db: Kysely<unknown>) {
      for (const table of [
        'event_log_entries',
        'message_instances',
        'audit_entries',
        'sign_in_attempts',
        'api_tokens',
        'sessions',
        'users',
        'artifacts',
        'send_ports',
        'applications',
        'host_instances',
        'hosts',
        'store_certificates',
        'certificates',
        'computers',
        'group_settings',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
