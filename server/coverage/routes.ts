import { createHash, randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { CSV_TYPE, toCsv, wantsCsv } from '../http/csv.js';
import { notFound } from '../http/problem.js';
import { id, parse, parseId } from '../http/validate.js';
import { currentMonth, monthRange, monthSchema, yearMonths, yearSchema } from '../months.js';
import { unitsVersion, type Rendered, type Subject } from './cache.js';
import { statusLettersOf, townshipCountsOf, unitRowsOf, villagesGeoJsonOf, yearJsonOf, yearRowsOf } from './answers.js';
import { levels, unitStatuses, type TownshipCounts } from './queries.js';
import { villageDetail } from './detail.js';

const level = z.enum(levels, { error: 'must be administrative or natural' }).default('administrative');
const format = z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional();
// DOMAIN.md: coverage = covered/units, exactly (0 when there are no units); only the CSV rounds it.
const ratio = (covered: number, units: number) => (units === 0 ? 0 : covered / units);
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const withCoverage = <T extends { units: number; covered: number }>(c: T) => ({ ...c, coverage: ratio(c.covered, c.units) });

/** Names this process in the tags of answers it renders from its own counters. */
const boot = randomUUID().slice(0, 8);

export function coverageRoutes(ctx: AppContext): Router {
  const r = Router();
  const zone = ctx.config.timezone;
  // Month defaults to the current month in the county zone.
  const MonthQuery = z.object({
    month: monthSchema.optional(),
    level,
    townshipId: id.optional(),
    format,
  });
  const month = (m: string | undefined) => monthRange(m ?? currentMonth(ctx.config.now(), zone), zone);

  const cache = ctx.coverage;
  const engine = ctx.coverage.engine;
  const both: Subject[] = ['registry', 'screenings'];
  const JSON_TYPE = 'application/json; charset=utf-8';
  const json = (value: unknown, type = JSON_TYPE): Rendered => ({ type, body: JSON.stringify(value) });
  const csv = (filename: string, header: string[], rows: Parameters<typeof toCsv>[1]): Rendered => ({ type: CSV_TYPE, filename, body: toCsv(header, rows) });
  // An answer read off kept months holds while all of them do: where their spans of "now" meet.
  const readOff = (months: { from: number; until: number }[], rendered: Rendered): Rendered => ({
    ...rendered,
    span: { from: Math.max(...months.map((m) => m.from)), until: Math.min(...months.map((m) => m.until)) },
  });
  // The bytes of an answer read off kept months are a function of the query and the months'
  // contents, which their serials name: a tag without hashing megabytes.
  const tagOf = (key: string, months: { serial: number }[]) =>
    `"${boot}-${createHash('sha1').update(`${key}|${months.map((m) => m.serial).join()}`).digest('base64url').slice(0, 16)}"`;
  // What selects an answer besides the data: one key per path, month or year, level, filters and format.
  const keyOf = (...parts: unknown[]) => parts.map((p) => p ?? '').join('|');

  r.get('/', async (req, res) => {
    const q = parse(MonthQuery, req.query, 'query');
    const range = month(q.month);
    const asCsv = wantsCsv(req);
    const now = ctx.config.now();
    await cache.send(req, res, {
      key: keyOf('summary', range.month, q.level, q.townshipId, asCsv),
      depends: both,
      now,
      async render(epochs) {
        const kept = await engine.month(range, q.level, now, epochs);
        const rows = townshipCountsOf(kept, q.townshipId);
        const townships = rows.map(withCoverage);
        const sum = (k: keyof Omit<TownshipCounts, 'id' | 'name'>) => rows.reduce((n, t) => n + t[k], 0);
        const totals = withCoverage({ units: sum('units'), covered: sum('covered'), planned: sum('planned'), overdue: sum('overdue'), gap: sum('gap') });
        if (asCsv) {
          const line = (name: string, c: typeof totals) => [name, c.units, c.covered, c.planned, c.overdue, c.gap, round4(c.coverage)];
          return readOff([kept], csv(`coverage-${range.month}-${q.level}.csv`, ['乡镇 township', '单位数 units', '已放映 covered', '已排期 planned', '逾期未报 overdue', '盲点 gap', '覆盖率 coverage'], [
            ...townships.map((t) => line(t.name, t)),
            line('合计 total', totals),
          ]));
        }
        return readOff([kept], json({ month: range.month, timezone: zone, level: q.level, totals, townships }));
      },
    });
  });

  const VillagesQuery = MonthQuery.extend({ status: z.enum(unitStatuses, { error: 'must be covered, planned, overdue or gap' }).optional() });

  r.get('/villages', async (req, res) => {
    const q = parse(VillagesQuery, req.query, 'query');
    const range = month(q.month);
    const asCsv = wantsCsv(req);
    const now = ctx.config.now();
    const key = keyOf('villages', range.month, q.level, q.townshipId, q.status, asCsv);
    await cache.send(req, res, {
      key,
      depends: both,
      now,
      async render(epochs) {
        const statuses = await engine.month(range, q.level, now, epochs);
        if (asCsv) {
          return readOff([statuses], csv(`villages-${range.month}-${q.level}.csv`, ['编码 code', '村 village', '乡镇 township', '类型 kind', '状态 status', '放映场次 screenings', '纬度 lat', '经度 lng'],
            unitRowsOf(statuses, q.townshipId, q.status).map((v) => [v.code, v.name, v.township_name, v.kind, v.status, v.screenings, v.lat, v.lng])));
        }
        return readOff([statuses], { type: 'application/geo+json; charset=utf-8', body: villagesGeoJsonOf(statuses, q.townshipId, q.status), etag: tagOf(key, [statuses]) });
      },
    });
  });

  r.get('/villages/:id', async (req, res) => {
    const q = parse(MonthQuery.omit({ townshipId: true, format: true }), req.query, 'query');
    const detail = await villageDetail(ctx.db, parseId(req.params.id), month(q.month), ctx.config.now(), q.level, zone);
    if (!detail) throw notFound('Unit', req.params.id);
    res.json(detail);
  });

  const YearQuery = z.object({ year: yearSchema.optional(), level, townshipId: id.optional(), format });

  r.get('/year', async (req, res) => {
    const q = parse(YearQuery, req.query, 'query');
    const now = ctx.config.now();
    const year = q.year ?? now.setZone(zone).year;
    const months = yearMonths(year, zone);
    const asCsv = wantsCsv(req);
    const key = keyOf('year', year, q.level, q.townshipId, asCsv);
    await cache.send(req, res, {
      key,
      depends: both,
      now,
      async render(epochs) {
        const statuses = await engine.year(months, q.level, now, epochs);
        if (asCsv) {
          return readOff(statuses, csv(`coverage-${year}-${q.level}.csv`, ['乡镇 township', '村 village', ...months.map((m) => m.month), '覆盖月数 months covered'],
            yearRowsOf(statuses, q.townshipId).map((v) => [v.townshipName, v.name, ...v.statuses.map((s) => s ?? ''), v.statuses.filter((s) => s === 'covered').length])));
        }
        return readOff(statuses, { type: JSON_TYPE, body: yearJsonOf(year, statuses, q.townshipId), etag: tagOf(key, statuses) });
      },
    });
  });

  /** Positions and names of every unit of a level, columnar; revalidated by the browser with its ETag. */
  r.get('/units', async (req, res) => {
    const q = parse(z.object({ level }), req.query, 'query');
    await cache.send(req, res, {
      key: keyOf('units', q.level),
      depends: ['registry'],
      now: ctx.config.now(),
      async render(epochs) {
        // The engine's unit list, which the month answers are read against, in id order.
        const u = await engine.unitsOf(q.level, epochs);
        const column = <T>(values: T[]) => Array.from(u.byId, (p) => values[p]!);
        return json({
          level: q.level,
          version: unitsVersion(q.level, u.registry),
          townships: u.townships,
          units: { id: column(u.id), name: column(u.name), code: column(u.code), townshipId: column(u.townshipId), kind: column(u.kind), lat: column(u.lat), lng: column(u.lng) },
        });
      },
    });
  });

  /** One letter per unit, in the order of /units: c covered, p planned, o overdue, g gap, - not a unit. */
  r.get('/statuses', async (req, res) => {
    const q = parse(MonthQuery.omit({ format: true }), req.query, 'query');
    const range = month(q.month);
    const now = ctx.config.now();
    await cache.send(req, res, {
      key: keyOf('statuses', range.month, q.level, q.townshipId),
      depends: both,
      now,
      async render(epochs) {
        const kept = await engine.month(range, q.level, now, epochs);
        return readOff([kept], json({ month: range.month, level: q.level, version: unitsVersion(q.level, kept.units.registry), statuses: statusLettersOf(kept, q.townshipId) }));
      },
    });
  });

  return r;
}

