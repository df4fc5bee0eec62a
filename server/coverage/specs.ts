import { createHash, randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { z } from 'zod';
import type { User } from '../auth/user.js';
import { requestScopeKey, scopeOfRequest, type RequestScope } from '../areas/scope.js';
import type { AppContext } from '../context.js';
import { monthOrCurrent, yearMonths } from '../months.js';
import type { AnswerSpec, Rendered } from './cache.js';
import { groupCountsOf, statusLettersOf, summaryOf, unitRowsOf, verifiedLettersOf, yearRowsOf, type Headline } from './counts.js';
import type { MonthStatuses } from './engine.js';
import { groupsCsv, monthFileName, summaryCsv, villagesCsv, yearCsv } from './exports.js';
import { areaRef, checkGroupBy, childLevelOf, groupsOf, pathTo, whereTest, type Where } from './grouping.js';
import type { Epochs, Subject } from './log.js';
import { placesOf } from './places.js';
import type { AreasQuery, MonthQuery, StatusesQuery, SummaryQuery, UnitsQuery, VillagesQuery, YearQuery } from './schemas.js';
import type { Coverage } from './service.js';

// The catalogue of coverage answers: for a user and a parsed query, the spec of its answer — the
// key that selects it besides the data, the counters it depends on, and how it is rendered from
// the data those counters name (./cache.ts keeps the bytes). The routes send these specs; the
// start primes some of them (./warm.ts). Rendering reads kept statuses only (./counts.ts,
// ./render.ts), after one decision of what the user may count (../areas/scope.ts scopeOfRequest).

const JSON_TYPE = 'application/json; charset=utf-8';
const GEOJSON_TYPE = 'application/geo+json; charset=utf-8';
const BOTH: Subject[] = ['registry', 'screenings'];
const REGISTRY: Subject[] = ['registry'];
/** Names this process in the tags of answers it renders from its own counters. */
const boot = randomUUID().slice(0, 8);

const json = (value: unknown): Rendered => ({ type: JSON_TYPE, body: JSON.stringify(value) });
/** An answer read off kept months holds while all of them do: where their spans of "now" meet. */
const readOff = (months: MonthStatuses[], rendered: Rendered): Rendered => ({
  ...rendered,
  span: { from: Math.max(...months.map((m) => m.from)), until: Math.min(...months.map((m) => m.until)) },
});
/** The bytes of an answer read off kept months are a function of the query and the months' contents, which their serials name: a tag without hashing megabytes. */
const tagOf = (key: string, months: MonthStatuses[]) =>
  `"${boot}-${createHash('sha1').update(`${key}|${months.map((m) => m.serial).join()}`).digest('base64url').slice(0, 16)}"`;
/** What selects an answer besides the data: path, month or year, level, filters, the user's scope and format. */
const keyOf = (...parts: unknown[]) => parts.map((p) => p ?? '').join('|');
/** A short tag of the registry of a level, for the map's unit list (changes with any village or township). */
export const unitsVersion = (level: string, registry: number) => createHash('sha1').update(`${level}:${registry}`).digest('base64url').slice(0, 16);
type MonthQ = Pick<z.output<typeof MonthQuery>, 'month' | 'level' | 'townshipId' | 'areaId'>;

const spec = (key: string, depends: Subject[], now: DateTime, render: (epochs: Epochs) => Promise<Rendered>): AnswerSpec => ({ key, depends, now, render });

/** The specs of /api/coverage's kept answers, for this server's Coverage and configuration. */
export class AnswerSpecs {
  private readonly zone: string;
  private readonly coverage: Coverage;
  private readonly headline: Headline;

  constructor(private readonly ctx: AppContext) {
    this.zone = ctx.config.timezone;
    this.coverage = ctx.coverage;
    this.headline = ctx.config.coverageHeadline;
  }

  /** A month's counts: by township, or by the areas (or townships) of a level inside the area. */
  summary(user: User, q: z.output<typeof SummaryQuery>, asCsv: boolean): AnswerSpec {
    return this.ofMonth('summary', user, q, keyOf(q.groupBy, requestScopeKey(user, q.areaId), asCsv), (m, { area }, where) => {
      const month = m.month.month;
      const name = monthFileName(area?.code, month, q.level);
      const head = { month, timezone: this.zone, level: q.level, area: area && areaRef(area) };
      if (q.groupBy) {
        checkGroupBy(area, q.groupBy);
        const { groups, groupOf } = groupsOf(m.units, user, area, q.groupBy);
        const { totals, groups: rows } = groupCountsOf(m, groups, groupOf, where, this.headline);
        return asCsv ? groupsCsv(name, month, q.groupBy, area?.code, rows, totals) : json({ ...head, groupBy: q.groupBy, totals, groups: rows });
      }
      const { totals, townships } = summaryOf(m, where, this.headline);
      return asCsv ? summaryCsv(name, month, townships, totals) : json({ ...head, totals, townships });
    });
  }

  /** The places of the area's children (no month): the map draws one symbol each, and fetches only counts when the month changes. */
  places(user: User, q: z.output<typeof AreasQuery>): AnswerSpec {
    return spec(keyOf('areas', q.level, q.groupBy, requestScopeKey(user, q.areaId)), REGISTRY, this.ctx.config.now(), async (epochs) => {
      const u = await this.coverage.units(q.level, epochs);
      const { area, where } = scopeOfRequest(user, q.areaId, u);
      const groupBy = q.groupBy ?? childLevelOf(u, area);
      checkGroupBy(area, groupBy);
      const { groups, groupOf } = groupsOf(u, user, area, groupBy);
      const found = placesOf(u, groups, groupOf, whereTest(u, where));
      return json({
        level: q.level,
        version: unitsVersion(q.level, u.registry),
        area: area && areaRef(area),
        path: pathTo(u, user, area),
        groupBy,
        units: found.reduce((n, g) => n + g.units, 0),
        groups: found,
      });
    });
  }

  /** The month's units as GeoJSON features (or CSV rows), of a status if asked. */
  villages(user: User, q: z.output<typeof VillagesQuery>, asCsv: boolean): AnswerSpec {
    return this.ofMonth('villages', user, q, keyOf(q.status, requestScopeKey(user, q.areaId), asCsv), (m, _, where, key) =>
      asCsv
        ? villagesCsv(m.month.month, q.level, unitRowsOf(m, where, q.status))
        : { type: GEOJSON_TYPE, body: this.coverage.render.villagesGeoJson(m, where, q.status), etag: tagOf(key, [m]) },
    );
  }

  /** Each unit's status in the twelve months of a year, and the months' counts. */
  year(user: User, q: z.output<typeof YearQuery>, asCsv: boolean): AnswerSpec {
    const now = this.ctx.config.now();
    const year = q.year ?? now.setZone(this.zone).year;
    const months = yearMonths(year, this.zone);
    const key = keyOf('year', year, q.level, q.townshipId, requestScopeKey(user, q.areaId), asCsv);
    return spec(key, BOTH, now, async (epochs) => {
      const ms = await this.coverage.year(months, q.level, now, epochs);
      const where = { ...scopeOfRequest(user, q.areaId, ms[0]!.units).where, townshipId: q.townshipId };
      if (asCsv) return readOff(ms, yearCsv(year, q.level, months.map((m) => m.month), yearRowsOf(ms, where)));
      return readOff(ms, { type: JSON_TYPE, body: this.coverage.render.yearJson(year, ms, where, this.headline), etag: tagOf(key, ms) });
    });
  }

  /** Positions and names of the units of a level inside the area (and the user's scope), columnar, in id order. */
  units(user: User, q: z.output<typeof UnitsQuery>): AnswerSpec {
    return spec(keyOf('units', q.level, requestScopeKey(user, q.areaId)), REGISTRY, this.ctx.config.now(), async (epochs) => {
      const u = await this.coverage.units(q.level, epochs);
      const inside = whereTest(u, scopeOfRequest(user, q.areaId, u).where);
      const order = inside ? u.byId.filter(inside) : u.byId;
      const column = <T>(values: T[]) => Array.from(order, (p) => values[p]!);
      const townships = inside ? u.townships.filter((t) => order.some((p) => u.townshipId[p] === t.id)) : u.townships;
      return json({
        level: q.level,
        version: unitsVersion(q.level, u.registry),
        townships: townships.map((t) => ({ id: t.id, name: t.name })),
        units: { id: column(u.id), name: column(u.name), code: column(u.code), townshipId: column(u.townshipId), kind: column(u.kind), lat: column(u.lat), lng: column(u.lng) },
      });
    });
  }

  /** One letter per unit, in the order of /units for the same area (domain/status.ts statusLetter), and beside it 1/0 for verified; NOT_A_UNIT where it is none. */
  statuses(user: User, q: z.output<typeof StatusesQuery>): AnswerSpec {
    // The letters of the units /units lists for the same area and scope; the township, if asked, marks the others NOT_A_UNIT.
    return this.ofMonth('statuses', user, q, requestScopeKey(user, q.areaId), (m, { where: listed }, where) =>
      json({ month: m.month.month, level: q.level, version: unitsVersion(q.level, m.units.registry), statuses: statusLettersOf(m, where, listed), verified: verifiedLettersOf(m, where, listed) }),
    );
  }

  /**
   * An answer read off a month's statuses at the query's level (the current month unless asked),
   * inside the request's scope and, if asked, a township; `tail` names the rest of the query.
   */
  private ofMonth(name: string, user: User, q: MonthQ, tail: string, render: (m: MonthStatuses, scope: RequestScope, where: Where, key: string) => Rendered): AnswerSpec {
    const now = this.ctx.config.now();
    const range = monthOrCurrent(q.month, this.zone, now);
    const key = `${name}|${range.month}|${q.level}|${q.townshipId ?? ''}|${tail}`;
    return spec(key, BOTH, now, async (epochs) => {
      const m = await this.coverage.month(range, q.level, now, epochs);
      const scope = scopeOfRequest(user, q.areaId, m.units);
      return readOff([m], render(m, scope, { ...scope.where, townshipId: q.townshipId }, key));
    });
  }
}
