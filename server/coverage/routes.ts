import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { User } from '../auth/user.js';
import type { AppContext } from '../context.js';
import { csvOf, CSV_TYPE, groupLabel, levelLabel, statusLabel, wantsCsv, type Table } from '../http/csv.js';
import { notFound } from '../http/problem.js';
import { parse, parseId } from '../http/validate.js';
import { monthOrCurrent, yearMonths } from '../months.js';
import { groupCountsOf, statusLettersOf, summaryOf, unitRowsOf, verifiedLettersOf, yearRowsOf, type Counts } from './answers.js';
import { askedArea, checkGroupBy, childLevelOf, groupsOf, pathTo, whereTest, type Where } from './areas.js';
import { placesOf } from './places.js';
import type { Units } from './units.js';
import { currentUser } from '../auth/guard.js';
import { scopeKey, villageVisible } from '../areas/scope.js';
import type { CachedAnswer, Rendered } from './cache.js';
import { unitDetail } from './detail.js';
import type { MonthStatuses } from './engine.js';
import type { Epochs, Subject } from './log.js';
import { AreasQuery, StatusesQuery, SummaryQuery, UnitQuery, UnitsQuery, VillagesQuery, YearQuery } from './schemas.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const BOTH: Subject[] = ['registry', 'screenings'];
/** Names this process in the tags of answers it renders from its own counters. */
const boot = randomUUID().slice(0, 8);

const json = (value: unknown): Rendered => ({ type: JSON_TYPE, body: JSON.stringify(value) });
const csv = (filename: string, table: Table): Rendered => ({ type: CSV_TYPE, filename, body: csvOf([table]) });
/** An answer read off kept months holds while all of them do: where their spans of "now" meet. */
const readOff = (months: MonthStatuses[], rendered: Rendered): Rendered => ({
  ...rendered,
  span: { from: Math.max(...months.map((m) => m.from)), until: Math.min(...months.map((m) => m.until)) },
});
/** The bytes of an answer read off kept months are a function of the query and the months' contents, which their serials name: a tag without hashing megabytes. */
const tagOf = (key: string, months: MonthStatuses[]) =>
  `"${boot}-${createHash('sha1').update(`${key}|${months.map((m) => m.serial).join()}`).digest('base64url').slice(0, 16)}"`;
/** What selects an answer besides the data: path, month or year, level, filters and format. */
const keyOf = (...parts: unknown[]) => parts.map((p) => p ?? '').join('|');
/** A short tag of the registry of a level, for the map's unit list (changes with any village or township). */
const unitsVersion = (level: string, registry: number) => createHash('sha1').update(`${level}:${registry}`).digest('base64url').slice(0, 16);

type SummaryQ = z.output<typeof SummaryQuery>;
type AreasQ = z.output<typeof AreasQuery>;

/**
 * The answers a map asks for first — a month's counts (by area, or by township) and the places of
 * the area's children — as kept answers (./cache.ts) for a user and a query: the routes send them,
 * and the start renders the whole deployment's before the first request (primeCoverage).
 */
