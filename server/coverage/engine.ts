import { DateTime } from 'luxon';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';
import type { FeatureChunk } from './answers.js';
import type { Epochs } from './cache.js';
import { unitRanks, type Level } from './queries.js';

// The statuses of a month, kept up to date by the few units each write touches.
//
// Recomputing a month means grouping all its screenings by unit (tens of thousands of rows) and
// reading every unit; after one screening is reported, all but one unit are as they were. So each
// server keeps, per level and month, every unit's rank (gap, overdue, planned, covered) and count,
// and brings them up to date on the next request:
//   - screenings written since (the commit log, migrations/202611270002): recompute only the
//     units of the villages whose screenings changed in that month;
//   - "now" past a scheduled start of the month since: recompute only the units whose screenings
//     started in between;
//   - the registry changed, the log no longer reaches back, or the change is large: recompute all.
// The unit list itself (names, positions, townships) is read once per registry change.
// Requests for one month and level are served one after another, each on the freshest state.

/** The villages of a level (retired too) in display order: township, code, name, id. */
export interface Units {
  level: Level;
  /** The database and registry counter it was read under (server/coverage/cache.ts). */
  database: string;
  registry: number;
  id: number[];
  name: string[];
  code: (string | null)[];
  kind: string[];
  lat: number[];
  lng: number[];
  townshipId: number[];
  townshipName: string[];
  /** ms; Infinity while not retired. */
  retiredAt: number[];
  /** Positions in id order: the map feed's order. */
  byId: Int32Array;
  /** Village id → position of its unit (at the administrative level a natural village's parent). */
  unitOf: Map<number, number>;
  /** Every township, by code, name, id. */
  townships: { id: number; name: string }[];
}

/** One month at one level: per unit position, rank (0 gap, 1 overdue, 2 planned, 3 covered) and screenings not cancelled. */
export interface MonthStatuses {
  units: Units;
  month: MonthRange;
  rank: Uint8Array;
  screenings: Uint32Array;
  /** Unique in this process to the contents: a new number whenever a unit changes. */
  serial: number;
  /** The span of "now" (ms) over which these statuses hold: between the scheduled starts around it. */
  from: number;
  until: number;
  /** Rendered pieces of answers (server/coverage/answers.ts), dropped with the units they show. */
  /** Per CHUNK positions: the serial at which a unit of the chunk last changed. */
  chunkSerial: number[];
  rendered: {
    /** Per CHUNK positions: the GeoJSON features of its units (server/coverage/answers.ts). */
    chunk: (FeatureChunk | undefined)[];
  };
}

/** Positions per rendered chunk of the full village list. */
export const CHUNK = 512;
let serials = 0;

interface MonthState extends MonthStatuses {
  epoch: number;
  now: number;
}

interface Slot {
  state?: MonthState;
  queue: Promise<unknown>;
}

export class CoverageEngine {
  private readonly units = new Map<Level, Promise<Units>>();
  private readonly months = new Map<string, Slot>();
  private log?: { from: number; to: number; changes: ReturnType<CoverageEngine['readLog']> };

  constructor(
    private readonly db: Db,
    private readonly options: {
      /** Months kept per server (each about 5 bytes a unit), least recently used first out. */
      maxMonths?: number;
      /** Above this share of units touched, the month is recomputed whole. */
      wholeAbove?: number;
    } = {},
  ) {}

