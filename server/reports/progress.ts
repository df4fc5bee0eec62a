import { DateTime } from 'luxon';
import { z } from 'zod';
import { DEFAULT_ANNUAL_PLAN_PER_UNIT, DEFAULT_PAYMENT_ROUND, paymentRounds, roundMonths, roundOf, type PaymentRound } from '../../domain/periods.js';
import { groupLevels, type GroupLevel } from '../areas/schemas.js';
import { areaVisible, requestScopeKey, scopeOfRequest, townshipTest, type AreaNode, type AreaTree } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { AppContext } from '../context.js';
import { areaRef, checkGroupBy, childLevelOf, UNPLACED, type Group } from '../coverage/grouping.js';
import type { Epochs } from '../coverage/log.js';
import type { Units } from '../coverage/units.js';
import type { Db } from '../db/index.js';
import { id } from '../http/validate.js';
import { moneySettingsOf, type MoneySettings } from '../money/settings.js';
import { yearSchema } from '../months.js';
import { BUNCHING_DAYS, progressRows, sumProgressRows, type CountSums, type Grain } from './progressCounts.js';
import { reportPlace, sheetTitle } from './title.js';

// DOMAIN.md "Periods and settlement", Progress (序时进度): per group of units inside the scope,
//   units     the administrative units of the year (not retired before it begins);
//   expected  Σ units × annualPlanPerUnit (each county's, inherited: ../money/settings.ts) × the
//             elapsed share of the year in the county zone (a past year 1, a future one 0, the
//             current one the whole days before today / the days of the year: 365 or 366);
//   held      unit-months covered: a unit's month counts once when a completed screening the bureau
//             has not rejected starts in it (the coverage engine's "covered"), so a second
//             screening in a month does not inflate progress;
//   progress  held / expected (null while expected is 0);
//   onTimeRate     completed screenings of the year reported within LATE_REPORT_HOURS of their
//                  start / completed ones (null: none); a screening without a report time (a
//                  bulk load) is not late, as the evidence check reads it;
//   bunchingShare  over the county's payment rounds (paymentRound, inherited) of the year that have
//                  begun (ended, or the current one): completed screenings starting in the last 5
//                  days of their round / all of those rounds' completed screenings (null: none).
// Groups worst first: lowest progress first (those with nothing expected last), then by code.
// The counts come from the table ./progressCounts.ts keeps per county-month (township-month for
// groupBy=township), brought up to date by the few county-months each write touches; the units of
// the year are January's units there. Bunching needs no rescan when a round changes: every round
// ends at a month's end, and the rows keep each month's last-days count; which months count is
// decided here from the county's paymentRound (monthFlags) and summed in SQL. No per-unit
// structure is held for this report.

export const ProgressQuery = z.object({
  year: yearSchema.optional(),
  areaId: id.optional(),
  groupBy: z.enum(groupLevels, { error: `must be one of ${groupLevels.join(', ')}` }).optional(),
  format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).default('json'),
});
export type ProgressQ = z.output<typeof ProgressQuery>;

export { BUNCHING_DAYS };

/** The elapsed share of a year in the zone at `now`: the whole days before today over the days of the year. */
export function elapsedOfYear(year: number, zone: string, now: DateTime): { days: number; daysInYear: number; share: number } {
  const local = now.setZone(zone);
  const daysInYear = DateTime.fromObject({ year }, { zone }).daysInYear;
  const days = year < local.year ? daysInYear : year > local.year ? 0 : local.ordinal - 1;
  return { days, daysInYear, share: days / daysInYear };
}

interface Sums {
  units: number;
  expected: number;
  held: number;
  completed: number;
  onTime: number;
  roundScreenings: number;
  bunched: number;
}
const emptySums = (): Sums => ({ units: 0, expected: 0, held: 0, completed: 0, onTime: 0, roundScreenings: 0, bunched: 0 });
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const round2 = (x: number) => Math.round(x * 100) / 100;
const figures = (s: Sums) => ({
  units: s.units,
  expected: round2(s.expected),
  held: s.held,
  progress: ratio(s.held, s.expected),
  completed: s.completed,
  onTime: s.onTime,
  onTimeRate: ratio(s.onTime, s.completed),
  roundScreenings: s.roundScreenings,
  bunched: s.bunched,
  bunchingShare: ratio(s.bunched, s.roundScreenings),
});

/** The plans and rounds set on areas: a change of one changes the answers kept. */
async function settingsMark(db: Db): Promise<string> {
  const row = await db('area_settings')
    .whereNotNull('annual_plan_per_unit')
    .orWhereNotNull('payment_round')
    .first(db.raw(`coalesce(string_agg(area_id || ':' || coalesce(annual_plan_per_unit::text, '') || ':' || coalesce(payment_round, ''), ',' order by area_id), '') as mark`));
  return (row as { mark: string } | undefined)?.mark ?? '';
}

