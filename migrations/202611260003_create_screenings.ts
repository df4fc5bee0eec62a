import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists btree_gist');
  // timestamptz + interval is only STABLE (a '1 day' interval depends on the zone); '3 hours' does
  // not, so this wrapper may honestly be IMMUTABLE, which an exclusion constraint requires.
  await knex.raw(`
    create function screening_slot(starts_at timestamptz) returns tstzrange
    language sql immutable parallel safe
    as $$ select tstzrange(starts_at, starts_at + interval '3 hours') $$
  `);

  await knex.schema.createTable('screenings', (t) => {
    t.increments('id');
    t.integer('village_id').notNullable().references('villages.id');
    t.integer('team_id').notNullable().references('teams.id');
    t.integer('film_id').references('films.id');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.text('status').notNullable().defaultTo('scheduled');
    t.integer('audience');
    t.text('cancel_reason');
    t.text('notes');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table screenings
      add constraint screenings_status check (status in ('scheduled', 'completed', 'cancelled')),
      add constraint screenings_audience_range check (audience between 0 and 1000000),
      add constraint screenings_completed_audience check (status <> 'completed' or audience is not null),
      add constraint screenings_cancelled_reason check (status <> 'cancelled' or cancel_reason is not null),
      -- One team, one screening per evening: two starts less than 3 hours apart clash unless one is cancelled.
      add constraint screenings_team_slot exclude using gist (team_id with =, screening_slot(starts_at) with &&)
        where (status <> 'cancelled')
  `);
  // The coverage queries scan one month of screenings and group them by village.
  await knex.raw('create index screenings_month on screenings (starts_at) include (village_id, status)');
  await knex.raw('create index screenings_village on screenings (village_id, starts_at)');
  await knex.raw('create index screenings_team on screenings (team_id, starts_at)');
  await knex.raw('create index villages_kind on villages (kind) include (township_id, retired_at)');

  // Idempotency-Key: scoped to the user; the first answer is replayed for a retry of the same body.
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.integer('user_id').notNullable().references('users.id');
    t.text('key').notNullable();
    t.text('request_hash').notNullable();
    t.integer('status_code');
    t.jsonb('response');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'key']);
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
  await knex.raw('drop index villages_kind');
  await knex.schema.dropTable('screenings');
  await knex.raw('drop function screening_slot(timestamptz)');
  // btree_gist stays: other objects of the database may use it.
}