  /** The month's statuses at `now`, as of the screenings and registry of `epochs` or later. */
  async month(range: MonthRange, level: Level, now: DateTime, epochs: Epochs): Promise<MonthStatuses> {
    const units = await this.unitsOf(level, epochs);
    const key = `${level}|${range.month}`;
    let slot = this.months.get(key);
    if (slot) this.months.delete(key);
    slot ??= { queue: Promise.resolve() };
    this.months.set(key, slot); // most recently used last
    for (const [k] of this.months) {
      if (this.months.size <= (this.options.maxMonths ?? 48)) break;
      this.months.delete(k);
    }
    const s = slot;
    const run = s.queue.then(() => this.update(s, units, range, now.toMillis(), epochs));
    s.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The months of a year. Each is copied as soon as it is up to date: the twelve are waited for
   * together, and meanwhile another request (with another "now") may bring one of them forward.
   */
  year(months: MonthRange[], level: Level, now: DateTime, epochs: Epochs): Promise<MonthStatuses[]> {
    return Promise.all(
      months.map(async (m) => {
        const st = await this.month(m, level, now, epochs);
        return { ...st, rank: st.rank.slice(), screenings: st.screenings.slice(), chunkSerial: st.chunkSerial.slice(), rendered: { chunk: [] } };
      }),
    );
  }

  /** The unit list of a level as of the registry of `epochs` or later. */
  unitsOf(level: Level, epochs: Epochs): Promise<Units> {
    const held = this.units.get(level);
    const fresh = held?.then((u) => (u.database === epochs.database && u.registry >= epochs.registry ? u : undefined), () => undefined);
    const next = (async () => (await fresh) ?? this.loadUnits(level, epochs))();
    this.units.set(level, next);
    return next;
  }

  private async loadUnits(level: Level, { database, registry }: Epochs): Promise<Units> {
    const db = this.db;
    const [rows, children, townships] = await Promise.all([
      db('villages as v')
        .join('townships as t', 't.id', 'v.township_id')
        .where('v.kind', level)
        .select('v.id', 'v.name', 'v.code', 'v.kind', 'v.lat', 'v.lng', 'v.township_id', 't.name as township_name', 'v.retired_at')
        .orderByRaw('v.township_id, v.code collate "C" nulls last, v.name, v.id'),
      level === 'administrative' ? db('villages').whereNotNull('parent_id').select('id', 'parent_id') : Promise.resolve([]),
      db('townships').orderByRaw('code nulls last, name, id').select('id', 'name'),
    ]);
    const unitOf = new Map<number, number>();
    rows.forEach((r: { id: number }, i: number) => unitOf.set(r.id, i));
    for (const c of children as { id: number; parent_id: number }[]) {
      const p = unitOf.get(c.parent_id);
      if (p !== undefined) unitOf.set(c.id, p);
    }
    const byId = Int32Array.from(rows.keys()).sort((a, b) => rows[a].id - rows[b].id);
    const col = <T>(f: (r: Record<string, unknown>) => T) => rows.map(f);
    return {
      level,
      database,
      registry,
      id: col((r) => r.id as number),
      name: col((r) => r.name as string),
      code: col((r) => r.code as string | null),
      kind: col((r) => r.kind as string),
      lat: col((r) => r.lat as number),
      lng: col((r) => r.lng as number),
      townshipId: col((r) => r.township_id as number),
      townshipName: col((r) => r.township_name as string),
      retiredAt: col((r) => (r.retired_at ? new Date(r.retired_at as Date).getTime() : Infinity)),
      byId,
      unitOf,
      townships,
    };
  }

  private async update(slot: Slot, units: Units, range: MonthRange, now: number, epochs: Epochs): Promise<MonthState> {
    const st = slot.state;
    if (!st || st.units !== units) return (slot.state = await this.build(units, range, now, epochs));
    const touched = new Set<number>();
    if (epochs.screenings > st.epoch) {
      const changes = await this.changesSince(st.epoch, epochs.screenings);
      if (!changes) return (slot.state = await this.build(units, range, now, epochs));
      const start = range.start.toMillis();
      const end = range.end.toMillis();
      for (const c of changes) {
        if (c.village_id === null) return (slot.state = await this.build(units, range, now, epochs));
        const at = new Date(c.starts_at!).getTime();
        const unit = at >= start && at < end ? units.unitOf.get(c.village_id) : undefined;
        if (unit !== undefined) touched.add(unit);
      }
    }
    const clockMoved = !(st.from <= now && now < st.until);
    if (clockMoved) {
      // Scheduled screenings whose start lies between the last "now" and this one changed side.
      const [lo, hi] = st.now < now ? [st.now, now] : [now, st.now];
      const crossed: { village_id: number }[] = await this.db('screenings')
        .distinct('village_id')
        .where('status', 'scheduled')
        .where('starts_at', '>', new Date(lo))
        .where('starts_at', '<=', new Date(hi))
        .where('starts_at', '>=', range.start.toJSDate())
        .where('starts_at', '<', range.end.toJSDate());
      for (const c of crossed) {
        const unit = units.unitOf.get(c.village_id);
        if (unit !== undefined) touched.add(unit);
      }
    }
    // A large change is cheaper to recompute whole.
    if (touched.size > units.id.length * (this.options.wholeAbove ?? 1 / 8)) return (slot.state = await this.build(units, range, now, epochs));
    // The span till the next scheduled start reads the current screenings, as the recomputation does: both at once.
    const [, span] = await Promise.all([
      touched.size ? this.recompute(st, [...touched], now) : undefined,
      touched.size || clockMoved ? steadySpan(this.db, { start: range.start.toJSDate(), end: range.end.toJSDate() }, new Date(now)) : undefined,
    ]);
    if (span) Object.assign(st, span);
    st.epoch = Math.max(st.epoch, epochs.screenings);
    st.now = now;
    return st;
  }

  private async build(units: Units, range: MonthRange, now: number, epochs: Epochs): Promise<MonthState> {
    const n = units.id.length;
    const st: MonthState = {
      units,
      month: range,
      rank: new Uint8Array(n),
      screenings: new Uint32Array(n),
      serial: ++serials,
      chunkSerial: [],
      rendered: { chunk: [] },
      epoch: epochs.screenings,
      now,
      from: 0,
      until: 0,
    };
    const [rows, span] = await Promise.all([
      unitRanks(this.db, units.level, range, DateTime.fromMillis(now)),
      steadySpan(this.db, { start: range.start.toJSDate(), end: range.end.toJSDate() }, new Date(now)),
    ]);
    this.apply(st, rows);
    st.chunkSerial = Array.from({ length: Math.ceil(n / CHUNK) }, () => st.serial);
    return Object.assign(st, span);
  }

  private async recompute(st: MonthState, positions: number[], now: number) {
    const ids = positions.map((p) => st.units.id[p]!);
    const rows = await unitRanks(this.db, st.units.level, st.month, DateTime.fromMillis(now), ids);
    st.serial = ++serials;
    for (const p of positions) {
      st.rank[p] = 0;
      st.screenings[p] = 0;
      st.rendered.chunk[Math.floor(p / CHUNK)] = undefined;
      st.chunkSerial[Math.floor(p / CHUNK)] = st.serial;
    }
    this.apply(st, rows);
  }

  private apply(st: MonthState, rows: { unit_id: number; rank: number; screenings: number }[]) {
    const position = st.units.unitOf;
    for (const r of rows) {
      const p = position.get(r.unit_id);
      // A screening's unit that is no village of this level (an administrative village's own
      // screening, at the natural level) is no unit.
      if (p === undefined || st.units.id[p] !== r.unit_id) continue;
      st.rank[p] = r.rank;
      st.screenings[p] = r.screenings;
    }
  }

  /** The villages and starts written between two screenings epochs; undefined when the log no longer reaches back. */
  private changesSince(from: number, to: number) {
    // The months of a year ask for the same stretch of the log at once: one read serves them all.
    if (this.log?.from !== from || this.log.to !== to) {
      const changes = this.readLog(from, to).catch((err: unknown) => {
        this.log = undefined;
        throw err;
      });
      this.log = { from, to, changes };
    }
    return this.log.changes;
  }

  private async readLog(from: number, to: number) {
    // One statement, one snapshot: the commits counted and the changes read can not be told apart
    // by a prune committing in between. A stretch with more changes than this is cheaper to
    // recompute whole.
    const limit = 20_000;
    const rows: { commits: number; found: boolean | null; village_id: number | null; starts_at: Date | string | null }[] = (
      await this.db.raw(
        `with k as (select txid from coverage_commits where epoch > ? and epoch <= ?)
         select x.commits, y.found, y.village_id, y.starts_at
           from (select count(*)::int as commits from k) x
           left join lateral (
             select true as found, c.village_id, c.starts_at from coverage_changes c join k on k.txid = c.txid limit ?
           ) y on true`,
        [from, to, limit + 1],
      )
    ).rows;
    if (rows[0]?.commits !== to - from || rows.length > limit) return undefined;
    return rows.filter((r) => r.found).map(({ village_id, starts_at }) => ({ village_id, starts_at }));
  }
}

/** Drops the commit log older than a day (servers further behind recompute whole months). */
export async function pruneCoverageLog(db: Db): Promise<void> {
  await db.raw(`
    with gone as (delete from coverage_commits where committed_at < now() - interval '1 day' returning txid)
    delete from coverage_changes where txid in (select txid from gone)
  `);
}

/** The span of "now" around `now` in which no scheduled start of [start, end) passes. */
export async function steadySpan(db: Db, range: { start: Date; end: Date } | undefined, now: Date): Promise<{ from: number; until: number }> {
  if (!range) return { from: -Infinity, until: Infinity };
  const row = await db
    .select(
      db.raw(`(select max(starts_at) from screenings where status = 'scheduled' and starts_at >= ? and starts_at <= ?) as prev`, [range.start, now]),
      db.raw(`(select min(starts_at) from screenings where status = 'scheduled' and starts_at > ? and starts_at < ?) as next`, [now, range.end]),
    )
    .first();
  const ms = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());
  return { from: ms(row.prev) ?? -Infinity, until: ms(row.next) ?? Infinity };
}
