import type { Knex } from 'knex';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';

// Where a user may look and write (DOMAIN.md "Areas and scopes"), as the counties it holds:
// - a bureau user with an area: every county inside it (by the codes: a county's code starts with
//   its prefecture's and its province's);
// - a partner with contracts: the counties of its contracts (of any period: it sees their registry;
//   planning also needs the month inside a contract, ./contracts);
// - everyone else (admins, bureau users of the whole deployment, a partner without contracts, as
//   a single county runs): null, everything.
// A township in no county is inside only the unscoped views.

/** The SQL that answers a user's counties (null: unscoped) from `u`, a users row, in a select list. */
export const countiesOfUserSql = `
  case
    when u.role = 'bureau' and u.area_id is not null then array(
      select c.id from areas c join areas a on a.id = u.area_id
       where c.level = 'county' and c.code like a.code || '%' order by c.id)
    when u.role = 'partner' and exists (select 1 from contracts k where k.partner_id = u.partner_id) then array(
      select distinct k.county_id from contracts k where k.partner_id = u.partner_id order by k.county_id)
  end`;

/** A key naming what a user may see, for answers kept per scope ('' for everything). */
export const scopeKey = (user: User) => (user.counties === null ? '' : `c:${user.counties.join(',')}`);

/** Keeps the rows whose county column is one of the user's counties (nothing to do when unscoped). */
export function whereCountyInScope<Q extends Knex.QueryBuilder>(query: Q, user: User, column: string): Q {
  if (user.counties !== null) query.whereIn(column, user.counties);
  return query;
}

/** Keeps the rows whose village column names a village in one of these counties (null: every village). */
export function whereVillageInCounties<Q extends Knex.QueryBuilder>(db: Db, query: Q, counties: readonly number[] | null, column: string): Q {
  if (counties !== null) query.whereIn(column, db('villages').select('id').whereIn('township_id', db('townships').select('id').whereIn('county_id', counties)));
  return query;
}

/** Keeps the rows whose village column names a village inside the user's counties. */
export const whereVillageInScope = <Q extends Knex.QueryBuilder>(db: Db, query: Q, user: User, column: string): Q => whereVillageInCounties(db, query, user.counties, column);

/** Whether the village lies inside the user's counties. */
export async function villageVisible(db: Db, user: User, villageId: number): Promise<boolean> {
  if (user.counties === null) return true;
  return Boolean(await whereVillageInScope(db, db('villages').where({ id: villageId }), user, 'id').first('id'));
}
