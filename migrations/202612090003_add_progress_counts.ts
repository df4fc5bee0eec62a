import type { Knex } from 'knex';

// issue 22 progress (server/reports/progressCounts.ts): the progress report's counts, kept per
// county-month (and per township-month once groupBy=township asks), so that neither a write nor a
// restart makes the report read every unit or every screening of the year again.
//   progress_counts  per grain ('county': a county's id, 0 for townships in no county;
//                    'township': a township's id) and month (YYYY-MM in the county zone): units of
//                    the month (administrative villages not retired at its first instant),
//                    registered (all administrative villages), held (units with a completed
//                    screening the bureau did not reject starting in the month, a natural village
//                    counting for its parent), completed, on_time, last (completed ones starting in
//                    the month's last BUNCHING_DAYS days: every payment round ends at a month's end,
//                    so a change of round needs no rescan);
//   progress_months  the grain-months filled (a month filled has a row for every area with any);
//   progress_state   the one row saying which screenings and registry epochs (coverage_epochs) the
//                    rows are as of, under which zone and late-report hours.
// Nothing here is the truth: deleting every row only makes the next report fill them again.

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table progress_counts (
      grain text not null check (grain in ('county', 'township')),
      month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
      area_id integer not null,
      units integer not null,
      registered integer not null,
      held integer not null,
      completed integer not null,
      on_time integer not null,
      last integer not null,
      primary key (grain, month, area_id)
    )`);
  await knex.raw(`
    create table progress_months (
      grain text not null check (grain in ('county', 'township')),
      month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
      primary key (grain, month)
    )`);
  await knex.raw(`
    create table progress_state (
      id boolean primary key default true check (id),
      screenings_epoch bigint not null,
      registry_epoch bigint not null,
      zone text not null,
      late_hours double precision not null
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table progress_state');
  await knex.raw('drop table progress_months');
  await knex.raw('drop table progress_counts');
}
