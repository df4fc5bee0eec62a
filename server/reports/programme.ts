import { DateTime } from 'luxon';
import { compareNames } from '../../domain/collate.js';
import { isNewIn, qualifies, REPEAT_DAYS, type FilmCategory, type ProgrammeFilm } from '../../domain/programme.js';
import { countiesIn, scopeOfRequest, whereVillageInCounties, type AreaNode, type AreaTree } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { AppContext } from '../context.js';
import { areaRef, checkGroupBy, childLevelOf, groupsOf, type Group } from '../coverage/grouping.js';
import type { Db } from '../db/index.js';
import { formatTime, monthOrCurrent, monthRange, yearMonths } from '../months.js';
import { effectiveTargetsOf, type EffectiveTargets } from '../programmes/targets.js';
import type { ProgrammeReportQ } from '../programmes/schemas.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import { reportPlace, sheetTitle, monthWords } from './title.js';

// The programme report (DOMAIN.md "Films and programmes", "Targets"): over the completed
// screenings of a month or a year that the bureau has not rejected, inside the request's scope
// (../areas/scope.ts scopeOfRequest; a partner only its own teams' screenings), what their
// programmes were — how many qualify as one 场 (domain/programme.ts qualifies), how many of those
// hold a science film and a new film, against each area's effective targets (../programmes/targets.ts);
// the films shown most; the screenings shown again with a repeatReason, each beside the earlier
// screening of its unit that showed the same film. ./programme-tables.ts lays it out as spreadsheets.

export interface ProgrammeCounts {
  /** Completed, not rejected screenings. */
  screenings: number;
  /** Those whose programme qualifies (one long film, or at least 3 science films). */
  qualifying: number;
  /** Qualifying ones whose programme holds a science film. */
  withScience: number;
  /** withScience / qualifying; null without a qualifying screening. */
  scienceShare: number | null;
  /** Qualifying ones whose programme holds a film of the screening's (local) year or the year before. */
  withNewFilm: number;
  /** withNewFilm / qualifying; null without a qualifying screening. */
  newFilmShare: number | null;
  /** Screenings stored with a repeatReason (shown again within 365 days, with the bureau told why). */
  repeats: number;
}

interface Held {
  id: number;
  starts_at: Date;
  programme: number[];
  repeat_reason: string | null;
  village_name: string;
  township_id: number;
  county_id: number | null;
}

type Film = ProgrammeFilm & { title: string };

/** The completed, not rejected screenings of [start, end) in these counties (null: all); a partner's own teams' only. */
function heldScreenings(db: Db, start: Date, end: Date, counties: number[] | null, user: User): Promise<Held[]> {
  const query = db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('townships as w', 'w.id', 'v.township_id')
    .join('teams as t', 't.id', 's.team_id')
    .where('s.status', 'completed')
    .where((w) => w.whereNull('s.review_decision').orWhereNot('s.review_decision', 'rejected'))
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', end)
    .orderBy(['s.starts_at', 's.id'])
    .select('s.id', 's.starts_at', 's.programme', 's.repeat_reason', 'v.name as village_name', 'v.township_id', 'w.county_id');
  whereVillageInCounties(db, query, counties, 's.village_id');
  if (user.role === 'partner') query.where('t.partner_id', user.partnerId);
  return query;
}

/** The films named by these programmes, by id. */
async function filmsOf(db: Db, ids: number[]): Promise<Map<number, Film>> {
  if (!ids.length) return new Map();
  const rows: { id: number; title: string; category: FilmCategory; minutes: number | null; year: number | null }[] = await db('films')
    .whereRaw('id = any(?::int[])', [ids])
    .select('id', 'title', 'category', 'minutes', 'year');
  return new Map(rows.map((f) => [f.id, f]));
}

/**
 * Each repeat beside the earlier screening it repeats: of the same unit (a natural village's
 * screening counts for its parent), not cancelled nor rejected, fewer than REPEAT_DAYS calendar
 * days before in the county zone, sharing a film; the first film of the programme (in its order)
 * shown so, with its latest such showing. A partner is shown only its own teams' screenings.
 */
