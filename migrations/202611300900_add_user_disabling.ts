import type { Knex } from 'knex';

// An admin disables an account (a projectionist who left) rather than delete it: the audit log and
// the screenings it wrote keep pointing at it. `password_changed_at` dates the last password set or
// reset, so the audit log shows a reset (the hash itself is never shown); existing accounts count
// from their creation.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table users add column disabled_at timestamptz, add column password_changed_at timestamptz');
  await knex.raw('update users set password_changed_at = created_at');
  await knex.raw('alter table users alter column password_changed_at set default now(), alter column password_changed_at set not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table users drop column disabled_at, drop column password_changed_at');
}
