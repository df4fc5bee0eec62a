import type { Knex } from 'knex';

// A deployment of one county (named on the setup page, server/areas/county.ts): a township written
// without a county — by the registry, an import, psql — lies in that county when its code is
// none or one of that county's. With no county, or several (a prefecture, a province, the nation),
// nothing changes: the importer places townships by their codes as before.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function township_deployment_county() returns trigger language plpgsql as $$
    begin
      if new.county_id is null then
        select c.id into new.county_id from areas c
         where c.level = 'county' and (new.code is null or new.code like c.code || '%')
           and (select count(*) from areas a where a.level = 'county') = 1;
      end if;
      return new;
    end
    $$
  `);
  await knex.raw('create trigger townships_deployment_county before insert on townships for each row execute function township_deployment_county()');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger townships_deployment_county on townships');
  await knex.raw('drop function township_deployment_county()');
}
