import type { Knex } from 'knex';

// PostgreSQL checks every CHECK constraint of a row on each update, whichever columns change: a
// recheck writing a month's verification states (server/evidence/recheck.ts) checked
// screenings_programme 43,000 times. Its function, programme_ok, counted the distinct films with a
// subquery, so it could not be inlined: each call started an executor of its own (an aggregate over
// unnest), about half of what writing a state cost (bench:verify: 43,000 states written in
// 1,170–1,350 ms of server time before, 480–730 ms after).
//
// The same rule without a subquery: no film appears again after its own place (array_position from
// the next one), for each of the first five places; a programme holds at most six films, so a sixth
// has nothing after it. Written over the array's own subscripts, so an array that does not start at 1
// is judged as before. As a plain expression the planner inlines it into the constraint. Should the
// most films a programme holds (domain/programme.ts) grow past six, this function grows with it.
const inlined = `
  create or replace function programme_ok(p integer[]) returns boolean language sql immutable as $$
    select coalesce(cardinality(p), 0) <= 6 and array_position(p, null) is null
       and array_position(p, p[array_lower(p, 1)], array_lower(p, 1) + 1) is null
       and array_position(p, p[array_lower(p, 1) + 1], array_lower(p, 1) + 2) is null
       and array_position(p, p[array_lower(p, 1) + 2], array_lower(p, 1) + 3) is null
       and array_position(p, p[array_lower(p, 1) + 3], array_lower(p, 1) + 4) is null
       and array_position(p, p[array_lower(p, 1) + 4], array_lower(p, 1) + 5) is null
  $$`;

const counted = `
  create or replace function programme_ok(p integer[]) returns boolean language sql immutable as $$
    select coalesce(cardinality(p), 0) <= 6 and array_position(p, null) is null
       and (select count(distinct x) from unnest(p) x) = coalesce(cardinality(p), 0)
  $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(inlined);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(counted);
}
