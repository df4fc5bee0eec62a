import type { Knex } from 'knex';

// DOMAIN.md "Films and programmes": two more flags a completed screening may carry —
// programme_incomplete (its programme does not make one 场) and film_unlicensed (it showed a film
// outside the film's licence window). The screening_flags_code check lists the codes.

const nine = `'no_fix', 'far_from_village', 'fix_time', 'daytime_start', 'impossible_travel', 'audience_outlier', 'duplicate_photo', 'late_report', 'bulk_report'`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table screening_flags
      drop constraint screening_flags_code,
      add constraint screening_flags_code check (code in (${nine}, 'programme_incomplete', 'film_unlicensed'))
  `);
}

export async function down(knex: Knex): Promise<void> {
  // The flags these checks raised go with them; the next verification of those screenings says what is left.
  await knex.raw(`delete from screening_flags where code in ('programme_incomplete', 'film_unlicensed')`);
  await knex.raw(`alter table screening_flags drop constraint screening_flags_code, add constraint screening_flags_code check (code in (${nine}))`);
}
