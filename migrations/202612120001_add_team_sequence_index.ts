import type { Knex } from 'knex';

// The evidence checks read each completed screening's place in its team's sequence (server/evidence/
// facts.ts): the completed screening just before and just after it by (starts_at, id), and the
// audiences of the AUDIENCE_MEDIAN_OF before it. screenings_team (team_id, starts_at) found them
// with the team's other screenings mixed in and every candidate read from the table. Ordered by
// (starts_at, id), completed ones only, holding the audience and the village: the neighbours are one
// index-only entry each (and their village comes with them); the audiences a short range of it.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index screenings_team_completed on screenings (team_id, starts_at, id) include (audience, village_id) where status = 'completed'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index screenings_team_completed');
}
