import type { Knex } from 'knex';

// Lookups of the evidence checks (server/evidence/facts.ts):
// - duplicate_photo finds photos whose 64-bit difference hashes differ in at most 3 bits. Cut into
//   four 16-bit bands (4 hex digits each), two such hashes agree on at least one band (pigeonhole),
//   so an index probe per band finds every candidate; PHOTO_HASH_MAX_DISTANCE is therefore 0–3.
// - bulk_report reads a team's completed screenings by the time they were reported.
export async function up(knex: Knex): Promise<void> {
  for (const band of [1, 2, 3, 4]) {
    await knex.raw(`create index screening_photos_phash_band${band} on screening_photos (substr(phash, ${band * 4 - 3}, 4))`);
  }
  await knex.raw(`create index screenings_team_reported on screenings (team_id, reported_at) where status = 'completed'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index screenings_team_reported');
  for (const band of [1, 2, 3, 4]) await knex.raw(`drop index screening_photos_phash_band${band}`);
}
