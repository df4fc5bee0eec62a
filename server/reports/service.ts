import { monthHasBegun } from '../../domain/months.js';
import { scopeOfRequest } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { AppContext } from '../context.js';
import { groupCountsOf, summaryOf, yearMonthsOf, yearRowsOf } from '../coverage/counts.js';
import { areaRef, childLevelOf, groupsOf } from '../coverage/grouping.js';
import { monthOrCurrent, yearMonths } from '../months.js';
import { screeningTotals, subsidy, teamTotals, type SubsidyRates } from './queries.js';
import { moneySettingsOf } from '../money/settings.js';
import { countiesIn } from '../areas/scope.js';
import type { MonthReportQ, SubsidyQ, YearReportQ } from './schemas.js';
import { reportPlace, reportTitle, sheetTitle } from './title.js';

// The bureau's reports as plain objects: the month, the year, the subsidy statement. Coverage
// comes from the server's one Coverage, as /api/coverage's does, and counts what the one scope
// decision (../areas/scope.ts scopeOfRequest) lets the user count. ./tables.ts lays them out as
// spreadsheets.

/** What a report's download is named after: the place (./title.ts), the kind, the area's code if one is asked, then the period. */
const fileName = (place: string | null, kind: string, area: { code: string } | null, period: string | number) => `${place ? `${place}-` : ''}${kind}-${area ? `${area.code}-` : ''}${period}`;

/** What every report says of where and when it is: its download's name and its title (with the place: ./title.ts). */
const named = (kind: 'month' | 'year' | 'subsidy', place: string | null, area: { code: string } | null, period: string | number) => ({
  name: fileName(place, kind === 'subsidy' ? 'subsidy' : 'report', area, period),
  title: sheetTitle(place, reportTitle(kind, period)),
});

/** The month: coverage by township (and above a county by child area), the screenings held, the teams. */
export async function monthReport(ctx: AppContext, user: User, q: MonthReportQ) {
  const { timezone: zone, coverageHeadline: headline } = ctx.config;
  const now = ctx.config.now();
  const range = monthOrCurrent(q.month, zone, now);
  const units = await ctx.coverage.units(q.level);
  const scope = scopeOfRequest(user, q.areaId, units);
  const { area, where } = scope;
  const counties = scope.counties();
  const place = reportPlace(scope, units.areas);
  const [m, screenings, teams] = await Promise.all([ctx.coverage.month(range, q.level, now), screeningTotals(ctx.db, range, counties), teamTotals(ctx.db, range, counties)]);
  const { totals: county, townships } = summaryOf(m, where, headline);
  // Above a county, one row per child area as well (a province's prefectures, a prefecture's counties).
  const children = area && area.level !== 'county' ? groupsOf(m.units, user, area, childLevelOf(m.units, area)) : null;
  const areas = children ? groupCountsOf(m, children.groups, children.groupOf, where, headline).groups : undefined;
  const body = { month: range.month, timezone: zone, level: q.level, area: area && areaRef(area), place, county, ...(areas && { areas }), townships, screenings, teams };
  return { ...named('month', place, area, range.month), body };
}

/** The year: each month's coverage (months to come marked not yet due), each unit's statuses, the units covered all year. */
export async function yearReport(ctx: AppContext, user: User, q: YearReportQ) {
  const { timezone: zone, coverageHeadline: headline } = ctx.config;
  const now = ctx.config.now();
  const year = q.year ?? now.setZone(zone).year;
  const units = await ctx.coverage.units(q.level);
  const scope = scopeOfRequest(user, q.areaId, units);
  const { area, where } = scope;
  const place = reportPlace(scope, units.areas);
  const statuses = await ctx.coverage.year(yearMonths(year, zone), q.level, now);
  // Months still to come are not yet due: shown so, and left out of the year's average.
  const perMonth = yearMonthsOf(statuses, where, headline).map((m) => ({ ...m, due: monthHasBegun(m.month, zone, now) }));
  const due = perMonth.filter((m) => m.due);
  const averageCoverage = due.length ? due.reduce((n, m) => n + m.coverage, 0) / due.length : null;
  const villages = yearRowsOf(statuses, where).map((v) => ({ id: v.id, name: v.name, townshipName: v.townshipName, statuses: v.statuses }));
  const fullYear = villages.filter((v) => v.statuses.every((s) => s === 'covered')).map((v) => v.id);
  const body = { year, level: q.level, area: area && areaRef(area), place, months: perMonth, averageCoverage, villages, fullYear };
  return { ...named('year', place, area, year), body };
}

/** The subsidy statement of a month: what each team and each contract is paid, and what is not (./queries.ts subsidy). */
export async function subsidyReport(ctx: AppContext, user: User, q: SubsidyQ) {
  const { timezone: zone } = ctx.config;
  const range = monthOrCurrent(q.month, zone, ctx.config.now());
  const units = await ctx.coverage.units('administrative');
  const scope = scopeOfRequest(user, q.areaId, units);
  const place = reportPlace(scope, units.areas);
  const body = { area: scope.area && areaRef(scope.area), place, ...(await subsidy(ctx.db, units, range, await subsidyRates(ctx, units, scope), zone, scope.counties())) };
  return { ...named('subsidy', place, scope.area, range.month), body };
}

/**
 * Each county's rate (its inherited `subsidyPerScreening`, server/money/settings.ts), and the one
 * the report names: the asked county's, else the one all its counties share, else the default.
 */
async function subsidyRates(ctx: AppContext, units: Awaited<ReturnType<AppContext['coverage']['units']>>, scope: ReturnType<typeof scopeOfRequest>): Promise<SubsidyRates> {
  const defaultFen = Math.round(ctx.config.subsidyPerScreeningYuan * 100);
  const counties = countiesIn(units.areas, scope.area, scope.counties());
  const settings = await moneySettingsOf(ctx.db, counties, defaultFen);
  const rateOf = (countyId: number | null) => (countyId === null ? defaultFen : (settings.get(countyId)?.subsidyPerScreeningFen.value ?? defaultFen)) / 100;
  const distinct = new Set(counties.map(rateOf));
  return { rateOf, shownYuan: distinct.size === 1 ? [...distinct][0]! : defaultFen / 100 };
}

export type MonthReport = Awaited<ReturnType<typeof monthReport>>['body'];
export type YearReport = Awaited<ReturnType<typeof yearReport>>['body'];
export type SubsidyReport = Awaited<ReturnType<typeof subsidyReport>>['body'];
