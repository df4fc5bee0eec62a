import type { Knex } from 'knex';

// Coverage answers are kept in memory by each server process (server/coverage/cache.ts) and are
// good for as long as nothing they read has changed. This migration lets the database say so,
// whoever writes — the API, an import, a script, a person at psql:
//
// - coverage_epochs: one counter per subject (registry: villages and townships; screenings).
//   Each starts at a random value, so an answer cached against one database is never taken for
//   an answer from another (a database restored or recreated under the same server).
// - A statement-level trigger on each table notes, once per transaction, that the transaction
//   touched a subject (a row in coverage_touches). A deferred constraint trigger on that row bumps
//   the counters at commit, in the writing transaction itself, so readers see the new counter
//   exactly when they see the new rows. Bumping at commit, not at each statement, means the
//   counter row is locked only for the instant before the commit: a transaction never waits for it
//   while holding rows another waits for (no deadlock with the screenings' exclusion constraint),
//   and a bulk statement costs one note, not one per row.
// - coverage_changes: for every inserted, updated or deleted screening, the village and start
//   before and after (statement triggers with transition tables: one insert per statement), so a
//   server holding a month's statuses recomputes only the units a write touched
//   (server/coverage/engine.ts). A TRUNCATE is logged as a change to every village (village_id null).
// - coverage_commits: the screenings epoch each writing transaction committed as, written by the
//   commit-time bump. Epochs go up by one per such commit, so a reader can tell whether it has
//   the whole history between two epochs: one row per epoch. The server keeps a day of history
//   (pruneCoverageLog, hourly, outside any writer's transaction); a server that fell further
//   behind recomputes from scratch.
// - screenings_scheduled: the scheduled starts alone, so the instants at which "now" turns a
//   planned screening overdue are found by two index probes.
//
// Writes that skip triggers (session_replication_role = replica, pg_restore --disable-triggers)
// are not seen: run `npm run coverage:refresh` (server/refresh-coverage.ts) after such a load.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table coverage_epochs (
      subject text primary key check (subject in ('registry', 'screenings')),
      epoch bigint not null default floor(random() * 1e15)::bigint
    )
  `);
  await knex.raw(`insert into coverage_epochs (subject) values ('registry'), ('screenings')`);
  await knex.raw(`
    create table coverage_touches (
      txid bigint not null,
      subject text not null,
      primary key (txid, subject)
    )
  `);
  await knex.raw(`
    create table coverage_changes (
      txid bigint not null,
      village_id integer,
      starts_at timestamptz
    )
  `);
  await knex.raw('create index coverage_changes_txid on coverage_changes (txid)');
  await knex.raw(`
    create table coverage_commits (
      epoch bigint primary key,
      txid bigint not null,
      committed_at timestamptz not null default now()
    )
  `);
  await knex.raw('create index coverage_commits_committed_at on coverage_commits (committed_at)');

  await knex.raw(`
    create function log_screening_changes() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        insert into coverage_changes (txid) values (txid_current());
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into coverage_changes (txid, village_id, starts_at) select txid_current(), village_id, starts_at from new_rows;
      end if;
      if tg_op in ('UPDATE', 'DELETE') then
        insert into coverage_changes (txid, village_id, starts_at) select txid_current(), village_id, starts_at from old_rows;
      end if;
      return null;
    end
    $$
  `);
  // A trigger with transition tables handles one event.
  await knex.raw(`create trigger screenings_log_insert after insert on screenings referencing new table as new_rows
    for each statement execute function log_screening_changes()`);
  await knex.raw(`create trigger screenings_log_update after update on screenings referencing old table as old_rows new table as new_rows
    for each statement execute function log_screening_changes()`);
  await knex.raw(`create trigger screenings_log_delete after delete on screenings referencing old table as old_rows
    for each statement execute function log_screening_changes()`);
  await knex.raw(`create trigger screenings_log_truncate after truncate on screenings
    for each statement execute function log_screening_changes()`);
  await knex.raw(`
    create function note_coverage_touch() returns trigger language plpgsql as $$
    begin
      insert into coverage_touches (txid, subject) values (txid_current(), tg_argv[0]) on conflict do nothing;
      return null;
    end
    $$
  `);
  await knex.raw(`
    create function bump_coverage_epoch() returns trigger language plpgsql as $$
    declare
      screenings_epoch bigint;
    begin
      -- Every subject this transaction touched, locked in the order of their names first: two
      -- transactions that touched both never lock the two counters in opposite orders. Later
      -- firings for the same transaction find nothing left to do.
      perform 1 from coverage_epochs
       where subject in (select subject from coverage_touches where txid = new.txid)
       order by subject for update;
      update coverage_epochs set epoch = epoch + 1
       where subject in (select subject from coverage_touches where txid = new.txid);
      if exists (select 1 from coverage_touches where txid = new.txid and subject = 'screenings') then
        select epoch into screenings_epoch from coverage_epochs where subject = 'screenings';
        insert into coverage_commits (epoch, txid) values (screenings_epoch, new.txid);
      end if;
      delete from coverage_touches where txid = new.txid;
      return null;
    end
    $$
  `);
  await knex.raw(`
    create constraint trigger coverage_touches_bump after insert on coverage_touches
    deferrable initially deferred for each row execute function bump_coverage_epoch()
  `);
  for (const [table, subject] of [
    ['screenings', 'screenings'],
    ['villages', 'registry'],
    ['townships', 'registry'],
  ] as const) {
    await knex.raw(`
      create trigger ${table}_coverage_touch after insert or update or delete or truncate on ${table}
      for each statement execute function note_coverage_touch('${subject}')
    `);
  }
  await knex.raw(`create index screenings_scheduled on screenings (starts_at) where status = 'scheduled'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index screenings_scheduled');
  for (const t of ['insert', 'update', 'delete', 'truncate']) await knex.raw(`drop trigger screenings_log_${t} on screenings`);
  await knex.raw('drop function log_screening_changes()');
  for (const table of ['screenings', 'villages', 'townships']) {
    await knex.raw(`drop trigger ${table}_coverage_touch on ${table}`);
  }
  await knex.raw('drop table coverage_touches');
  await knex.raw('drop function note_coverage_touch()');
  await knex.raw('drop function bump_coverage_epoch()');
  await knex.raw('drop table coverage_epochs');
  await knex.raw('drop table coverage_commits');
  await knex.raw('drop table coverage_changes');
}
