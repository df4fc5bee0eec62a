import type { Knex } from 'knex';

// DOMAIN.md "Villagers' voice": every unit's own page (villages.public_token, rotated to end an old
// link), the villagers' film requests (点单: one row a phone, unit and month, the later replacing
// the earlier), their problem reports (反映问题) with the bureau's handling, the areas' settings
// (the supervision phone, inherited downward), and the flag a `not_held` report raises.

const TOKEN = `replace(gen_random_uuid()::text, '-', '')`;
const eleven = `'no_fix', 'far_from_village', 'fix_time', 'daytime_start', 'impossible_travel', 'audience_outlier', 'duplicate_photo', 'late_report', 'bulk_report', 'programme_incomplete', 'film_unlicensed'`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table villages add column public_token text');
  await knex.raw(`update villages set public_token = ${TOKEN}`);
  await knex.raw(`
    alter table villages
      alter column public_token set default ${TOKEN},
      alter column public_token set not null,
      add constraint villages_public_token_key unique (public_token)
  `);

  // A phone is never stored as it came: device_hash is an HMAC of its cookie under the database's
  // salt and the unit (server/voice), so one phone's requests in two villages cannot be linked.
  await knex.raw(`
    create table film_requests (
      id serial primary key,
      village_id integer not null references villages (id) on delete cascade,
      month text not null,
      device_hash text not null,
      film_ids integer[] not null,
      comment text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint film_requests_month check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      constraint film_requests_films check (cardinality(film_ids) between 1 and 3 and array_position(film_ids, null) is null),
      constraint film_requests_comment check (char_length(comment) <= 200),
      constraint film_requests_one_a_phone unique (village_id, month, device_hash)
    )
  `);
  await knex.raw('create index film_requests_month on film_requests (month, village_id)');

  await knex.raw(`
    create table villager_reports (
      id serial primary key,
      village_id integer not null references villages (id),
      screening_id integer references screenings (id) on delete set null,
      kind text not null,
      text text,
      state text not null default 'new',
      note text,
      handled_by integer references users (id),
      handled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint villager_reports_kind check (kind in ('not_held', 'late', 'other')),
      constraint villager_reports_state check (state in ('new', 'looking', 'closed')),
      constraint villager_reports_text check (char_length(text) <= 500),
      constraint villager_reports_closed_note check (state <> 'closed' or note is not null)
    )
  `);
  await knex.raw('create index villager_reports_village on villager_reports (village_id, created_at)');
  await knex.raw('create index villager_reports_created on villager_reports (created_at)');
  await knex.raw('create index villager_reports_screening on villager_reports (screening_id) where screening_id is not null');

  await knex.raw(`
    create table area_settings (
      area_id integer primary key references areas (id) on delete cascade,
      supervision_phone text,
      updated_at timestamptz not null default now(),
      constraint area_settings_phone check (char_length(supervision_phone) between 3 and 40)
    )
  `);

  await knex.raw(`
    alter table screening_flags
      drop constraint screening_flags_code,
      add constraint screening_flags_code check (code in (${eleven}, 'villager_dispute'))
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`delete from screening_flags where code = 'villager_dispute'`);
  await knex.raw(`alter table screening_flags drop constraint screening_flags_code, add constraint screening_flags_code check (code in (${eleven}))`);
  await knex.raw('drop table area_settings');
  await knex.raw('drop table villager_reports');
  await knex.raw('drop table film_requests');
  await knex.raw('alter table villages drop column public_token');
}
