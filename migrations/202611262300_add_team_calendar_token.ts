import type { Knex } from 'knex';

// A team's calendar feed is read by phones that cannot sign in: the secret link carries a token.
// 64 hex characters from two random UUIDs (gen_random_uuid is core since PostgreSQL 13, and in
// PGlite): existing teams get one now, new teams by default.
const TOKEN = `replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table teams add column calendar_token text`);
  await knex.raw(`update teams set calendar_token = ${TOKEN}`);
  await knex.raw(`
    alter table teams
      alter column calendar_token set default ${TOKEN},
      alter column calendar_token set not null,
      add constraint teams_calendar_token_key unique (calendar_token)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table teams drop column calendar_token');
}
