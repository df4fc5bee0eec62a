import type { Knex } from 'knex';

// Counters for public routes (the villagers' confirmations), kept in the database so that several
// servers on one database count together: one row a bucket, client key and fixed window, bumped by
// an upsert. A client is never stored as it came: its key is a hash salted with a secret made
// here, once per database (so every server salts alike, and a leaked table names no address).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table rate_limits (
      bucket text not null,
      key text not null,
      window_start timestamptz not null,
      count integer not null,
      primary key (bucket, key, window_start)
    )
  `);
  await knex.raw('create index rate_limits_window_start on rate_limits (window_start)');
  await knex.raw('create table app_secrets (name text primary key, value text not null)');
  // 244 random bits from two random UUIDs (gen_random_uuid is core since PostgreSQL 13, and in PGlite).
  await knex.raw(`insert into app_secrets (name, value) values ('client_key_salt', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table app_secrets');
  await knex.raw('drop table rate_limits');
}