/** Answers kept per database: the same question, counters, day and settings give the same figures (only asOf moves). */
const answers = new WeakMap<Db, Map<string, Promise<Awaited<ReturnType<typeof computeProgress>>>>>();
const KEPT_ANSWERS = 32;

/** GET /api/reports/progress: the year's progress per group inside the user's scope. */
export async function progressReport(ctx: AppContext, user: User, q: ProgressQ) {
  const { timezone: zone, evidence } = ctx.config;
  const now = ctx.config.now();
  const year = q.year ?? now.setZone(zone).year;
  const [epochs, mark] = await Promise.all([ctx.coverage.epochs(), settingsMark(ctx.db)]);
  const local = now.setZone(zone);
  const key = [epochs.database, epochs.registry, epochs.screenings, year, requestScopeKey(user, q.areaId), q.groupBy ?? '', elapsedOfYear(year, zone, now).days, local.toFormat('yyyy-MM'), zone, evidence.lateReportHours, mark].join('|');
  let kept = answers.get(ctx.db);
  if (!kept) answers.set(ctx.db, (kept = new Map()));
  let answer = kept.get(key);
  if (!answer) {
    answer = computeProgress(ctx, user, q, year, epochs, mark);
    kept.set(key, answer);
    answer.catch(() => kept.delete(key));
    for (const k of kept.keys()) if (kept.size > KEPT_ANSWERS) kept.delete(k);
  }
  const { name, title, body } = await answer;
  return { name, title, body: { ...body, asOf: local.toISO()! } };
}

async function computeProgress(ctx: AppContext, user: User, q: ProgressQ, year: number, epochs: Epochs, mark: string) {
  const { timezone: zone, evidence } = ctx.config;
  const now = ctx.config.now();
  const { areas, settings } = await areasAndSettings(ctx, epochs, mark);
  const scope = scopeOfRequest(user, q.areaId, { areas });
  const { area } = scope;
  const groupBy = q.groupBy ?? childLevelOf({ areas } as Pick<Units, 'areas'> as Units, area);
  checkGroupBy(area, groupBy);
  const grain: Grain = groupBy === 'township' ? 'township' : 'county';
  const [kept, townships] = await Promise.all([
    progressRows(ctx.db, year, grain, epochs, { zone, lateHours: evidence.lateReportHours }),
    grain === 'township' ? readTownships(ctx.db, scope.counties()) : undefined,
  ]);
  const elapsed = elapsedOfYear(year, zone, now);
  const current = now.setZone(zone).toFormat('yyyy-MM');
  const { held, kinds } = monthFlags(year, current);
  const plan = (county: number) => settings.get(county)?.annualPlanPerUnit.value ?? DEFAULT_ANNUAL_PLAN_PER_UNIT;
  const roundKind = (county: number): PaymentRound => settings.get(county)?.paymentRound.value ?? DEFAULT_PAYMENT_ROUND;

  const ids = grain === 'township' ? townships!.map((t) => t.id) : scope.counties();
  const rows = sumProgressRows(kept, ids, held, kinds);
  const { groups, groupOfRow } = progressGroups(areas, townships, user, area, groupBy, rows);
  const countyOfTownship = new Map((townships ?? []).map((t) => [t.id, t.countyId ?? 0]));
  const sums = groups.map(emptySums);
  for (const r of rows) {
    const g = groupOfRow(r.area_id);
    if (g < 0) continue;
    const county = grain === 'county' ? r.area_id : (countyOfTownship.get(r.area_id) ?? 0);
    const s = sums[g]!;
    const k = paymentRounds.indexOf(roundKind(county));
    s.units += r.units;
    s.expected += r.units * plan(county) * elapsed.share;
    s.held += r.held;
    s.completed += r.completed;
    s.onTime += r.on_time;
    s.roundScreenings += r.rounds[k]!;
    s.bunched += r.bunched[k]!;
  }

  const out = groups.map((g, i) => ({ id: g.id, code: g.code, name: g.name, level: g.level, ...figures(sums[i]!) }));
  out.sort((a, b) => (a.progress ?? Infinity) - (b.progress ?? Infinity) || (a.code ?? '~').localeCompare(b.code ?? '~'));
  const total = sums.reduce((t, s) => {
    for (const k of Object.keys(t) as (keyof Sums)[]) t[k] += s[k];
    return t;
  }, emptySums());
  const place = reportPlace(scope, areas);
  const body = {
    year,
    asOf: now.setZone(zone).toISO()!,
    timezone: zone,
    elapsedDays: elapsed.days,
    daysInYear: elapsed.daysInYear,
    elapsedShare: elapsed.share,
    lateReportHours: evidence.lateReportHours,
    bunchingDays: BUNCHING_DAYS,
    area: area && areaRef(area),
    place,
    groupBy,
    totals: figures(total),
    groups: out,
  };
  const name = `${place ? `${place}-` : ''}progress-${area ? `${area.code}-` : ''}${year}`;
  return { name, title: sheetTitle(place, `${year}年序时进度`), body };
}

