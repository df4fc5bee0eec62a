import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.js';
import { csvOf, CSV_TYPE, levelLabel, statusLabel, wantsCsv, type Table } from '../http/csv.js';
import { notFound } from '../http/problem.js';
import { parse, parseId } from '../http/validate.js';
import { monthOrCurrent, yearMonths } from '../months.js';
import { statusLettersOf, summaryOf, unitRowsOf, verifiedLettersOf, yearRowsOf } from './answers.js';
import type { Rendered } from './cache.js';
import { unitDetail } from './detail.js';
import type { MonthStatuses } from './engine.js';
import type { Epochs, Subject } from './log.js';
import { MonthQuery, StatusesQuery, UnitQuery, UnitsQuery, VillagesQuery, YearQuery } from './schemas.js';

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

/** /api/coverage: answers read off the server's one Coverage, kept as bytes until they change. */
export function coverageRoutes(ctx: AppContext): Router {
  const r = Router();
  const zone = ctx.config.timezone;
  const coverage = ctx.coverage;
  const headline = ctx.config.coverageHeadline;
  /** Sends the kept answer for `key`, or renders it from the data of the counters the cache read. */
  const answer = (req: Request, res: Response, key: string, render: (epochs: Epochs) => Promise<Rendered>, depends = BOTH) =>
    coverage.send(req, res, { key, depends, now: ctx.config.now(), render });

  r.get('/', async (req, res) => {
    const q = parse(MonthQuery, req.query, 'query');
    const now = ctx.config.now();
    const range = monthOrCurrent(q.month, zone, now);
    const asCsv = wantsCsv(req);
    await answer(req, res, keyOf('summary', range.month, q.level, q.townshipId, asCsv), async (epochs) => {
      const m = await coverage.month(range, q.level, now, epochs);
      const { totals, townships } = summaryOf(m, q.townshipId, headline);
      if (!asCsv) return readOff([m], json({ month: range.month, timezone: zone, level: q.level, totals, townships }));
      const line = (name: string, c: typeof totals) => [name, c.units, c.covered, c.planned, c.overdue, c.gap, c.coverage];
      const header = ['乡镇 township', '单位数 units', '已放映 covered', '已排期 planned', '逾期未报 overdue', '盲点 gap', '覆盖率 coverage'];
      const rows = [...townships.map((t) => line(t.name, t)), line('合计 total', totals)];
      return readOff([m], csv(`coverage-${range.month}-${q.level}.csv`, { title: range.month, header, rows, percent: [6] }));
    });
  });

  r.get('/villages', async (req, res) => {
    const q = parse(VillagesQuery, req.query, 'query');
    const now = ctx.config.now();
    const range = monthOrCurrent(q.month, zone, now);
    const asCsv = wantsCsv(req);
    const key = keyOf('villages', range.month, q.level, q.townshipId, q.status, asCsv);
    await answer(req, res, key, async (epochs) => {
      const m = await coverage.month(range, q.level, now, epochs);
      if (!asCsv) return readOff([m], { type: 'application/geo+json; charset=utf-8', body: coverage.render.villagesGeoJson(m, q.townshipId, q.status), etag: tagOf(key, [m]) });
      const header = ['编码 code', '村 village', '乡镇 township', '类型 kind', '状态 status', '已核实 verified', '放映场次 screenings', '纬度 lat', '经度 lng'];
      const rows = unitRowsOf(m, q.townshipId, q.status).map((v) => [v.code, v.name, v.townshipName, levelLabel[v.kind], statusLabel[v.status], v.verified ? '是' : '', v.screenings, v.lat, v.lng]);
      return readOff([m], csv(`villages-${range.month}-${q.level}.csv`, { title: range.month, header, rows, code: [0] }));
    });
  });

  r.get('/villages/:id', async (req, res) => {
    const q = parse(UnitQuery, req.query, 'query');
    const now = ctx.config.now();
    const detail = await unitDetail(ctx.db, coverage, parseId(req.params.id), monthOrCurrent(q.month, zone, now), now, q.level, zone);
    if (!detail) throw notFound('Unit', req.params.id);
    res.json(detail);
  });

  r.get('/year', async (req, res) => {
    const q = parse(YearQuery, req.query, 'query');
    const now = ctx.config.now();
    const year = q.year ?? now.setZone(zone).year;
    const months = yearMonths(year, zone);
    const asCsv = wantsCsv(req);
    const key = keyOf('year', year, q.level, q.townshipId, asCsv);
    await answer(req, res, key, async (epochs) => {
      const ms = await coverage.year(months, q.level, now, epochs);
      if (!asCsv) return readOff(ms, { type: JSON_TYPE, body: coverage.render.yearJson(year, ms, q.townshipId, headline), etag: tagOf(key, ms) });
      const header = ['乡镇 township', '村 village', ...months.map((m) => m.month), '覆盖月数 months covered'];
      const rows = yearRowsOf(ms, q.townshipId).map((v) => [v.townshipName, v.name, ...v.statuses.map((s) => (s ? statusLabel[s] : '')), v.statuses.filter((s) => s === 'covered').length]);
      return readOff(ms, csv(`coverage-${year}-${q.level}.csv`, { title: String(year), header, rows }));
    });
  });

  /** Positions and names of every unit of a level, columnar, in id order; revalidated by the browser with its ETag. */
  r.get('/units', async (req, res) => {
    const q = parse(UnitsQuery, req.query, 'query');
    const render = async (epochs: Epochs) => {
      const u = await coverage.units(q.level, epochs);
      const column = <T>(values: T[]) => Array.from(u.byId, (p) => values[p]!);
      return json({
        level: q.level,
        version: unitsVersion(q.level, u.registry),
        townships: u.townships,
        units: { id: column(u.id), name: column(u.name), code: column(u.code), townshipId: column(u.townshipId), kind: column(u.kind), lat: column(u.lat), lng: column(u.lng) },
      });
    };
    await answer(req, res, keyOf('units', q.level), render, ['registry']);
  });

  /** One letter per unit, in the order of /units (domain/status.ts statusLetter), and beside it 1/0 for verified; NOT_A_UNIT where it is none. */
  r.get('/statuses', async (req, res) => {
    const q = parse(StatusesQuery, req.query, 'query');
    const now = ctx.config.now();
    const range = monthOrCurrent(q.month, zone, now);
    await answer(req, res, keyOf('statuses', range.month, q.level, q.townshipId), async (epochs) => {
      const m = await coverage.month(range, q.level, now, epochs);
      const [statuses, verified] = [statusLettersOf(m, q.townshipId), verifiedLettersOf(m, q.townshipId)];
      return readOff([m], json({ month: range.month, level: q.level, version: unitsVersion(q.level, m.units.registry), statuses, verified }));
    });
  });

  return r;
}
