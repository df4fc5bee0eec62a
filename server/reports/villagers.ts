import type { Knex } from 'knex';
import { compareNames } from '../../domain/collate.js';
import type { FilmCategory } from '../../domain/programme.js';
import { reportKinds, reportStates, type ReportKind, type ReportState } from '../../domain/voice.js';
import { scopeOfRequest, whereVillageInCounties } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { AppContext } from '../context.js';
import { areaRef } from '../coverage/grouping.js';
import type { Db } from '../db/index.js';
import { monthOrCurrent, whereInMonth, type MonthRange } from '../months.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import type { VillagersReportQ } from './schemas.js';
import { monthWords, reportPlace, sheetTitle } from './title.js';

// What villagers said in a month (DOMAIN.md "Villagers' voice"; the bureau's "What villagers
// said" on /reports): their film requests (点单) — the films most requested —, their
// confirmations and ratings of each team's completed screenings of the month, and their problem
// reports (反映问题) by kind and state. Inside the request's scope (../areas/scope.ts
// scopeOfRequest: a bureau user's area, a partner's contract counties), as the programme report
// counts: a partner reads the requests of the villages of its counties (as GET /api/requests
// answers it, for planning), but only its own teams' confirmations and the reports on its own
// teams' screenings (as GET /api/villager-reports answers it). ./villagers-tables.ts lays it out
// as spreadsheets.

/** A month's requests (film_requests.month, the local month it was made in) of villages in these counties. */
function requestsOf(db: Db, month: string, counties: readonly number[] | null) {
  return whereVillageInCounties(db, db('film_requests as r').where('r.month', month), counties, 'r.village_id');
}

async function requestedFilms(db: Db, month: string, counties: readonly number[] | null) {
  const totals = (await requestsOf(db, month, counties).first(db.raw('count(*)::int as requests'), db.raw('count(distinct r.village_id)::int as villages'))) as { requests: number; villages: number };
  const rows: { film_id: number; title: string; category: FilmCategory; requests: number }[] = await requestsOf(db, month, counties)
    .joinRaw('cross join lateral unnest(r.film_ids) as x(film_id)')
    .join('films as f', 'f.id', 'x.film_id')
    .groupBy('f.id')
    .select('f.id as film_id', 'f.title', 'f.category', db.raw('count(*)::int as requests'));
  const films = rows
    .map((r) => ({ filmId: r.film_id, title: r.title, category: r.category, requests: Number(r.requests) }))
    .sort((a, b) => b.requests - a.requests || compareNames(a.title, b.title) || a.filmId - b.filmId);
  return { requests: Number(totals.requests), villages: Number(totals.villages), films };
}

/** Per team, over its completed screenings of the month: how many villagers confirmed them, and their ratings. */
async function teamConfirmations(db: Db, month: MonthRange, counties: readonly number[] | null, user: User) {
  const query = whereInMonth(db('screenings as s'), 's.starts_at', month)
    .where('s.status', 'completed')
    .join('teams as t', 't.id', 's.team_id')
    .join('partners as p', 'p.id', 't.partner_id')
    .leftJoin('confirmations as c', 'c.screening_id', 's.id')
    .groupBy('t.id', 'p.name')
    .select(
      't.id',
      't.name',
      'p.name as partner_name',
      db.raw('count(distinct s.id)::int as screenings'),
      db.raw('count(distinct c.screening_id)::int as confirmed'),
      db.raw('count(c.id)::int as confirmations'),
      db.raw('count(c.rating)::int as rated'),
      db.raw('sum(c.rating)::int as rating_sum'),
    );
  whereVillageInCounties(db, query as Knex.QueryBuilder, counties, 's.village_id');
  if (user.role === 'partner') query.where('t.partner_id', user.partnerId);
  const rows: { id: number; name: string; partner_name: string; screenings: number; confirmed: number; confirmations: number; rated: number; rating_sum: number | null }[] = await query;
  const teams = rows
    .map((r) => {
      const rated = Number(r.rated);
      return {
        teamId: r.id,
        teamName: r.name,
        partnerName: r.partner_name,
        screenings: Number(r.screenings),
        confirmed: Number(r.confirmed),
        confirmations: Number(r.confirmations),
        ratings: rated,
        averageRating: rated ? Number(r.rating_sum) / rated : null,
      };
    })
    .sort((a, b) => compareNames(a.partnerName, b.partnerName) || compareNames(a.teamName, b.teamName) || a.teamId - b.teamId);
  const sum = (k: 'screenings' | 'confirmed' | 'confirmations' | 'ratings') => teams.reduce((n, t) => n + t[k], 0);
  const ratingSum = teams.reduce((n, t) => n + (t.averageRating ?? 0) * t.ratings, 0);
  const ratings = sum('ratings');
  return { teams, totals: { screenings: sum('screenings'), confirmed: sum('confirmed'), confirmations: sum('confirmations'), ratings, averageRating: ratings ? ratingSum / ratings : null } };
}

/** The month's problem reports (by when they were made) by kind and state; a partner's: those on its own teams' screenings. */
async function reportCounts(db: Db, month: MonthRange, counties: readonly number[] | null, user: User) {
  const query = whereInMonth(db('villager_reports as vr'), 'vr.created_at', month)
    .groupBy('vr.kind', 'vr.state')
    .select('vr.kind', 'vr.state', db.raw('count(*)::int as n'));
  whereVillageInCounties(db, query as Knex.QueryBuilder, counties, 'vr.village_id');
  if (user.role === 'partner') query.join('screenings as s', 's.id', 'vr.screening_id').join('teams as t', 't.id', 's.team_id').where('t.partner_id', user.partnerId);
  const rows: { kind: ReportKind; state: ReportState; n: number }[] = await query;
  const zero = () => Object.fromEntries(reportStates.map((s) => [s, 0])) as Record<ReportState, number>;
  const byKind = reportKinds.map((kind) => {
    const states = zero();
    for (const r of rows) if (r.kind === kind) states[r.state] += Number(r.n);
    return { kind, ...states, total: reportStates.reduce((n, s) => n + states[s], 0) };
  });
  const byState = zero();
  for (const k of byKind) for (const s of reportStates) byState[s] += k[s];
  return { total: byKind.reduce((n, k) => n + k.total, 0), byState, byKind };
}

export async function villagersReport(ctx: AppContext, user: User, q: VillagersReportQ) {
  const zone = ctx.config.timezone;
  const range = monthOrCurrent(q.month, zone, ctx.config.now());
  const units = await ctx.coverage.units('administrative');
  const scope = scopeOfRequest(user, q.areaId, units);
  const counties = scope.counties();
  const place = reportPlace(scope, units.areas);
  const [requests, confirmations, reports] = await Promise.all([
    requestedFilms(ctx.db, range.month, counties),
    teamConfirmations(ctx.db, range, counties, user),
    reportCounts(ctx.db, range, counties, user),
  ]);
  const body = { month: range.month, timezone: zone, area: scope.area && areaRef(scope.area), place, requests, confirmations, reports };
  const title = sheetTitle(place, zhCN['reports.villagers.title'].replace('{month}', monthWords(range.month)));
  const name = `${place ? `${place}-` : ''}villagers-${scope.area ? `${scope.area.code}-` : ''}${range.month}`;
  return { name, title, body };
}

export type VillagersReport = Awaited<ReturnType<typeof villagersReport>>['body'];