export function coverageAnswers(ctx: AppContext) {
  const zone = ctx.config.timezone;
  const coverage = ctx.coverage;
  const headline = ctx.config.coverageHeadline;

  /**
   * What a request counts: the asked area (404 outside the user's scope; a bureau user's own area
   * by default), the township, the user's counties.
   */
  const scoped = (user: User, q: { areaId?: number; townshipId?: number }, u: Units) => {
    const area = askedArea(u, user, q.areaId);
    const where: Where = { townshipId: q.townshipId, areaId: area?.id, counties: user.counties };
    return { area, where };
  };
  /** The part of a key that names what the user may see and which area it asked. */
  const scopePart = (user: User, q: { areaId?: number }) => keyOf(scopeKey(user), q.areaId, user.role === 'bureau' ? user.areaId : '');

  const summary = (user: User, q: SummaryQ, asCsv: boolean): CachedAnswer => {
    const now = ctx.config.now();
    const range = monthOrCurrent(q.month, zone, now);
    const render = async (epochs: Epochs) => {
      const m = await coverage.month(range, q.level, now, epochs);
      const { area, where } = scoped(user, q, m.units);
      const line = (name: string, c: Counts & { coverage: number }) => [name, c.units, c.covered, c.planned, c.overdue, c.gap, c.coverage];
      const counts = ['单位数 units', '已放映 covered', '已排期 planned', '逾期未报 overdue', '盲点 gap', '覆盖率 coverage'];
      const areaOf = area && { id: area.id, code: area.code, name: area.name, level: area.level };
      const name = `${area ? `${area.code}-` : ''}${range.month}-${q.level}`;
      if (q.groupBy) {
        checkGroupBy(area, q.groupBy);
        const { groups, groupOf } = groupsOf(m.units, user, area, q.groupBy);
        const { totals, groups: rows } = groupCountsOf(m, groups, groupOf, where, headline);
        if (!asCsv) return readOff([m], json({ month: range.month, timezone: zone, level: q.level, area: areaOf, groupBy: q.groupBy, totals, groups: rows }));
        const header = [`${groupLabel[q.groupBy]} ${q.groupBy}`, '代码 code', ...counts];
        const table = [...rows.map((g) => [g.name, g.code, ...line(g.name, g).slice(1)]), ['合计 total', area?.code ?? '', ...line('', totals).slice(1)]];
        return readOff([m], csv(`coverage-${name}-${q.groupBy}.csv`, { title: range.month, header, rows: table, code: [1], percent: [7] }));
      }
      const { totals, townships } = summaryOf(m, where, headline);
      if (!asCsv) return readOff([m], json({ month: range.month, timezone: zone, level: q.level, area: areaOf, totals, townships }));
      const rows = [...townships.map((t) => line(t.name, t)), line('合计 total', totals)];
      return readOff([m], csv(`coverage-${name}.csv`, { title: range.month, header: ['乡镇 township', ...counts], rows, percent: [6] }));
    };
    return { key: keyOf('summary', range.month, q.level, q.townshipId, q.groupBy, scopePart(user, q), asCsv), depends: BOTH, now, render };
  };

  const places = (user: User, q: AreasQ): CachedAnswer => {
    const render = async (epochs: Epochs) => {
      const u = await coverage.units(q.level, epochs);
      const { area, where } = scoped(user, q, u);
      const groupBy = q.groupBy ?? childLevelOf(u, area);
      checkGroupBy(area, groupBy);
      const { groups, groupOf } = groupsOf(u, user, area, groupBy);
      const inside = whereTest(u, where);
      const found = placesOf(u, groups, groupOf, inside);
      return json({
        level: q.level,
        version: unitsVersion(q.level, u.registry),
        area: area && { id: area.id, code: area.code, name: area.name, level: area.level },
        path: pathTo(u, user, area),
        groupBy,
        units: found.reduce((n, g) => n + g.units, 0),
        groups: found,
      });
    };
    return { key: keyOf('areas', q.level, q.groupBy, scopePart(user, q)), depends: ['registry'], now: ctx.config.now(), render };
  };

  return { scoped, scopePart, summary, places };
}

/**
 * Renders and keeps, before the first request, what the map of the whole deployment asks first:
 * the places of its children and this month's counts by them (for everyone unscoped).
 */
export async function primeCoverage(ctx: AppContext, user: User): Promise<void> {
  const answers = coverageAnswers(ctx);
  const level = 'administrative' as const;
  const u = await ctx.coverage.units(level);
  await ctx.coverage.prime(answers.places(user, { level }));
  await ctx.coverage.prime(answers.summary(user, { level, groupBy: childLevelOf(u, null) }, false));
}

