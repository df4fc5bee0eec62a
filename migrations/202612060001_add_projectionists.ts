import type { Knex } from 'knex';

// A projectionist's own account (DOMAIN.md "HTTP contract", roles): bound to one team, whose
// partner it works for. The team is the account's only link to a company: `partner_id` stays the
// partner role's alone, and the team's partner is read through the team, so a team that changes
// hands takes its projectionists with it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table users
      add column team_id integer references teams (id),
      drop constraint users_role,
      add constraint users_role check (role in ('admin', 'bureau', 'partner', 'projectionist')),
      add constraint users_team_by_role check ((role = 'projectionist') = (team_id is not null))
  `);
  await knex.raw('create index users_team_id on users (team_id) where team_id is not null');
}

export async function down(knex: Knex): Promise<void> {
  // Accounts are referenced by sessions, audit rows and reviews: going back needs them gone first.
  const [{ n }] = (await knex.raw("select count(*)::int as n from users where role = 'projectionist'")).rows;
  if (n > 0) throw new Error(`${n} projectionist accounts exist: remove them before going back past this migration`);
  await knex.raw(`
    alter table users
      drop constraint users_team_by_role,
      drop column team_id,
      drop constraint users_role,
      add constraint users_role check (role in ('admin', 'bureau', 'partner'))
  `);
}