async function pairRepeats(db: Db, repeats: Held[], user: User, zone: string) {
  if (!repeats.length) return new Map<number, { filmId: number; otherId: number; otherStartsAt: Date }>();
  const query = db('screenings as r')
    .join('villages as rv', 'rv.id', 'r.village_id')
    .join('villages as ov', (j) => j.on(db.raw('coalesce(ov.parent_id, ov.id) = coalesce(rv.parent_id, rv.id)')))
    .join('screenings as o', 'o.village_id', 'ov.id')
    .join('teams as ot', 'ot.id', 'o.team_id')
    .whereRaw('r.id = any(?::int[])', [repeats.map((r) => r.id)])
    .whereRaw('o.id <> r.id and o.starts_at < r.starts_at and o.starts_at > r.starts_at - ?::interval', [`${REPEAT_DAYS + 1} days`])
    .whereRaw('o.programme && r.programme')
    .whereNot('o.status', 'cancelled')
    .where((w) => w.whereNull('o.review_decision').orWhereNot('o.review_decision', 'rejected'))
    .orderBy([{ column: 'r.id' }, { column: 'o.starts_at', order: 'desc' }, { column: 'o.id', order: 'desc' }])
    .select('r.id as screening_id', 'o.id as other_id', 'o.starts_at as other_starts_at', 'o.programme as other_programme');
  if (user.role === 'partner') query.where('ot.partner_id', user.partnerId);
  const rows: { screening_id: number; other_id: number; other_starts_at: Date; other_programme: number[] }[] = await query;
  const day = (d: Date) => DateTime.fromJSDate(d).setZone(zone).startOf('day');
  const out = new Map<number, { filmId: number; otherId: number; otherStartsAt: Date }>();
  for (const r of repeats) {
    const earlier = rows.filter((o) => o.screening_id === r.id && day(r.starts_at).diff(day(o.other_starts_at), 'days').days < REPEAT_DAYS);
    for (const film of r.programme) {
      const other = earlier.find((o) => o.other_programme.includes(film));
      if (other) {
        out.set(r.id, { filmId: film, otherId: other.other_id, otherStartsAt: other.other_starts_at });
        break;
      }
    }
  }
  return out;
}

const empty = () => ({ screenings: 0, qualifying: 0, withScience: 0, withNewFilm: 0, repeats: 0 });
type Tally = ReturnType<typeof empty>;
const withShares = (t: Tally): ProgrammeCounts => ({
  screenings: t.screenings,
  qualifying: t.qualifying,
  withScience: t.withScience,
  scienceShare: t.qualifying ? t.withScience / t.qualifying : null,
  withNewFilm: t.withNewFilm,
  newFilmShare: t.qualifying ? t.withNewFilm / t.qualifying : null,
  repeats: t.repeats,
});

/** The area of `level` above (or at) a county: walks up the tree. */
function areaAt(tree: AreaTree, countyId: number, level: AreaNode['level']): number | undefined {
  for (let a = tree.get(countyId), depth = 0; a && depth < 5; a = a.parentId === null ? undefined : tree.get(a.parentId), depth++) if (a.level === level) return a.id;
  return undefined;
}