/** /api/coverage: answers read off the server's one Coverage, kept as bytes until they change. */
export function coverageRoutes(ctx: AppContext): Router {
  const r = Router();
  const zone = ctx.config.timezone;
  const coverage = ctx.coverage;
  const headline = ctx.config.coverageHeadline;
  const answers = coverageAnswers(ctx);
  /** Sends the kept answer for `key`, or renders it from the data of the counters the cache read. */
  const answer = (req: Request, res: Response, key: string, render: (epochs: Epochs) => Promise<Rendered>, depends = BOTH) =>
    coverage.send(req, res, { key, depends, now: ctx.config.now(), render });
  const scoped = (req: Request, q: { areaId?: number; townshipId?: number }, u: Units) => ({ user: currentUser(req), ...answers.scoped(currentUser(req), q, u) });
  const scopePart = (req: Request, q: { areaId?: number }) => answers.scopePart(currentUser(req), q);

  r.get('/', async (req, res) => {
    await coverage.send(req, res, answers.summary(currentUser(req), parse(SummaryQuery, req.query, 'query'), wantsCsv(req)));
  });

  /** The places of the area's children (no month): the map draws one symbol each, and fetches only counts when the month changes. */
  r.get('/areas', async (req, res) => {
    await coverage.send(req, res, answers.places(currentUser(req), parse(AreasQuery, req.query, 'query')));
  });

  r.get('/villages', async (req, res) => {
    const q = parse(VillagesQuery, req.query, 'query');
    const now = ctx.config.now();
    const range = monthOrCurrent(q.month, zone, now);
    const asCsv = wantsCsv(req);
    const key = keyOf('villages', range.month, q.level, q.townshipId, q.status, scopePart(req, q), asCsv);
    await answer(req, res, key, async (epochs) => {
      const m = await coverage.month(range, q.level, now, epochs);
      const { where } = scoped(req, q, m.units);
      if (!asCsv) return readOff([m], { type: 'application/geo+json; charset=utf-8', body: coverage.render.villagesGeoJson(m, where, q.status), etag: tagOf(key, [m]) });
      const header = ['编码 code', '村 village', '乡镇 township', '类型 kind', '状态 status', '已核实 verified', '放映场次 screenings', '纬度 lat', '经度 lng'];
      const rows = unitRowsOf(m, where, q.status).map((v) => [v.code, v.name, v.townshipName, levelLabel[v.kind], statusLabel[v.status], v.verified ? '是' : '', v.screenings, v.lat, v.lng]);
      return readOff([m], csv(`villages-${range.month}-${q.level}.csv`, { title: range.month, header, rows, code: [0] }));
    });
  });

  r.get('/villages/:id', async (req, res) => {
    const q = parse(UnitQuery, req.query, 'query');
    const now = ctx.config.now();
    const detail = await unitDetail(ctx.db, coverage, parseId(req.params.id), monthOrCurrent(q.month, zone, now), now, q.level, zone);
    if (!detail || !(await villageVisible(ctx.db, currentUser(req), detail.id))) throw notFound('Unit', req.params.id);
    res.json(detail);
  });

  r.get('/year', async (req, res) => {
    const q = parse(YearQuery, req.query, 'query');
    const now = ctx.config.now();
    const year = q.year ?? now.setZone(zone).year;
    const months = yearMonths(year, zone);
    const asCsv = wantsCsv(req);
    const key = keyOf('year', year, q.level, q.townshipId, scopePart(req, q), asCsv);
    await answer(req, res, key, async (epochs) => {
      const ms = await coverage.year(months, q.level, now, epochs);
      const { where } = scoped(req, q, ms[0]!.units);
      if (!asCsv) return readOff(ms, { type: JSON_TYPE, body: coverage.render.yearJson(year, ms, where, headline), etag: tagOf(key, ms) });
      const header = ['乡镇 township', '村 village', ...months.map((m) => m.month), '覆盖月数 months covered'];
      const rows = yearRowsOf(ms, where).map((v) => [v.townshipName, v.name, ...v.statuses.map((s) => (s ? statusLabel[s] : '')), v.statuses.filter((s) => s === 'covered').length]);
      return readOff(ms, csv(`coverage-${year}-${q.level}.csv`, { title: String(year), header, rows }));
    });
  });

  /** Positions and names of the units of a level inside the area (and the user's scope), columnar, in id order; revalidated by the browser with its ETag. */
  r.get('/units', async (req, res) => {
    const q = parse(UnitsQuery, req.query, 'query');
    const render = async (epochs: Epochs) => {
      const u = await coverage.units(q.level, epochs);
      const { where } = scoped(req, q, u);
      const inside = whereTest(u, where);
      const order = inside ? u.byId.filter(inside) : u.byId;
      const column = <T>(values: T[]) => Array.from(order, (p) => values[p]!);
      const townships = inside ? u.townships.filter((t) => order.some((p) => u.townshipId[p] === t.id)) : u.townships;
      return json({
        level: q.level,
        version: unitsVersion(q.level, u.registry),
        townships: townships.map((t) => ({ id: t.id, name: t.name })),
        units: { id: column(u.id), name: column(u.name), code: column(u.code), townshipId: column(u.townshipId), kind: column(u.kind), lat: column(u.lat), lng: column(u.lng) },
      });
    };
    await answer(req, res, keyOf('units', q.level, scopePart(req, q)), render, ['registry']);
  });

  /** One letter per unit, in the order of /units for the same area (domain/status.ts statusLetter), and beside it 1/0 for verified; NOT_A_UNIT where it is none. */
  r.get('/statuses', async (req, res) => {
    const q = parse(StatusesQuery, req.query, 'query');
    const now = ctx.config.now();
    const range = monthOrCurrent(q.month, zone, now);
    await answer(req, res, keyOf('statuses', range.month, q.level, q.townshipId, scopePart(req, q)), async (epochs) => {
      const m = await coverage.month(range, q.level, now, epochs);
      // The letters of the units /units lists for the same area and scope; the township, if asked, marks the others NOT_A_UNIT.
      const { area, user } = scoped(req, q, m.units);
      const listed = { areaId: area?.id, counties: user.counties };
      const where = { ...listed, townshipId: q.townshipId };
      const [statuses, verified] = [statusLettersOf(m, where, listed), verifiedLettersOf(m, where, listed)];
      return readOff([m], json({ month: range.month, level: q.level, version: unitsVersion(q.level, m.units.registry), statuses, verified }));
    });
  });

  return r;
}
