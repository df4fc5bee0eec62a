import type { Knex } from 'knex';

// Issuing a round again (server/statements/service.ts) writes, in one transaction, the old
// statement's superseded_by_id (the new row's id, taken from the sequence first: the partial
// unique index statements_current allows one current statement of a county and round, so the old
// one stops being current before the new one is written) and then the new row: the reference
// from the old row to the new one is checked at commit.
//
// And the immutability trigger compares the row before and after leaving out the generated
// county_level too: in a BEFORE trigger a stored generated column of NEW is not computed yet
// (NULL), so the one write it allows was refused.

const immutable = (ignore: string) => `
  create or replace function statements_immutable() returns trigger language plpgsql as $$
  begin
    if tg_op = 'DELETE' then raise exception 'an issued statement is never deleted' using errcode = 'Z2132'; end if;
    if old.superseded_by_id is null and new.superseded_by_id is not null
       and (to_jsonb(old) - 'superseded_by_id'${ignore}) = (to_jsonb(new) - 'superseded_by_id'${ignore}) then
      return new;
    end if;
    raise exception 'an issued statement never changes' using errcode = 'Z2132';
  end $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table statements alter constraint statements_superseded_by_id_fkey deferrable initially deferred');
  await knex.raw(immutable(` - 'county_level'`));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(immutable(''));
  await knex.raw('alter table statements alter constraint statements_superseded_by_id_fkey not deferrable');
}
