import { coverageRatio, NOT_A_UNIT, RANK, statusLetter, statusOfRank, type UnitCounts, type UnitStatus } from '../../domain/status.js';
import { isUnitInMonth, type VillageKind } from '../../domain/units.js';
import { townshipTest } from '../areas/scope.js';
import { unitTestOf, whereTest, type Group, type Where } from './grouping.js';
import type { MonthStatuses } from './engine.js';

// What a month's or a year's kept statuses (./engine.ts) count to — totals, rows, letters — read
// off in plain loops: no database. The routes' answers (./specs.ts) and the reports are made of these.

/** The test of whether a position is a unit of the month inside `where` (a township, an area, a user's counties). */
export const unitTest = (m: MonthStatuses, where: Where = {}): ((p: number) => boolean) => unitTestOf(m.units, m.month.start.toMillis(), where);

export const statusAt = (m: MonthStatuses, p: number): UnitStatus => statusOfRank[m.rank[p]!]!;

export type Counts = UnitCounts;
export type WithCoverage<T extends Counts> = T & { coverage: number };
export type TownshipCounts = Counts & { id: number; name: string };

/**
 * What the headline `coverage` counts: units covered by any completed screening not rejected
 * (`reported`, DOMAIN.md's covered/units), or only by backed ones (`verified`). COVERAGE_HEADLINE.
 */
export type Headline = 'reported' | 'verified';

export const withCoverage = <T extends Counts>(c: T, headline: Headline = 'reported'): WithCoverage<T> => ({
  ...c,
  coverage: coverageRatio(headline === 'verified' ? c.verified : c.covered, c.units),
});

const zero = (): Counts => ({ units: 0, covered: 0, planned: 0, overdue: 0, gap: 0, verified: 0 });
const sum = (rows: Counts[]): Counts => {
  const total = zero();
  for (const r of rows) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += r[k];
  return total;
};

/** Counts per township: every township inside `where` (also those without units). */
export function townshipCountsOf(m: MonthStatuses, where: Where = {}): TownshipCounts[] {
  const byTownship = new Map<number, TownshipCounts>();
  const inScope = townshipTest(m.units.areas, where.areaId === undefined ? null : m.units.areas.get(where.areaId), where.counties);
  for (const t of m.units.townships) {
    if (where.townshipId !== undefined && t.id !== where.townshipId) continue;
    if (inScope(t)) byTownship.set(t.id, { id: t.id, name: t.name, ...zero() });
  }
  const isUnit = unitTest(m, where);
  for (let p = 0; p < m.units.id.length; p++) {
    if (!isUnit(p)) continue;
    const c = byTownship.get(m.units.townshipId[p]!);
    if (!c) continue;
    c.units++;
    c[statusAt(m, p)]++;
    c.verified += m.verified[p]!;
  }
  return [...byTownship.values()];
}

/** The summary: totals and every township, each with its coverage (/api/coverage, the month report). */
export function summaryOf(m: MonthStatuses, where: Where = {}, headline?: Headline) {
  const rows = townshipCountsOf(m, where);
  return { totals: withCoverage(sum(rows), headline), townships: rows.map((r) => withCoverage(r, headline)) };
}

export type GroupCounts = Counts & Group;

/** Counts per group (./grouping.ts groupsOf): every group, also those without units; totals are their sum. */
export function groupCountsOf(m: MonthStatuses, groups: Group[], groupOf: (p: number) => number, where: Where = {}, headline?: Headline) {
  const isUnit = unitTest(m, where);
  const counts: Counts[] = groups.map(zero);
  for (let p = 0; p < m.units.id.length; p++) {
    if (!isUnit(p)) continue;
    const g = groupOf(p);
    if (g < 0) continue;
    // groupOf may add the group of units in no county as it meets one.
    const c = (counts[g] ??= zero());
    c.units++;
    c[statusAt(m, p)]++;
    c.verified += m.verified[p]!;
  }
  const rows = groups.map((g, i) => withCoverage({ id: g.id, name: g.name, level: g.level, code: g.code, ...(counts[i] ?? zero()) }, headline));
  return { totals: withCoverage(sum(counts.filter(Boolean)), headline), groups: rows };
}

/** One letter per village of the level in id order (domain/status.ts statusLetter), NOT_A_UNIT where it is none this month or not of the township. */
export function statusLettersOf(m: MonthStatuses, where: Where = {}, listed: Where = {}): string {
  const isUnit = unitTest(m, where);
  return listedOf(m, listed)
    .map((p) => (isUnit(p) ? statusLetter[statusAt(m, p)] : NOT_A_UNIT))
    .join('');
}

