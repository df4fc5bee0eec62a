import type { Knex } from 'knex';

// Who a session token is (server/auth/sessions.ts findSessionUser) is read from sessions, users,
// teams (a projectionist's partner), contracts (a partner's counties) and areas (a bureau's
// counties). Each server keeps the answer for a token in memory while nothing it reads has
// changed (server/auth/guard.ts), and knows so by a third counter, 'sessions', in coverage_epochs
// (migrations/202611270001_add_coverage_tracking.ts): bumped at the commit of any transaction
// that writes one of those tables — a sign-in, a sign-out, a role or account change, a contract —
// and read by every request in the one small query it already makes for coverage. So a revoked
// session is refused by every server for every request that arrives after the revocation commits.
const tables = ['sessions', 'users', 'teams', 'contracts', 'areas'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table coverage_epochs drop constraint coverage_epochs_subject_check');
  await knex.raw(`alter table coverage_epochs add constraint coverage_epochs_subject_check check (subject in ('registry', 'screenings', 'sessions'))`);
  await knex.raw(`insert into coverage_epochs (subject) values ('sessions')`);
  for (const table of tables) {
    await knex.raw(`
      create trigger ${table}_sessions_touch after insert or update or delete or truncate on ${table}
      for each statement execute function note_coverage_touch('sessions')
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of tables) await knex.raw(`drop trigger ${table}_sessions_touch on ${table}`);
  await knex.raw(`delete from coverage_epochs where subject = 'sessions'`);
  await knex.raw('alter table coverage_epochs drop constraint coverage_epochs_subject_check');
  await knex.raw(`alter table coverage_epochs add constraint coverage_epochs_subject_check check (subject in ('registry', 'screenings'))`);
}