/**
 * Per month (1–12; index 0 unused) of the year: 1 where it has begun (its held counts), and per
 * payment round kind (paymentRounds' order) 1 where its round has begun (its completed screenings
 * count in the bunching share's whole) and 1 where it also ends its round (its last days' count bunched).
 */
function monthFlags(year: number, current: string) {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const held = [0, ...months.map((m) => (m <= current ? 1 : 0))];
  const kinds = paymentRounds.map((kind) => {
    const begun = [0];
    const ends = [0];
    for (const month of months) {
      const inRound = roundMonths(roundOf(month, kind))!;
      const b = inRound[0]! <= current ? 1 : 0;
      begun.push(b);
      ends.push(b && inRound.at(-1) === month ? 1 : 0);
    }
    return { begun, ends };
  });
  return { held, kinds };
}

/** The areas and the counties' plans and rounds, kept while the registry and those settings stay as they were. */
const keptAreas = new WeakMap<Db, { key: string; value: Promise<{ areas: AreaTree; settings: Map<number, MoneySettings> }> }>();
function areasAndSettings(ctx: AppContext, epochs: Epochs, mark: string) {
  const key = `${epochs.database}|${epochs.registry}|${mark}`;
  const kept = keptAreas.get(ctx.db);
  if (kept?.key === key) return kept.value;
  const value = (async () => {
    const areas = await readAreas(ctx.db);
    const counties = [...areas.values()].filter((a) => a.level === 'county').map((a) => a.id);
    return { areas, settings: await moneySettingsOf(ctx.db, counties, Math.round(ctx.config.subsidyPerScreeningYuan * 100)) };
  })();
  keptAreas.set(ctx.db, { key, value });
  value.catch(() => keptAreas.get(ctx.db)?.value === value && keptAreas.delete(ctx.db));
  return value;
}

async function readAreas(db: Db): Promise<AreaTree> {
  const rows: AreaNode[] = await db('areas').select('id', 'code', 'name', 'level', 'parent_id as parentId');
  return new Map(rows.map((a) => [a.id, a]));
}

interface TownshipRow {
  id: number;
  name: string;
  code: string | null;
  countyId: number | null;
}

/** The townships of the counties (null: all), in the unit list's order: code, name, id. */
async function readTownships(db: Db, counties: number[] | null): Promise<TownshipRow[]> {
  const q = db('townships').orderByRaw('code nulls last, name, id').select('id', 'name', 'code', 'county_id as countyId');
  if (counties) q.whereIn('county_id', counties);
  return q;
}

/**
 * The groups of level `groupBy` inside the area and the user's scope, by code (as
 * ../coverage/grouping.ts groupsOf), and the group of each row's area (a county, or a township;
 * -1: outside). The group of units in no county (county 0) is there when the whole deployment is
 * asked and some village lies in such a township.
 */
function progressGroups(areas: AreaTree, townships: TownshipRow[] | undefined, user: User, area: AreaNode | null, groupBy: GroupLevel, rows: CountSums[]) {
  const groups: Group[] = [];
  const index = new Map<number | null, number>();
  const add = (g: Group) => {
    index.set(g.id, groups.length);
    groups.push(g);
  };
  if (groupBy === 'township') {
    const inScope = townshipTest(areas, area, user.counties);
    for (const t of townships!) if (inScope(t)) add({ id: t.id, code: t.code, name: t.name, level: 'township' });
    return { groups, groupOfRow: (id: number) => index.get(id) ?? -1 };
  }
  const byCode = [...areas.values()].filter((a) => a.level === groupBy && (!area || a.code.startsWith(area.code)) && areaVisible(areas, user, a));
  byCode.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const a of byCode) add({ id: a.id, code: a.code, name: a.name, level: groupBy });
  const scoped = Boolean(area || user.counties);
  if (!scoped && rows.some((r) => r.area_id === 0 && r.registered > 0)) add({ id: null, code: null, name: UNPLACED, level: groupBy });
  return {
    groups,
    groupOfRow: (county: number): number => {
      if (!county) return scoped ? -1 : (index.get(null) ?? -1);
      if (user.counties && !user.counties.includes(county)) return -1;
      for (let a = areas.get(county); a; a = a.parentId === null ? undefined : areas.get(a.parentId)) {
        const g = index.get(a.id);
        if (g !== undefined && a.level === groups[g]!.level) return g;
      }
      return -1;
    },
  };
}

/**
 * Progress before the first request: the current year's kept rows read into this process (and the
 * areas with their plans), when some server has filled them before — a first fill (seconds at
 * national scale) is left to the first request that asks, as before.
 */
export async function warmProgress(ctx: AppContext, user: User): Promise<void> {
  const year = ctx.config.now().setZone(ctx.config.timezone).year;
  if (!(await ctx.db('progress_months').where({ grain: 'county' }).whereLike('month', `${year}-%`).first('month'))) return;
  await progressReport(ctx, user, { year, format: 'json' });
}

export type ProgressReport = Awaited<ReturnType<typeof progressReport>>['body'];