/** The positions /api/coverage/units lists for `listed` (an area, a user's counties), in id order. */
const listedOf = (m: MonthStatuses, listed: Where): number[] => {
  const inside = whereTest(m.units, listed);
  return Array.from(inside ? m.units.byId.filter(inside) : m.units.byId);
};

/** Beside the letters, in the same order: 1 where a backed screening covers the unit, 0 where none does, NOT_A_UNIT where it is none. */
export function verifiedLettersOf(m: MonthStatuses, where: Where = {}, listed: Where = {}): string {
  const isUnit = unitTest(m, where);
  return listedOf(m, listed)
    .map((p) => (isUnit(p) ? String(m.verified[p]) : NOT_A_UNIT))
    .join('');
}

export interface UnitRow {
  id: number;
  name: string;
  code: string | null;
  kind: VillageKind;
  lat: number;
  lng: number;
  townshipId: number;
  townshipName: string;
  status: UnitStatus;
  screenings: number;
  verified: boolean;
}

/** What the registry says of the unit at position p: who and where it is, in no month. */
export const unitFactsAt = (u: MonthStatuses['units'], p: number): Omit<UnitRow, 'status' | 'screenings' | 'verified'> => ({
  id: u.id[p]!,
  name: u.name[p]!,
  code: u.code[p]!,
  kind: u.kind[p]!,
  lat: u.lat[p]!,
  lng: u.lng[p]!,
  townshipId: u.townshipId[p]!,
  townshipName: u.townshipName[p]!,
});

export const unitRowAt = (m: MonthStatuses, p: number): UnitRow => ({
  ...unitFactsAt(m.units, p),
  status: statusAt(m, p),
  screenings: m.screenings[p]!,
  verified: m.verified[p] === 1,
});

/** The units of the month with status and count, by township, code, name, id. */
export function unitRowsOf(m: MonthStatuses, where: Where = {}, status?: UnitStatus): UnitRow[] {
  const isUnit = unitTest(m, where);
  const rows: UnitRow[] = [];
  for (let p = 0; p < m.units.id.length; p++) {
    if (isUnit(p) && (!status || statusAt(m, p) === status)) rows.push(unitRowAt(m, p));
  }
  return rows;
}

/** A unit's status in the month: null where it is no unit that month (retired), undefined where the id is no unit of the level. */
export function unitStatusOf(m: MonthStatuses, unitId: number): UnitStatus | null | undefined {
  const p = m.units.unitOf.get(unitId);
  if (p === undefined || m.units.id[p] !== unitId) return undefined;
  return unitTest(m)(p) ? statusAt(m, p) : null;
}

/** Per unit position: its status in each month of the year, or null where it was no unit. */
export const yearStatusesAt = (months: MonthStatuses[], p: number) =>
  months.map((m) => (isUnitInMonth(m.units.retiredAt[p]!, m.month.start.toMillis()) ? statusAt(m, p) : null));

/** The rows of the year: units of its first month (of the township), by township, code, name, id. */
export function yearPositions(months: MonthStatuses[], where: Where = {}): number[] {
  const isUnit = unitTest(months[0]!, where);
  const out: number[] = [];
  for (let p = 0; p < months[0]!.units.id.length; p++) if (isUnit(p)) out.push(p);
  return out;
}

export interface YearRow {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  statuses: (UnitStatus | null)[];
}

export function yearRowsOf(months: MonthStatuses[], where: Where = {}): YearRow[] {
  const u = months[0]!.units;
  return yearPositions(months, where).map((p) => ({ id: u.id[p]!, name: u.name[p]!, townshipId: u.townshipId[p]!, townshipName: u.townshipName[p]!, statuses: yearStatusesAt(months, p) }));
}

/** Per month: units, covered and verified units among the year's rows (one tight loop a month: 12 × 50,000 in a few ms). */
export function yearMonthsOf(months: MonthStatuses[], where: Where = {}, headline: Headline = 'reported') {
  const rows = yearPositions(months, where);
  return months.map((m) => {
    const isUnit = unitTest(m);
    let units = 0;
    let covered = 0;
    let verified = 0;
    for (const p of rows) {
      if (!isUnit(p)) continue;
      units++;
      if (m.rank[p] === RANK.covered) covered++;
      verified += m.verified[p]!;
    }
    return { month: m.month.month, units, covered, verified, coverage: coverageRatio(headline === 'verified' ? verified : covered, units) };
  });
}
