import type { Knex } from 'knex';

// The immutability of an issued statement, checked by which columns an UPDATE names rather than by
// comparing the whole rows: the one write allowed (a superseding issue naming only
// superseded_by_id, null → the new statement) no longer reads and compares the old and new content
// (a big county's statement is hundreds of kilobytes of JSON). Any UPDATE naming another column is
// refused, even one that would set it to its own value; a column added to the table later must be
// added to FROZEN below.

const FROZEN = ['id', 'county_id', 'round', 'issued_at', 'issued_by', 'supersedes_id', 'content', 'differences'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop trigger statements_immutable on statements');
  await knex.raw(`
    create or replace function statements_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then raise exception 'an issued statement is never deleted' using errcode = 'Z2132'; end if;
      if tg_argv[0] = 'superseded' and old.superseded_by_id is null and new.superseded_by_id is not null then return new; end if;
      raise exception 'an issued statement never changes' using errcode = 'Z2132';
    end $$`);
  await knex.raw(`create trigger statements_frozen before update of ${FROZEN.join(', ')} or delete on statements for each row execute function statements_immutable('frozen')`);
  await knex.raw(`create trigger statements_superseded before update of superseded_by_id on statements for each row execute function statements_immutable('superseded')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger statements_superseded on statements');
  await knex.raw('drop trigger statements_frozen on statements');
  await knex.raw(`
    create or replace function statements_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then raise exception 'an issued statement is never deleted' using errcode = 'Z2132'; end if;
      if old.superseded_by_id is null and new.superseded_by_id is not null
         and (to_jsonb(old) - 'superseded_by_id' - 'county_level') = (to_jsonb(new) - 'superseded_by_id' - 'county_level') then
        return new;
      end if;
      raise exception 'an issued statement never changes' using errcode = 'Z2132';
    end $$`);
  await knex.raw('create trigger statements_immutable before update or delete on statements for each row execute function statements_immutable()');
}
