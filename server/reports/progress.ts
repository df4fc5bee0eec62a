import { DateTime } from 'luxon';
import { z } from 'zod';
import { DEFAULT_ANNUAL_PLAN_PER_UNIT, DEFAULT_PAYMENT_ROUND, roundMonths, roundOf, type PaymentRound } from '../../domain/periods.js';
import { isUnitInMonth } from '../../domain/units.js';
import { RANK } from '../../domain/status.js';
import { groupLevels } from '../areas/schemas.js';
import { requestScopeKey, scopeOfRequest } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { AppContext } from '../context.js';
import { areaRef, checkGroupBy, childLevelOf, groupsOf, whereTest, type Group } from '../coverage/grouping.js';
import { changesBetween, type Epochs } from '../coverage/log.js';
import type { Units } from '../coverage/units.js';
import type { Db } from '../db/index.js';
import { id } from '../http/validate.js';
import { moneySettingsOf } from '../money/settings.js';
import { yearMonths, yearSchema } from '../months.js';
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
// The held counts come from the coverage engine (its months are kept in memory); the timing counts
// from one query per year and grain, kept and brought up to date month by month (timingCounts).

export const ProgressQuery = z.object({
  year: yearSchema.optional(),
  areaId: id.optional(),
  groupBy: z.enum(groupLevels, { error: `must be one of ${groupLevels.join(', ')}` }).optional(),
  format: z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).default('json'),
});
export type ProgressQ = z.output<typeof ProgressQuery>;

/** Days of the last round counted as its end: a screening in them is bunched. */
export const BUNCHING_DAYS = 5;

/** The elapsed share of a year in the zone at `now`: the whole days before today over the days of the year. */
export function elapsedOfYear(year: number, zone: string, now: DateTime): { days: number; daysInYear: number; share: number } {
  const local = now.setZone(zone);
  const daysInYear = DateTime.fromObject({ year }, { zone }).daysInYear;
  const days = year < local.year ? daysInYear : year > local.year ? 0 : local.ordinal - 1;
  return { days, daysInYear, share: days / daysInYear };
}

/** Per grain id (a county, or a township) and month (1–12): completed screenings, those reported on time, those in the last BUNCHING_DAYS days of the month. */
type Timing = Map<number, { completed: Int32Array; onTime: Int32Array; last: Int32Array }>;

/** A year's timing rows as read, per month (1–12), and the screenings epoch they are as of. */
interface KeptTiming {
  epoch: number;
  months: TimingRow[][];
  /** The reads in turn: one brings the rows up to date at a time. */
  queue: Promise<unknown>;
}
interface TimingRow {
  g: number | null;
  m: number;
  completed: number;
  on_time: number;
  last: number;
}

const kept = new WeakMap<Db, Map<string, KeptTiming>>();

/**
 * The timing counts of a year per county (or township), kept per database, registry epoch, year
 * and grain, and brought up to date by re-reading only the months the commits since touched (the
 * coverage commit log: ../coverage/log.ts changesBetween); the whole year when the log cannot say.
 */
async function timingCounts(db: Db, year: number, grain: 'county' | 'township', zone: string, lateHours: number, epochs: Epochs): Promise<Timing> {
  let cache = kept.get(db);
  if (!cache) kept.set(db, (cache = new Map()));
  const key = `${epochs.database}|${epochs.registry}|${year}|${grain}|${zone}|${lateHours}`;
  let entry = cache.get(key);
  if (!entry) {
    for (const k of cache.keys()) if (!k.startsWith(`${epochs.database}|${epochs.registry}|`) || cache.size >= 8) cache.delete(k);
    entry = { epoch: -1, months: [], queue: Promise.resolve() };
    cache.set(key, entry);
  }
  const e = entry;
  const ranges = yearMonths(year, zone);
  const read = e.queue.then(async () => {
    if (e.epoch === epochs.screenings) return;
    const changes = e.epoch < 0 || e.epoch > epochs.screenings ? undefined : await changesBetween(db, e.epoch, epochs.screenings);
    let touched: number[];
    if (!changes || changes.some((c) => c.starts_at === null || c.village_id === null)) touched = ranges.map((_, i) => i + 1);
    else {
      const set = new Set<number>();
      for (const c of changes) {
        const at = new Date(c.starts_at!).getTime();
        ranges.forEach((r, i) => {
          if (at >= r.start.toMillis() && at < r.end.toMillis()) set.add(i + 1);
        });
      }
      touched = [...set];
    }
    if (touched.length === 12) {
      const rows = await readTiming(db, ranges[0]!.start.toJSDate(), ranges[11]!.end.toJSDate(), grain, zone, lateHours);
      e.months = Array.from({ length: 13 }, () => []);
      for (const r of rows) e.months[r.m]!.push(r);
    } else {
      for (const m of touched) e.months[m] = await readTiming(db, ranges[m - 1]!.start.toJSDate(), ranges[m - 1]!.end.toJSDate(), grain, zone, lateHours);
    }
    e.epoch = epochs.screenings;
  });
  e.queue = read.catch(() => {
    e.epoch = -1;
  });
  await read;
  const out: Timing = new Map();
  for (const rows of e.months) {
    for (const r of rows ?? []) {
      const g = r.g ?? 0;
      let t = out.get(g);
      if (!t) out.set(g, (t = { completed: new Int32Array(13), onTime: new Int32Array(13), last: new Int32Array(13) }));
      t.completed[r.m] = r.completed;
      t.onTime[r.m] = r.on_time;
      t.last[r.m] = r.last;
    }
  }
  return out;
}

