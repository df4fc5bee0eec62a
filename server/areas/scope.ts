import type { Knex } from 'knex';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { notFound } from '../http/problem.js';
import type { AreaLevel } from './schemas.js';

// Where a user may look and write (DOMAIN.md "Areas and scopes"), as the counties it holds:
// - a bureau user with an area: every county inside it (by the codes: a county's code starts with
//   its prefecture's and its province's);
// - a partner with contracts (and its projectionists): the counties of its contracts (of any period: it sees their registry;
//   planning also needs the month inside a contract, ./contracts);
// - everyone else (admins, bureau users of the whole deployment, a partner without contracts, as
//   a single county runs): null, everything.
// A township in no county is inside only the unscoped views.
//
// Each rule is written here twice, side by side: in SQL (a `where` for lists and joins) and in
// memory (over the area tree the coverage engine keeps, ../coverage/units.ts), so they cannot drift.

/** The company a user works for, from `u`, a users row: a partner's own, a projectionist's team's. */
export const partnerOfUserSql = `coalesce(u.partner_id, (select t.partner_id from teams t where t.id = u.team_id))`;

/** The SQL that answers a user's counties (null: unscoped) from `u`, a users row, in a select list. */
export const countiesOfUserSql = `
  case
    when u.role = 'bureau' and u.area_id is not null then array(
      select c.id from areas c join areas a on a.id = u.area_id
       where c.level = 'county' and c.code like a.code || '%' order by c.id)
    when u.role in ('partner', 'projectionist') and exists (select 1 from contracts k where k.partner_id = ${partnerOfUserSql}) then array(
      select distinct k.county_id from contracts k where k.partner_id = ${partnerOfUserSql} order by k.county_id)
  end`;

/** A key naming what a user may see, for answers kept per scope ('' for everything). */
export const scopeKey = (user: User) => (user.counties === null ? '' : `c:${user.counties.join(',')}`);

/** The area a user's views start from: a bureau user's own; null: the whole deployment. */
export const rootAreaId = (user: User): number | null => (user.role === 'bureau' ? user.areaId : null);

// --- Counties, townships and villages -------------------------------------------------------

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

/**
 * Keeps the screenings this user may see, given the columns of their team's partner and their
 * village: a partner its own teams' (another partner's do not exist for it), anyone else those in
 * its counties. Every answer naming a screening asks this (server/screenings/queries.ts, and the
 * other screening a flag names: server/evidence/queries.ts).
 */
export function whereScreeningInScope<Q extends Knex.QueryBuilder>(db: Db, query: Q, user: User, columns: { partner: string; village: string; team: string }): Q {
  // A projectionist's: its one team's (the months it reads are the screenings' own rule: selectScreenings).
  if (user.role === 'projectionist') query.where(columns.team, user.teamId);
  else if (user.role === 'partner') query.where(columns.partner, user.partnerId);
  else whereVillageInScope(db, query, user, columns.village);
  return query;
}

/** Whether the village lies inside the user's counties. */
export async function villageVisible(db: Db, user: User, villageId: number): Promise<boolean> {
  if (user.counties === null) return true;
  return Boolean(await whereVillageInScope(db, db('villages').where({ id: villageId }), user, 'id').first('id'));
}

// --- Areas ----------------------------------------------------------------------------------

/** An area as the coverage engine keeps it in memory (../coverage/units.ts). */
export interface AreaNode {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentId: number | null;
}

/** Every area by id: the tree the in-memory rules read. */
export type AreaTree = ReadonlyMap<number, AreaNode>;

/**
 * Keeps the areas (table `areas`) a user may see: a bureau user with an area, that area and those
 * below it; a partner with contracts, the areas holding one of its counties (the county and those
 * above it, the path its map walks down); everyone else, every area. In memory: areaVisible.
 */
