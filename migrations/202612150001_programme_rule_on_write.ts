import type { Knex } from 'knex';

// A programme's rule (at most six films, no film twice, no null: programme_ok) was a CHECK
// constraint, and PostgreSQL evaluates every CHECK of a row on each update, whichever columns it
// changes: a recheck writing a month's verification states evaluated it 43,000 times. Even inlined
// (migrations/202612140001) it was a sixth of such an update's server time (perf: ExecConstraints,
// the array detoasted for each of its eleven uses).
//
// It is now checked where the programme is written: by the trigger that already finds the
// programme's films (it runs before insert, and before an update that sets the programme, for a
// programme of at least one film; an empty one keeps the rule). Its refusal is what the CHECK's was:
// check_violation, constraint screenings_programme, after the missing film's (the trigger ran
// before the CHECK then too).

/** The trigger's function: the programme's films exist (as since migrations/202612070001), then `rule`. */
const programmeFilms = (rule: string) => `
  create or replace function screening_programme_films() returns trigger language plpgsql as $$
  declare missing integer;
  begin
    select x into missing from unnest(new.programme) x where not exists (select 1 from films f where f.id = x) limit 1;
    if missing is not null then
      raise foreign_key_violation using message = format('film %s of the programme does not exist', missing),
        constraint = 'screenings_programme_film';
    end if;${rule}
    return new;
  end
  $$`;

const withRule = programmeFilms(`
    if not programme_ok(new.programme) then
      raise check_violation using message = 'a programme holds at most 6 films, each once',
        constraint = 'screenings_programme', table = 'screenings', column = 'programme';
    end if;`);

const withoutRule = programmeFilms('');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(withRule);
  await knex.raw('alter table screenings drop constraint screenings_programme');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table screenings add constraint screenings_programme check (programme_ok(programme))');
  await knex.raw(withoutRule);
}
