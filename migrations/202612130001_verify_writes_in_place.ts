import type { Knex } from 'knex';

// A recheck writes the verification state of a month's completed screenings (tens of thousands of
// rows, server/evidence/recheck.ts). Each write was a new version of the row in every one of the
// table's ten indexes (its GiST exclusion constraint checked again), because `verification` was a
// column of screenings_verification. Without it no index holds the column, so PostgreSQL writes
// the new version beside the old on the same page (a heap-only tuple) when the page has room:
// fillfactor 80 keeps a fifth of each page for that (it applies to pages written from now on;
// `VACUUM FULL screenings` applies it to the existing ones, README "Operations"). The review queue
// finds a month's completed screenings by screenings_month and filters the state on the rows.
//
// The evidence defaults (migrations/202611301000) ran for every updated row; for a completed
// screening that stays completed with a state they change nothing, and the trigger's WHEN (checked
// without calling the function) now skips it.
//
// And the coverage log wrote two rows per updated screening (the old and the new), the same two when
// neither its village nor its start moved (a state, a review, a report): one row per distinct
// (village, start) now.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index screenings_verification');
  await knex.raw('alter table screenings set (fillfactor = 80)');
  await knex.raw('drop trigger screenings_evidence_defaults on screenings');
  await knex.raw('create trigger screenings_evidence_defaults before insert on screenings for each row execute function screening_evidence_defaults()');
  await knex.raw(`create trigger screenings_evidence_defaults_update before update on screenings for each row
    when (new.status is distinct from old.status or new.status <> 'completed' or new.verification is null)
    execute function screening_evidence_defaults()`);
  await knex.raw(`
    create or replace function log_screening_changes() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        insert into coverage_changes (txid) values (txid_current());
      elsif tg_op = 'INSERT' then
        insert into coverage_changes (txid, village_id, starts_at) select txid_current(), village_id, starts_at from new_rows;
      elsif tg_op = 'UPDATE' then
        insert into coverage_changes (txid, village_id, starts_at)
        select txid_current(), village_id, starts_at from (select village_id, starts_at from new_rows union select village_id, starts_at from old_rows) moved;
      else
        insert into coverage_changes (txid, village_id, starts_at) select txid_current(), village_id, starts_at from old_rows;
      end if;
      return null;
    end
    $$
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function log_screening_changes() returns trigger language plpgsql as $$
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
  await knex.raw('drop trigger screenings_evidence_defaults_update on screenings');
  await knex.raw('drop trigger screenings_evidence_defaults on screenings');
  await knex.raw('create trigger screenings_evidence_defaults before insert or update on screenings for each row execute function screening_evidence_defaults()');
  await knex.raw('alter table screenings reset (fillfactor)');
  await knex.raw(`create index screenings_verification on screenings (starts_at, verification) where status = 'completed'`);
}