export async function programmeReport(ctx: AppContext, user: User, q: ProgrammeReportQ) {
  const zone = ctx.config.timezone;
  const longMinutes = ctx.config.evidence.longFilmMinutes;
  const asked = q.year;
  const period: { year: number } | { month: string } = asked !== undefined ? { year: asked } : { month: monthOrCurrent(q.month, zone, ctx.config.now()).month };
  const months = 'year' in period ? yearMonths(period.year, zone) : [monthRange(period.month, zone)];
  const range = { start: months[0]!.start, end: months[months.length - 1]!.end };
  const year = range.start.year;

  const units = await ctx.coverage.units('administrative');
  const tree = units.areas;
  const scope = scopeOfRequest(user, q.areaId, units);
  const { area } = scope;
  const counties = scope.counties();
  const place = reportPlace(scope, tree);
  // What the answer is about: the area, else the one county in scope (a county's deployment, a
  // partner of one county) — its targets are the report's, its townships the default groups.
  const scopeCounties = counties ?? countiesIn(tree, null, null);
  const about = area ?? (scopeCounties.length === 1 ? (tree.get(scopeCounties[0]!) ?? null) : null);
  const groupBy = q.groupBy ?? childLevelOf(units, about);
  checkGroupBy(area, groupBy);

  const held = await heldScreenings(ctx.db, range.start.toJSDate(), range.end.toJSDate(), counties, user);
  const films = await filmsOf(ctx.db, [...new Set(held.flatMap((s) => s.programme))]);

  // The groups: every area (or township) of the level inside the scope, also those with no screening.
  const { groups } = groupsOf(units, user, area, groupBy);
  const indexOf = new Map<number | null, number>(groups.map((g, i) => [g.id, i]));
  const tallies = groups.map(empty);
  let unplaced: { group: Group; tally: Tally } | undefined;
  const groupTally = (s: Held): Tally | undefined => {
    const key = groupBy === 'township' ? s.township_id : s.county_id === null ? null : (areaAt(tree, s.county_id, groupBy) ?? null);
    const i = key === null ? undefined : indexOf.get(key);
    if (i !== undefined) return tallies[i];
    if (key !== null) return undefined;
    // A township in no county: counted apart, as coverage does (only the whole deployment holds it).
    unplaced ??= { group: { id: null, code: null, name: zhCN['reports.programme.unplaced'], level: groupBy }, tally: empty() };
    return unplaced.tally;
  };

  const total = empty();
  const shown = new Map<number, number>();
  for (const s of held) {
    const programme = s.programme.map((id) => films.get(id)).filter((f): f is Film => f !== undefined);
    const localYear = DateTime.fromJSDate(s.starts_at).setZone(zone).year;
    const ok = qualifies(programme, longMinutes);
    const science = ok && programme.some((f) => f.category === 'science');
    const fresh = ok && programme.some((f) => isNewIn(f, localYear));
    for (const t of [total, groupTally(s)]) {
      if (!t) continue;
      t.screenings++;
      if (ok) t.qualifying++;
      if (science) t.withScience++;
      if (fresh) t.withNewFilm++;
      if (s.repeat_reason !== null) t.repeats++;
    }
    for (const f of programme) shown.set(f.id, (shown.get(f.id) ?? 0) + 1);
  }

  const targetArea = about?.id ?? null;
  const countyOfTownship = new Map(units.townships.map((tw) => [tw.id, tw.countyId]));
  const targetAreaOf = (g: Group) => (g.id === null ? null : g.level === 'township' ? (countyOfTownship.get(g.id) ?? null) : g.id);
  const targetAreas = [targetArea, ...groups.map(targetAreaOf)].filter((id): id is number => id !== null);
  const targets = await effectiveTargetsOf(ctx.db, tree, [...new Set(targetAreas)], year);
  const targetOf = (id: number | null): EffectiveTargets | null => (id === null ? null : (targets.get(id) ?? null));

  const repeatRows = held.filter((s) => s.repeat_reason !== null);
  const pairs = await pairRepeats(ctx.db, repeatRows, user, zone);
  const groupRows = [...groups.map((g, i) => ({ g, t: tallies[i]! })), ...(unplaced ? [{ g: unplaced.group, t: unplaced.tally }] : [])];

  const body = {
    ...period,
    timezone: zone,
    longFilmMinutes: longMinutes,
    area: area && areaRef(area),
    place,
    groupBy,
    totals: withShares(total),
    /** The area whose targets `targets` are (null: none). */
    targetArea: about && areaRef(about),
    targets: targetOf(targetArea),
    groups: groupRows.map(({ g, t }) => ({ id: g.id, code: g.code, name: g.name, level: g.level, ...withShares(t), targets: targetOf(targetAreaOf(g)) })),
    films: [...shown]
      .map(([id, n]) => ({ filmId: id, title: films.get(id)!.title, category: films.get(id)!.category, screenings: n }))
      .sort((a, b) => b.screenings - a.screenings || compareNames(a.title, b.title) || a.filmId - b.filmId),
    repeats: repeatRows.map((s) => {
      const pair = pairs.get(s.id);
      return {
        screeningId: s.id,
        filmId: pair?.filmId ?? null,
        otherScreeningId: pair?.otherId ?? null,
        reason: s.repeat_reason!,
        villageName: s.village_name,
        startsAt: formatTime(s.starts_at, zone),
        filmTitle: pair ? (films.get(pair.filmId)?.title ?? null) : null,
        otherStartsAt: pair ? formatTime(pair.otherStartsAt, zone) : null,
      };
    }),
  };
  const periodText = 'year' in period ? zhCN['reports.programme.year'].replace('{year}', String(period.year)) : monthWords(period.month);
  const title = sheetTitle(place, zhCN['reports.programme.title'].replace('{period}', periodText));
  const name = `${place ? `${place}-` : ''}programme-${area ? `${area.code}-` : ''}${'year' in period ? period.year : period.month}`;
  return { name, title, body };
}

export type ProgrammeReport = Awaited<ReturnType<typeof programmeReport>>['body'];
