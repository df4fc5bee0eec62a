import type { Knex } from 'knex';

// What changed between two screenings epochs, so a server holding a month's statuses can bring
// them up to date by recomputing the few units a write touched instead of the whole month
// (server/coverage/engine.ts).
//
// - coverage_changes: for every inserted, updated or deleted screening, the village and start
//   before and after (statement triggers with transition tables: one insert per statement). A
//   TRUNCATE is logged as a change to every village (village_id null).
// - coverage_commits: the screenings epoch each writing transaction committed as, written by the
//   commit-time bump (migrations/202611270001). Epochs go up by one per such commit, so a reader
//   can tell whether it has the whole history between two epochs: one row per epoch. The server
//   keeps a day of history (pruneCoverageLog, hourly, outside any writer's transaction); a server
//   that fell further behind recomputes from scratch.
//
// Writes that skip triggers (session_replication_role = replica, pg_restore --disable-triggers)
// are not seen: restart the servers after such a load.
export async function up(knex: Knex): Promise<void> {
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
    create or replace function bump_coverage_epoch() returns trigger language plpgsql as $$
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
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function bump_coverage_epoch() returns trigger language plpgsql as $$
    begin
      perform 1 from coverage_epochs
       where subject in (select subject from coverage_touches where txid = new.txid)
       order by subject for update;
      update coverage_epochs set epoch = epoch + 1
       where subject in (select subject from coverage_touches where txid = new.txid);
      delete from coverage_touches where txid = new.txid;
      return null;
    end
    $$
  `);
  for (const t of ['insert', 'update', 'delete', 'truncate']) await knex.raw(`drop trigger screenings_log_${t} on screenings`);
  await knex.raw('drop function log_screening_changes()');
  await knex.raw('drop table coverage_commits');
  await knex.raw('drop table coverage_changes');
}
