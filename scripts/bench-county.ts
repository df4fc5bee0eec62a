// The made-up county of the benchmarks: N administrative villages in townships of 100, one in ten
// with two natural villages, a team per 25 villages, and a year of screenings: each month ~92% of
// units get one (a few cancelled, a few never reported), planned after "now".
import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { monthRange } from '../server/months.js';

/** `months` (1–12, default all): the months of `year` that get screenings. */
export async function buildBenchCounty(db: Knex, villages: number, year: number, now: DateTime, months: number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]): Promise<void> {
  const townships = Math.ceil(villages / 100);
  const teams = Math.ceil(villages / 25);
  await db.raw(`insert into townships (name, code) select 'T' || i, lpad(i::text, 9, '0') from generate_series(1, ?) i`, [townships]);
  // One village in ten has two natural villages; positions spread over a 5°×5° box.
  await db.raw(
    `insert into villages (name, township_id, kind, code, lat, lng)
     select 'V' || i, 1 + (i - 1) / 100, 'administrative', lpad(i::text, 12, '0'), 20 + random() * 5, 100 + random() * 5
     from generate_series(1, ?) i`,
    [villages],
  );
  await db.raw(
    `insert into villages (name, township_id, kind, parent_id, lat, lng)
     select v.name || '-' || k, v.township_id, 'natural', v.id, v.lat, v.lng
     from villages v cross join generate_series(1, 2) k where v.id % 10 = 0`,
  );
  await db.raw(`insert into partners (name) values ('Bench partner')`);
  await db.raw(`insert into teams (name, partner_id) select 'Team ' || i, 1 from generate_series(1, ?) i`, [teams]);
  await db.raw(`insert into films (title, category) values ('Film', 'feature')`);
  await db('users').insert({ username: 'bench', password_hash: 'x', role: 'bureau' });
  // Each month: ~92% of units get a screening, team = village mod teams, one evening per 25 villages of a team.
  for (const m of months) {
    const { start } = monthRange(`${year}-${String(m).padStart(2, '0')}`, 'Asia/Shanghai');
    await db.raw(
      `insert into screenings (village_id, team_id, programme, starts_at, status, audience, cancel_reason)
       select v.id, 1 + (v.id - 1) % ?, array[1],
              ?::timestamptz + ((v.id - 1) / ?) * interval '1 day' + interval '19 hours',
              case when h < 0.03 then 'cancelled' when ?::timestamptz + ((v.id - 1) / ?) * interval '1 day' > ? then 'scheduled'
                   when h < 0.06 then 'scheduled' else 'completed' end,
              case when h >= 0.06 and ?::timestamptz + ((v.id - 1) / ?) * interval '1 day' <= ? then 50 end,
              case when h < 0.03 then 'rain' end
       from (select id, random() as h from villages where kind = 'administrative') v
       where v.h < 0.98 and random() < 0.94`,
      [teams, start.toJSDate(), teams, start.toJSDate(), teams, now.toJSDate(), start.toJSDate(), teams, now.toJSDate()],
    );
  }
  await db.raw('vacuum analyze');
}
