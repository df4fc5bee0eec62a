import { isUnitInMonth } from '../../domain/units.js';
import type { User } from '../auth/user.js';
import { badRequest } from '../http/problem.js';
import type { AreaLevel, GroupLevel } from '../areas/schemas.js';
import { areaVisible, rootAreaId, townshipTest, type AreaNode } from '../areas/scope.js';
import type { Units } from './units.js';

// Coverage above the township (DOMAIN.md "Areas and scopes"): which units an answer counts — those
// of an area, of a user's scope, of a township — and which group each falls in at a level, read
// off the unit list in memory (no database): a unit's county is its township's, a county's
// prefecture and province its parents. Who may see what is ../areas/scope.ts's to say.

export const groupRank: Record<GroupLevel, number> = { province: 0, prefecture: 1, county: 2, township: 3 };

/** What an answer counts: the units of an area, a township, and — for a scoped user — its counties. */
export interface Where {
  townshipId?: number;
  areaId?: number;
  /** The user's counties (server/areas/scope.ts); null or absent: every unit. */
  counties?: readonly number[] | null;
}

/** Per unit list: for each area level, the area of each position (0: none); built once, on first use. */
const groupColumns = new WeakMap<Units, Map<AreaLevel, Int32Array>>();

/** The area of level `level` each unit lies in (0: its township is in no county). */
export function areaColumn(u: Units, level: AreaLevel): Int32Array {
  let columns = groupColumns.get(u);
  if (!columns) groupColumns.set(u, (columns = new Map()));
  let column = columns.get(level);
  if (column) return column;
  const up = level === 'county' ? 0 : level === 'prefecture' ? 1 : 2;
  const of = new Map<number, number>();
  const lift = (county: number) => {
    let area: AreaNode | undefined = u.areas.get(county);
    for (let i = 0; i < up && area; i++) area = area.parentId === null ? undefined : u.areas.get(area.parentId);
    return area?.id ?? 0;
  };
  column = new Int32Array(u.countyId.length);
  for (let p = 0; p < column.length; p++) {
    const county = u.countyId[p]!;
    if (!county) continue;
    let area = of.get(county);
    if (area === undefined) of.set(county, (area = lift(county)));
    column[p] = area;
  }
  columns.set(level, column);
  return column;
}

/** The test of whether position p is inside `where` (in no particular month). */
export function whereTest(u: Units, where: Where = {}): ((p: number) => boolean) | undefined {
  const tests: ((p: number) => boolean)[] = [];
  if (where.townshipId !== undefined) {
    const township = where.townshipId;
    tests.push((p) => u.townshipId[p] === township);
  }
  if (where.areaId !== undefined) {
    const area = u.areas.get(where.areaId);
    const column = area ? areaColumn(u, area.level) : undefined;
    const id = where.areaId;
    tests.push(column ? (p) => column[p] === id : () => false);
  }
  if (where.counties) {
    const counties = new Set(where.counties);
    tests.push((p) => counties.has(u.countyId[p]!));
  }
  if (!tests.length) return undefined;
  if (tests.length === 1) return tests[0];
  return (p) => tests.every((t) => t(p));
}

/** The test of whether position p is a unit of the month inside `where`. */
export function unitTestOf(u: Units, monthStart: number, where: Where = {}): (p: number) => boolean {
  const inside = whereTest(u, where);
  const { retiredAt } = u;
  return inside ? (p) => isUnitInMonth(retiredAt[p]!, monthStart) && inside(p) : (p) => isUnitInMonth(retiredAt[p]!, monthStart);
}

/** The level just below the area: a province's prefectures, …, a county's townships; below the whole deployment its provinces, or its townships when it has no areas. */
export function childLevelOf(u: Units, area: AreaNode | null): GroupLevel {
  if (!area) return u.areas.size ? 'province' : 'township';
  return area.level === 'province' ? 'prefecture' : area.level === 'prefecture' ? 'county' : 'township';
}

/** groupBy must lie below the area's level: 400 naming the field otherwise. */
export function checkGroupBy(area: AreaNode | null, groupBy: GroupLevel): void {
  if (area && groupRank[groupBy] <= groupRank[area.level]) {
    throw badRequest(`groupBy: must be below the area's level (${area.level}).`, [{ path: 'groupBy', message: `must be a level below ${area.level}` }]);
  }
}

export interface Group {
  /** null: the units whose township lies in no county (a registry not yet placed in areas). */
  id: number | null;
  code: string | null;
  name: string;
  level: GroupLevel;
}

/** The name of the group of units in no county. */
export const UNPLACED = '未归属县级区划 (in no county)';

/**
 * The groups of level `groupBy` inside the area and the user's scope, by code, with each position's
 * group index (-1: outside); every such area or township is a group, also one without units.
 */
export function groupsOf(u: Units, user: User, area: AreaNode | null, groupBy: GroupLevel): { groups: Group[]; groupOf: (p: number) => number } {
  const groups: Group[] = [];
  // Group index by area or township id, in a typed array: the loops over every unit look it up once a unit.
  let maxId = 0;
  for (const id of groupBy === 'township' ? u.townships.map((t) => t.id) : u.areas.keys()) if (id > maxId) maxId = id;
  const index = new Int32Array(maxId + 1).fill(-1);
  const add = (g: Group) => {
    index[g.id ?? 0] = groups.length;
    groups.push(g);
  };
  if (groupBy === 'township') {
    const inScope = townshipTest(u.areas, area, user.counties);
    for (const t of u.townships) if (inScope(t)) add({ id: t.id, code: t.code, name: t.name, level: 'township' });
    const of = u.townshipId;
    return { groups, groupOf: (p) => index[of[p]!] ?? -1 };
  }
  const byCode = [...u.areas.values()].filter((a) => a.level === groupBy && (!area || a.code.startsWith(area.code)) && areaVisible(u.areas, user, a));
  byCode.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const a of byCode) add({ id: a.id, code: a.code, name: a.name, level: groupBy });
  const column = areaColumn(u, groupBy);
  const scoped = Boolean(area || user.counties);
  return {
    groups,
    groupOf: (p) => {
      const id = column[p]!;
      if (id) return index[id]!;
      // A unit in no county belongs to no area: counted apart, and only where the whole deployment is asked.
      if (scoped) return -1;
      if (index[0]! < 0) add({ id: null, code: null, name: UNPLACED, level: groupBy });
      return index[0]!;
    },
  };
}

/** An area as answers name it. */
export const areaRef = (a: AreaNode): { id: number; code: string; name: string; level: AreaLevel } => ({ id: a.id, code: a.code, name: a.name, level: a.level });

/** The areas from the user's root down to `area` (the breadcrumb); empty for the whole deployment. */
export function pathTo(u: Units, user: User, area: AreaNode | null): ReturnType<typeof areaRef>[] {
  const path: AreaNode[] = [];
  const root = rootAreaId(user);
  for (let a: AreaNode | undefined = area ?? undefined; a; a = a.parentId === null ? undefined : u.areas.get(a.parentId)) {
    path.unshift(a);
    if (a.id === root) break;
  }
  return path.map(areaRef);
}
