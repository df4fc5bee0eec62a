import type { Knex } from 'knex';

// Areas above the township, as the national statistical codes nest them: a province (2 digits), a
// prefecture (4: the province's 2 and 2 more), a county (6). A township belongs to at most one
// county (null: a deployment that never imported areas, as a single county may run). The schema
// holds the nesting: the level follows from the code's length, and the parent is the area whose
// code is the code's first 2 or 4 digits — no area can sit under the wrong parent.
//
// Users may be placed in an area (a bureau that watches a province, a prefecture or a county);
// partners hold contracts per county and period (months, inclusive; `to_month` null: open).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table areas (
      id serial primary key,
      code text not null unique,
      name text not null,
      level text not null generated always as (
        case length(code) when 2 then 'province' when 4 then 'prefecture' when 6 then 'county' end
      ) stored,
      parent_code text generated always as (case length(code) when 4 then left(code, 2) when 6 then left(code, 4) end) stored,
      parent_id integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint areas_code_format check (code ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'),
      constraint areas_name_length check (length(name) between 1 and 100),
      constraint areas_parent_by_level check ((parent_id is null) = (parent_code is null)),
      constraint areas_id_code unique (id, code),
      constraint areas_id_level unique (id, level),
      constraint areas_parent_fk foreign key (parent_id, parent_code) references areas (id, code)
    )
  `);
  await knex.raw('create index areas_parent_id on areas (parent_id)');
  // The parent follows from the code: nobody writes parent_id but this trigger.
  await knex.raw(`
    create function area_parent() returns trigger language plpgsql as $$
    begin
      new.parent_id := case when length(new.code) > 2
        then (select id from areas where code = left(new.code, length(new.code) - 2)) end;
      return new;
    end
    $$
  `);
  await knex.raw('create trigger areas_parent before insert or update of code, parent_id on areas for each row execute function area_parent()');
  // A township's and a contract's county is a county: the composite key checks the level.
  await knex.raw(`
    alter table townships
      add column county_id integer,
      add column county_level text generated always as (case when county_id is not null then 'county' end) stored,
      add constraint townships_county_fk foreign key (county_id, county_level) references areas (id, level)
  `);
  await knex.raw('create index townships_county_id on townships (county_id)');
  await knex.raw('alter table users add column area_id integer references areas (id)');
  await knex.raw(`alter table users add constraint users_area_by_role check (area_id is null or role = 'bureau')`);

  await knex.raw(`
    create table contracts (
      id serial primary key,
      partner_id integer not null references partners (id),
      county_id integer not null,
      county_level text not null generated always as ('county') stored,
      from_month text not null,
      to_month text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint contracts_from_format check (from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      constraint contracts_to_format check (to_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      constraint contracts_county_fk foreign key (county_id, county_level) references areas (id, level),
      constraint contracts_period check (to_month is null or to_month >= from_month)
    )
  `);
  await knex.raw('create index contracts_partner on contracts (partner_id)');
  await knex.raw('create index contracts_county on contracts (county_id)');

  // A county's name or place is part of every coverage answer grouped by area: a change to areas
  // moves the registry counter like a change to townships (migrations/202611270001).
  await knex.raw(`
    create trigger areas_coverage_touch after insert or update or delete or truncate on areas
    for each statement execute function note_coverage_touch('registry')
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger areas_coverage_touch on areas');
  await knex.raw('drop table contracts');
  await knex.raw('alter table users drop constraint users_area_by_role');
  await knex.raw('alter table users drop column area_id');
  await knex.raw('alter table townships drop column county_level, drop column county_id');
  await knex.raw('drop table areas');
  await knex.raw('drop function area_parent()');
}
