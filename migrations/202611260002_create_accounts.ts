import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.text('username').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable();
    t.integer('partner_id').references('partners.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create unique index users_username_key on users (lower(username))');
  await knex.raw(`
    alter table users
      add constraint users_role check (role in ('admin', 'bureau', 'partner')),
      add constraint users_partner_by_role check ((role = 'partner') = (partner_id is not null));
  `);

  // Bearer tokens are stored as SHA-256 digests: a leaked table does not leak sessions.
  await knex.schema.createTable('sessions', (t) => {
    t.increments('id');
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.integer('user_id').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.index(['user_id']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.text('entity').notNullable();
    t.integer('entity_id').notNullable();
    t.text('action').notNullable();
    t.integer('user_id').references('users.id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('before');
    t.jsonb('after');
    t.index(['entity', 'entity_id', 'id']);
  });
  await knex.raw(`alter table audit_log add constraint audit_log_action check (action in ('create', 'update', 'delete'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['audit_log', 'sessions', 'users']) await knex.schema.dropTable(table);
}
