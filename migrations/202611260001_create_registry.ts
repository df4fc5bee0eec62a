import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('partners', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create unique index partners_name_key on partners (lower(name))');

  await knex.schema.createTable('townships', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('code').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table townships add constraint townships_code_format check (code ~ '^[0-9]{9}$')`);

  await knex.schema.createTable('villages', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.integer('township_id').notNullable().references('townships.id');
    t.text('kind').notNullable();
    t.integer('parent_id');
    t.text('code').unique();
    t.double('lat').notNullable();
    t.double('lng').notNullable();
    // Demo and guessed positions are flagged so the bureau knows to replace them with surveyed ones.
    t.boolean('position_approximate').notNullable().defaultTo(false);
    t.timestamp('retired_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['township_id']);
    t.index(['parent_id']);
  });
  // The parent rule lives in the schema: a natural village points at an administrative village of
  // the same township. The composite foreign key also stops an administrative village with children
  // from becoming natural or moving township (the update would orphan them).
  await knex.raw(`
    alter table villages
      add constraint villages_kind check (kind in ('administrative', 'natural')),
      add constraint villages_parent_by_kind check ((kind = 'natural') = (parent_id is not null)),
      add constraint villages_code_format check (code ~ '^[0-9]{12}$'),
      add constraint villages_lat_range check (lat between -90 and 90),
      add constraint villages_lng_range check (lng between -180 and 180),
      add column parent_kind text generated always as (case when parent_id is not null then 'administrative' end) stored,
      add constraint villages_id_township_kind unique (id, township_id, kind),
      add constraint villages_parent_fk foreign key (parent_id, township_id, parent_kind)
        references villages (id, township_id, kind) on update no action on delete no action
  `);

  await knex.schema.createTable('teams', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.integer('partner_id').notNullable().references('partners.id');
    t.integer('base_village_id').references('villages.id');
    t.text('phone');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['partner_id', 'name']);
  });

  await knex.schema.createTable('films', (t) => {
    t.increments('id');
    t.text('title').notNullable();
    t.text('category').notNullable();
    t.integer('minutes');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    alter table films
      add constraint films_category check (category in ('feature', 'science', 'other')),
      add constraint films_minutes_range check (minutes between 1 and 1000)
  `);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['films', 'teams', 'villages', 'townships', 'partners']) await knex.schema.dropTable(table);
}