export function whereAreaVisible<Q extends Knex.QueryBuilder>(db: Db, query: Q, user: User): Q {
  if (user.role === 'bureau' && user.areaId !== null) {
    query.whereRaw(`code like (select a.code from areas a where a.id = ?) || '%'`, [user.areaId]);
  } else if (user.counties !== null) {
    query.whereExists(db('areas as c').whereIn('c.id', user.counties).whereRaw(`c.code like areas.code || '%'`).select(db.raw('1')));
  }
  return query;
}

/** Whether the user may see the area (whereAreaVisible, in memory). */
export function areaVisible(tree: AreaTree, user: User, area: AreaNode): boolean {
  if (user.counties === null) return true;
  if (user.role === 'bureau' && user.areaId !== null) {
    const own = tree.get(user.areaId);
    return Boolean(own && area.code.startsWith(own.code));
  }
  return user.counties.some((c) => tree.get(c)?.code.startsWith(area.code));
}

/**
 * The area an answer is about: the one asked for (404 when the user may not see it, or there is
 * none), else the user's own (a bureau user with an area), else none: the whole deployment.
 */
export function askedArea(tree: AreaTree, user: User, areaId: number | undefined): AreaNode | null {
  if (areaId === undefined) {
    const root = rootAreaId(user);
    return root === null ? null : (tree.get(root) ?? null);
  }
  const area = tree.get(areaId);
  if (!area || !areaVisible(tree, user, area)) throw notFound('Area', areaId);
  return area;
}

/** The counties inside the area (every county when none), among `counties` when given. */
export function countiesIn(tree: AreaTree, area: AreaNode | null, counties: readonly number[] | null): number[] {
  const allowed = counties ? new Set(counties) : null;
  return [...tree.values()].filter((a) => a.level === 'county' && (!area || a.code.startsWith(area.code)) && (!allowed || allowed.has(a.id))).map((a) => a.id);
}

/**
 * The test of whether a township lies inside the area (its county's code starts with the area's;
 * `undefined`: an area that does not exist, inside which nothing lies) and among the counties. A
 * township in no county lies only in the views of no area and no counties.
 */
export function townshipTest(tree: AreaTree, area: AreaNode | null | undefined, counties: readonly number[] | null | undefined): (t: { countyId: number | null }) => boolean {
  const allowed = counties ? new Set(counties) : null;
  return (t) => {
    if (allowed && !(t.countyId !== null && allowed.has(t.countyId))) return false;
    if (area === null) return true;
    const county = t.countyId === null ? undefined : tree.get(t.countyId);
    return Boolean(area && county?.code.startsWith(area.code));
  };
}

// --- A request's scope ----------------------------------------------------------------------

/** What a request may count: the area it is about, inside the user's counties. */
export interface RequestScope {
  user: User;
  /** The asked area, else a bureau user's own; null: the whole deployment. */
  area: AreaNode | null;
  /** In memory: the units it counts, those of the area and of the user's counties (../coverage/grouping.ts Where). */
  where: { areaId?: number; counties: readonly number[] | null };
  /** In SQL: the counties whose rows it counts (whereVillageInCounties); null: every county. */
  counties(): number[] | null;
}

/** A key naming everything scopeOfRequest decides from, for answers kept per request: the user's counties, the asked area, the user's root. */
export const requestScopeKey = (user: User, areaId: number | undefined) => `${scopeKey(user)}|${areaId ?? ''}|${rootAreaId(user) ?? ''}`;

/**
 * The one decision of what a coverage answer or a report counts: the asked area (404 outside the
 * user's scope; a bureau user's own by default) and the user's counties. It reads the area tree of
 * the units the answer is computed from (`units`, of the answer's level), so that both come from
 * one reading of the registry.
 */
export function scopeOfRequest(user: User, areaId: number | undefined, units: { areas: AreaTree }): RequestScope {
  const tree = units.areas;
  const area = askedArea(tree, user, areaId);
  return {
    user,
    area,
    where: { areaId: area?.id, counties: user.counties },
    counties: () => (area === null && user.counties === null ? null : countiesIn(tree, area, user.counties)),
  };
}
