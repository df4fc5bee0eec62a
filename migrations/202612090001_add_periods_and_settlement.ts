import type { Knex } from 'knex';

// DOMAIN.md "Periods and settlement": each county-month's sign-off (periods, with every step kept
// in period_steps), the lock a signed-off month puts on its screenings and their evidence (checked
// by the database, inside every write's own transaction), the money settings of an area (inherited
// downward like the supervision phone) and the issued statements, which never change.
//
// The lock. A statement-level trigger on screenings, their fixes, photos and villagers'
// confirmations takes, for every county its rows lie in, the advisory lock (PERIOD_LOCK, county)
// shared, then refuses the statement (SQLSTATE Z2131, "period-locked <countyId> <month>") when a
// row, before or after the write, lies in a locked month. A sign-off step takes the same lock
// exclusively (server/periods/service.ts), so a write racing an approval either commits before the
// approval reads anything, or waits for it and then sees the month locked: never lands after it.
// A month's bounds (starts_at, ends_at) are written by the application (luxon, in the county's
// zone), so the database needs no zone of its own.

const PERIOD_LOCK = 2135;

/** The (village_id, starts_at) of the rows a statement wrote, from its transition tables (TG_ARGV[0]: their names; TG_ARGV[1]: 'screening' or 'evidence'). */
const rowsSql = `
  select string_agg(
           case when tg_argv[1] = 'screening' then format('select village_id, starts_at from %I', t)
                else format('select s.village_id, s.starts_at from %I r join screenings s on s.id = r.screening_id', t) end,
           ' union all ')
    from unnest(string_to_array(tg_argv[0], ',')) t`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table periods (
      county_id integer not null,
      county_level text not null generated always as ('county') stored,
      month text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      state text not null default 'open',
      approved_levels text[] not null default '{}',
      submitted_partners integer[] not null default '{}',
      county_submitted boolean not null default false,
      updated_at timestamptz not null default now(),
      primary key (county_id, month),
      constraint periods_county_fk foreign key (county_id, county_level) references areas (id, level) on delete cascade,
      constraint periods_month check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      constraint periods_bounds check (starts_at < ends_at),
      constraint periods_state check (state in ('open', 'submitted', 'returned', 'approved', 'locked')),
      constraint periods_levels check (approved_levels <@ array['county', 'prefecture', 'province'])
    )
  `);
  await knex.raw(`create index periods_locked on periods (county_id, starts_at) where state = 'locked'`);

  await knex.raw(`
    create table period_steps (
      id serial primary key,
      county_id integer not null,
      month text not null,
      action text not null,
      level text,
      partner_id integer references partners (id),
      user_id integer references users (id),
      reason text,
      at timestamptz not null default now(),
      foreign key (county_id, month) references periods (county_id, month) on delete cascade,
      constraint period_steps_action check (action in ('submit', 'approve', 'return', 'reopen')),
      constraint period_steps_level check (level in ('county', 'prefecture', 'province')),
      constraint period_steps_reason check ((action not in ('return', 'reopen') or btrim(reason) <> '') and char_length(reason) <= 500)
    )
  `);
  await knex.raw('create index period_steps_period on period_steps (county_id, month, id)');

  // Whether a screening of this village starting then lies in a locked month (verify() leaves such screenings as they are).
  await knex.raw(`
    create function period_locked(village integer, at timestamptz) returns boolean language sql stable as $$
      select exists (
        select 1 from villages v join townships t on t.id = v.township_id
          join periods p on p.county_id = t.county_id and p.state = 'locked' and at >= p.starts_at and at < p.ends_at
         where v.id = village)
    $$
  `);

  await knex.raw(`
    create function refuse_locked_periods() returns trigger language plpgsql as $$
    declare
      rows_sql text;
      county integer;
      hit record;
    begin
      ${rowsSql} into rows_sql;
      for county in execute format(
        'select distinct t.county_id from (%s) r join villages v on v.id = r.village_id join townships t on t.id = v.township_id
          where t.county_id is not null order by 1', rows_sql)
      loop
        perform pg_advisory_xact_lock_shared(${PERIOD_LOCK}, county);
      end loop;
      execute format(
        'select p.county_id, p.month from (%s) r join villages v on v.id = r.village_id join townships t on t.id = v.township_id
           join periods p on p.county_id = t.county_id and p.state = ''locked'' and r.starts_at >= p.starts_at and r.starts_at < p.ends_at
          limit 1', rows_sql) into hit;
      if hit.county_id is not null then
        raise exception 'period-locked % %', hit.county_id, hit.month using errcode = 'Z2131';
      end if;
      return null;
    end $$
  `);
  const guard = (table: string, kind: 'screening' | 'evidence') => [
    `create trigger ${table}_period_insert after insert on ${table} referencing new table as new_rows for each statement execute function refuse_locked_periods('new_rows', '${kind}')`,
    `create trigger ${table}_period_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function refuse_locked_periods('old_rows,new_rows', '${kind}')`,
    `create trigger ${table}_period_delete after delete on ${table} referencing old table as old_rows for each statement execute function refuse_locked_periods('old_rows', '${kind}')`,
  ];
  for (const sql of [...guard('screenings', 'screening'), ...guard('screening_fixes', 'evidence'), ...guard('screening_photos', 'evidence'), ...guard('confirmations', 'evidence')]) {
    await knex.raw(sql);
  }

  // Money settings of an area (NULL: inherited from the nearest area above, else the deployment's default).
  await knex.raw(`
    alter table area_settings
      add column subsidy_per_screening_fen integer,
      add column share_central numeric,
      add column share_province numeric,
      add column share_prefecture numeric,
      add column share_county numeric,
      add column film_fee_per_film_fen integer,
      add column annual_plan_per_unit integer,
      add column payment_round text,
      add constraint area_settings_subsidy check (subsidy_per_screening_fen between 0 and 100000000),
      add constraint area_settings_film_fee check (film_fee_per_film_fen between 0 and 100000000),
      add constraint area_settings_annual_plan check (annual_plan_per_unit between 1 and 366),
      add constraint area_settings_round check (payment_round in ('month', 'quarter', 'half')),
      add constraint area_settings_shares check (
        (share_central is null and share_province is null and share_prefecture is null and share_county is null)
        or (share_central >= 0 and share_province >= 0 and share_prefecture >= 0 and share_county >= 0
            and abs(share_central + share_province + share_prefecture + share_county - 1) < 0.000001))
  `);

  // An issued statement: what it paid, frozen as it was issued (content), and what it changed from
  // the one it supersedes (differences). Only superseded_by is ever written after, once.
  await knex.raw(`
    create table statements (
      id serial primary key,
      county_id integer not null,
      county_level text not null generated always as ('county') stored,
      round text not null,
      issued_at timestamptz not null default now(),
      issued_by integer references users (id),
      supersedes_id integer references statements (id),
      superseded_by_id integer references statements (id),
      content jsonb not null,
      differences jsonb,
      constraint statements_county_fk foreign key (county_id, county_level) references areas (id, level),
      constraint statements_round check (round ~ '^[0-9]{4}-(Q[1-4]|H[12]|0[1-9]|1[0-2])$')
    )
  `);
  await knex.raw('create unique index statements_current on statements (county_id, round) where superseded_by_id is null');
  await knex.raw(`
    create function statements_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then raise exception 'an issued statement is never deleted' using errcode = 'Z2132'; end if;
      if old.superseded_by_id is null and new.superseded_by_id is not null
         and (to_jsonb(old) - 'superseded_by_id') = (to_jsonb(new) - 'superseded_by_id') then
        return new;
      end if;
      raise exception 'an issued statement never changes' using errcode = 'Z2132';
    end $$
  `);
  await knex.raw('create trigger statements_immutable before update or delete on statements for each row execute function statements_immutable()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table statements');
  await knex.raw('drop function statements_immutable()');
  await knex.raw(`
    alter table area_settings
      drop column subsidy_per_screening_fen, drop column share_central, drop column share_province, drop column share_prefecture,
      drop column share_county, drop column film_fee_per_film_fen, drop column annual_plan_per_unit, drop column payment_round
  `);
  for (const table of ['screenings', 'screening_fixes', 'screening_photos', 'confirmations']) {
    for (const op of ['insert', 'update', 'delete']) await knex.raw(`drop trigger ${table}_period_${op} on ${table}`);
  }
  await knex.raw('drop function refuse_locked_periods()');
  await knex.raw('drop function period_locked(integer, timestamptz)');
  await knex.raw('drop table period_steps');
  await knex.raw('drop table periods');
}
