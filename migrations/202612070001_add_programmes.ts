import type { Knex } from 'knex';

// DOMAIN.md "Films and programmes".
//
// - films: the national catalogue's fields — six categories, year, catalogue code (unique when
//   given), licence window (dates, inclusive, either end open), themes, retirement.
// - screenings.programme: the ordered films a screening shows (up to 6, distinct; empty while not
//   yet chosen). An array, not a join table: a programme is read and written whole with its
//   screening, in the same row, under the same version and lock. Its films must exist and a film
//   in a programme cannot be deleted (the triggers below stand in for the foreign key an array
//   cannot carry). `film_id` becomes the programme's first film, generated from it, so that what
//   read it (the audit, reports, older clients) keeps reading the same thing.
// - screenings.repeat_reason: why a film repeats in a unit within 365 days (the no-repeat rule's
//   override), stored and reported.
// - campaigns: films every unit of an area should be shown over a span of months.
// - area_targets: the yearly shares of science and new films an area aims at, inherited downward.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table films
      drop constraint films_category,
      add constraint films_category check (category in ('feature', 'science', 'documentary', 'opera', 'children', 'other')),
      add column year integer,
      add column code text,
      add column available_from date,
      add column available_to date,
      add column themes text[] not null default '{}',
      add column retired_at timestamptz,
      add constraint films_year_range check (year between 1900 and 2100),
      add constraint films_code_blank check (code is null or btrim(code) <> ''),
      add constraint films_available_order check (available_from is null or available_to is null or available_from <= available_to)
  `);
  await knex.raw('create unique index films_code_unique on films (code) where code is not null');
  await knex.raw('create index films_title_year on films (lower(title), year)');

  // Distinct, at most 6, no nulls: a CHECK cannot hold a subquery, so an immutable function does the counting.
  await knex.raw(`
    create function programme_ok(p integer[]) returns boolean language sql immutable as $$
      select coalesce(cardinality(p), 0) <= 6 and array_position(p, null) is null
         and (select count(distinct x) from unnest(p) x) = coalesce(cardinality(p), 0)
    $$
  `);
  await knex.raw(`alter table screenings add column programme integer[] not null default '{}', add column repeat_reason text`);
  await knex.raw(`update screenings set programme = array[film_id] where film_id is not null`);
  await knex.raw(`alter table screenings drop column film_id`);
  await knex.raw(`alter table screenings add column film_id integer generated always as (programme[1]) stored references films (id)`);
  await knex.raw(`
    alter table screenings
      add constraint screenings_programme check (programme_ok(programme)),
      add constraint screenings_repeat_reason_blank check (repeat_reason is null or btrim(repeat_reason) <> '')
  `);
  await knex.raw('create index screenings_programme on screenings using gin (programme)');
  await knex.raw(`
    create function screening_programme_films() returns trigger language plpgsql as $$
    declare missing integer;
    begin
      select x into missing from unnest(new.programme) x where not exists (select 1 from films f where f.id = x) limit 1;
      if missing is not null then
        raise foreign_key_violation using message = format('film %s of the programme does not exist', missing),
          constraint = 'screenings_programme_film';
      end if;
      return new;
    end
    $$
  `);
  await knex.raw(`create trigger screenings_programme_films before insert or update of programme on screenings
    for each row when (cardinality(new.programme) > 0) execute function screening_programme_films()`);
  await knex.raw(`
    create function film_in_programme() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from screenings where programme @> array[old.id]) then
        raise foreign_key_violation using message = format('film %s is in a screening''s programme', old.id),
          constraint = 'screenings_programme_film';
      end if;
      return old;
    end
    $$
  `);
  await knex.raw('create trigger films_in_programme before delete on films for each row execute function film_in_programme()');

  await knex.raw(`
    create table campaigns (
      id serial primary key,
      name text not null check (btrim(name) <> ''),
      area_id integer references areas (id),
      film_ids integer[] not null check (cardinality(film_ids) between 1 and 50),
      from_month text not null check (from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      to_month text not null check (to_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      created_by integer references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint campaigns_span check (from_month <= to_month)
    )
  `);
  await knex.raw('create index campaigns_area on campaigns (area_id)');

  await knex.raw(`
    create table area_targets (
      area_id integer not null references areas (id) on delete cascade,
      year integer not null check (year between 2000 and 2100),
      science_share numeric check (science_share between 0 and 1),
      new_film_share numeric check (new_film_share between 0 and 1),
      updated_at timestamptz not null default now(),
      primary key (area_id, year)
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table area_targets');
  await knex.raw('drop table campaigns');
  await knex.raw('drop trigger films_in_programme on films');
  await knex.raw('drop function film_in_programme()');
  await knex.raw('drop trigger screenings_programme_films on screenings');
  await knex.raw('drop function screening_programme_films()');
  await knex.raw('alter table screenings drop column film_id');
  await knex.raw('alter table screenings add column film_id integer references films (id)');
  await knex.raw('update screenings set film_id = programme[1]');
  await knex.raw('alter table screenings drop constraint screenings_programme, drop constraint screenings_repeat_reason_blank');
  await knex.raw('alter table screenings drop column programme, drop column repeat_reason');
  await knex.raw('drop function programme_ok(integer[])');
  await knex.raw('drop index films_title_year');
  await knex.raw('drop index films_code_unique');
  await knex.raw(`update films set category = 'other' where category not in ('feature', 'science', 'other')`);
  await knex.raw(`
    alter table films
      drop constraint films_category, drop constraint films_year_range, drop constraint films_code_blank, drop constraint films_available_order,
      drop column year, drop column code, drop column available_from, drop column available_to, drop column themes, drop column retired_at,
      add constraint films_category check (category in ('feature', 'science', 'other'))
  `);
}