/** Completed screenings starting in [from, to) per grain id and month in the zone. */
async function readTiming(db: Db, from: Date, to: Date, grain: 'county' | 'township', zone: string, lateHours: number): Promise<TimingRow[]> {
  const column = grain === 'county' ? 't.county_id' : 't.id';
  return (
    await db.raw(
      `select ${column} as g, extract(month from s.starts_at at time zone :zone)::int as m,
              count(*)::int as completed,
              count(*) filter (where s.reported_at is null or s.reported_at <= s.starts_at + make_interval(secs => :secs))::int as on_time,
              count(*) filter (where (s.starts_at at time zone :zone) >= date_trunc('month', s.starts_at at time zone :zone) + interval '1 month' - make_interval(days => :days))::int as last
         from screenings s
         join villages v on v.id = s.village_id
         join townships t on t.id = v.township_id
        where s.status = 'completed' and s.starts_at >= :from and s.starts_at < :to
        group by 1, 2`,
      { zone, secs: lateHours * 3600, days: BUNCHING_DAYS, from, to },
    )
  ).rows;
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

/** Per unit position inside the scope, into its group: units of the year and expected (per county plan); answers each position's group (-1: not counted). */
function unitSums(u: Units, sums: Sums[], groupOf: (p: number) => number, inside: ((p: number) => boolean) | undefined, plan: (county: number) => number, share: number, yearStart: number): Int32Array {
  const groupAt = new Int32Array(u.id.length).fill(-1);
  for (let p = 0; p < u.id.length; p++) {
    if (inside && !inside(p)) continue;
    const g = groupOf(p);
    if (g < 0) continue;
    if (!isUnitInMonth(u.retiredAt[p]!, yearStart)) continue;
    groupAt[p] = g;
    while (sums.length <= g) sums.push(emptySums());
    const s = sums[g]!;
    s.units++;
    s.expected += plan(u.countyId[p]!) * share;
  }
  return groupAt;
}

/**
 * The unit-months held, month by month from the coverage engine: one month's statuses at a time
 * (a whole year at once would hold twelve months' screenings in memory together on a cold start).
 */
async function heldSums(ctx: AppContext, u: Units, groupAt: Int32Array, sums: Sums[], ranges: ReturnType<typeof yearMonths>, now: DateTime, epochs: Epochs) {
  for (const range of ranges) {
    if (range.start > now) break; // a month not yet begun holds nothing
    const st = await ctx.coverage.month(range, 'administrative', now, epochs);
    const start = range.start.toMillis();
    const { rank } = st;
    for (let p = 0; p < groupAt.length; p++) {
      const g = groupAt[p]!;
      if (g >= 0 && rank[p] === RANK.covered && isUnitInMonth(u.retiredAt[p]!, start)) sums[g]!.held++;
    }
  }
}

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
    answer = computeProgress(ctx, user, q, year, epochs);
    kept.set(key, answer);
    answer.catch(() => kept.delete(key));
    for (const k of kept.keys()) if (kept.size > KEPT_ANSWERS) kept.delete(k);
  }
  const { name, title, body } = await answer;
  return { name, title, body: { ...body, asOf: local.toISO()! } };
}

async function computeProgress(ctx: AppContext, user: User, q: ProgressQ, year: number, epochs: Epochs) {
  const { timezone: zone, evidence } = ctx.config;
  const now = ctx.config.now();
  const units = await ctx.coverage.units('administrative', epochs);
  const scope = scopeOfRequest(user, q.areaId, units);
  const { area } = scope;
  const groupBy = q.groupBy ?? childLevelOf(units, area);
  checkGroupBy(area, groupBy);
  const { groups, groupOf } = groupsOf(units, user, area, groupBy);
  const elapsed = elapsedOfYear(year, zone, now);
  const ranges = yearMonths(year, zone);
  const grain = groupBy === 'township' ? 'township' : 'county';
  const timing = await timingCounts(ctx.db, year, grain, zone, evidence.lateReportHours, epochs);
  const counties = [...units.areas.values()].filter((a) => a.level === 'county').map((a) => a.id);
  const settings = await moneySettingsOf(ctx.db, counties, Math.round(ctx.config.subsidyPerScreeningYuan * 100));
  const plan = (county: number) => settings.get(county)?.annualPlanPerUnit.value ?? DEFAULT_ANNUAL_PLAN_PER_UNIT;
  const roundKind = (county: number): PaymentRound => settings.get(county)?.paymentRound.value ?? DEFAULT_PAYMENT_ROUND;

  const sums = groups.map(emptySums);
  const groupAt = unitSums(units, sums, groupOf, whereTest(units, scope.where), plan, elapsed.share, ranges[0]!.start.toMillis());
  await heldSums(ctx, units, groupAt, sums, ranges, now, epochs);
  // groupOf may add the group of units in no county while it runs: sums for it too.
  while (sums.length < groups.length) sums.push(emptySums());
  timingSums(units, timing, grain, groups, sums, user, area, roundKind, year, now.setZone(zone).toFormat('yyyy-MM'));

  const rows = groups.map((g, i) => ({ id: g.id, code: g.code, name: g.name, level: g.level, ...figures(sums[i]!) }));
  rows.sort((a, b) => (a.progress ?? Infinity) - (b.progress ?? Infinity) || (a.code ?? '~').localeCompare(b.code ?? '~'));
  const total = sums.reduce((t, s) => {
    for (const k of Object.keys(t) as (keyof Sums)[]) t[k] += s[k];
    return t;
  }, emptySums());
  const place = reportPlace(scope, units.areas);
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
    groups: rows,
  };
  const name = `${place ? `${place}-` : ''}progress-${area ? `${area.code}-` : ''}${year}`;
  return { name, title: sheetTitle(place, `${year}年序时进度`), body };
}

/** The timing counts into the groups: a county's (or township's) months, the rounds that have begun by its payment round. */
function timingSums(u: Units, timing: Timing, grain: 'county' | 'township', groups: Group[], sums: Sums[], user: User, area: ReturnType<typeof scopeOfRequest>['area'], roundKind: (county: number) => PaymentRound, year: number, current: string) {
  // Which group each grain id falls in: through a unit of it where it has one, else by its county's ancestors.
  const index = new Map<number | null, number>(groups.map((g, i) => [g.id, i]));
  const groupOfGrain = (id: number, county: number): number => {
    if (grain === 'township') return index.get(id) ?? -1;
    if (!county) return area || user.counties ? -1 : (index.get(null) ?? -1);
    if (user.counties && !user.counties.includes(county)) return -1;
    for (let a = u.areas.get(county); a; a = a.parentId === null ? undefined : u.areas.get(a.parentId)) {
      const g = index.get(a.id);
      if (g !== undefined && a.level === groups[g]!.level) return g;
    }
    return -1;
  };
  const countyOfTownship = new Map(u.townships.map((t) => [t.id, t.countyId ?? 0]));
  for (const [id, t] of timing) {
    const county = grain === 'county' ? id : (countyOfTownship.get(id) ?? 0);
    const g = groupOfGrain(id, county);
    if (g < 0) continue;
    const s = sums[g]!;
    const kind = roundKind(county);
    for (let m = 1; m <= 12; m++) {
      s.completed += t.completed[m]!;
      s.onTime += t.onTime[m]!;
      const month = `${year}-${String(m).padStart(2, '0')}`;
      const inRound = roundMonths(roundOf(month, kind))!;
      if (inRound[0]! > current) continue; // a round not yet begun
      s.roundScreenings += t.completed[m]!;
      if (inRound.at(-1) === month) s.bunched += t.last[m]!;
    }
  }
}

export type ProgressReport = Awaited<ReturnType<typeof progressReport>>['body'];
