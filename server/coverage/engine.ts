import { DateTime } from 'luxon';
import type { Level } from '../../domain/units.js';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';
import { changesBetween, type Change, type Epochs } from './log.js';
import { startsCrossed, steadySpan, villageRanks, type VillageRank } from './screenings.js';
import { loadSnapshot, saveSnapshot } from './snapshots.js';
import { loadUnits, villagesOfUnit, type Units } from './units.js';

// The statuses of a month, kept up to date by the few units each write touches.
//
// Recomputing a month means grouping all its screenings (tens of thousands of rows) and reading
// every unit; after one screening is reported, all but one unit are as they were. So the engine
// keeps, per level and month, every unit's rank (domain/status.ts) and count, and brings them up
// to date on the next request for the month:
//   - screenings committed since (./log.ts changesBetween): recompute the units whose villages had
//     a screening of the month written, before or after the change;
//   - "now" past a scheduled start of the month since (./screenings.ts startsCrossed): recompute the
//     units of those screenings;
//   - the registry changed, the log no longer reaches back, or more than wholeAbove of the units
//     were touched: recompute the month whole.
// A month not held here starts from its snapshot in the database when one fits the unit list
// (./snapshots.ts: saved whenever an ended month is computed whole), then the same steps apply.
// Requests for one month and level are served one after another, each on the freshest state.

/** One month at one level: per unit position, its rank, its screenings that count, and whether one of them is backed. */
export interface MonthStatuses {
  units: Units;
  month: MonthRange;
  rank: Uint8Array;
  screenings: Uint32Array;
  /** 1 where a backed screening (domain/status.ts isBacked) covers the unit. */
  verified: Uint8Array;
  /** Unique in this process to the contents: a new number whenever a unit changes. */
  serial: number;
  /** Per BLOCK consecutive positions: the serial at which a unit of the block last changed (renderers reuse the blocks that did not). */
  blockSerial: number[];
  /** The span of "now" (ms) over which these statuses hold: between the scheduled starts around it. */
  from: number;
  until: number;
}

/** Positions per block of blockSerial. */
export const BLOCK = 512;
let serials = 0;

interface MonthState extends MonthStatuses {
  /** The screenings epoch and the "now" it was brought up to. */
  epoch: number;
  now: number;
}

interface Slot {
  state?: MonthState;
  queue: Promise<unknown>;
}

export interface EngineOptions {
  /** Months kept per server (each about 5 bytes a unit), least recently used first out. */
  maxMonths?: number;
  /** Above this share of units touched, the month is recomputed whole. */
  wholeAbove?: number;
  /** Restore months from their snapshots and save them (./snapshots.ts); default true. */
  snapshots?: boolean;
}

export class CoverageEngine {
  private readonly units = new Map<Level, Promise<Units>>();
  private readonly months = new Map<string, Slot>();
  /** Months computed whole, and restored from a snapshot, by this engine. */
  readonly stats = { built: 0, restored: 0 };
  /** The last stretch of the log read: the twelve months of a year ask for the same one at once. */
  private lastLog?: { from: number; to: number; changes: Promise<Change[] | undefined> };

  constructor(
    private readonly db: Db,
    private readonly options: EngineOptions = {},
  ) {}

  /** The month's statuses at `now`, as of the screenings and registry of `epochs` or later. */
  async month(range: MonthRange, level: Level, now: DateTime, epochs: Epochs): Promise<MonthStatuses> {
    const units = await this.unitsOf(level, epochs);
    const slot = this.slotOf(`${level}|${range.month}`);
    const run = slot.queue.then(() => this.bringUpToDate(slot, units, range, now.toMillis(), epochs));
    slot.queue = run.catch(() => undefined);
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
        return { ...st, rank: st.rank.slice(), screenings: st.screenings.slice(), verified: st.verified.slice(), blockSerial: st.blockSerial.slice() };
      }),
    );
  }

  /** The unit list of a level as of the registry of `epochs` or later. */
  unitsOf(level: Level, epochs: Epochs): Promise<Units> {
    const held = this.units.get(level);
    const fresh = held?.then((u) => (u.database === epochs.database && u.registry >= epochs.registry ? u : undefined), () => undefined);
    const next = (async () => (await fresh) ?? loadUnits(this.db, level, epochs))();
    this.units.set(level, next);
    return next;
  }

  /** The month's slot, most recently used last; the least recently used beyond maxMonths go. */
  private slotOf(key: string): Slot {
    const slot = this.months.get(key) ?? { queue: Promise.resolve() };
    this.months.delete(key);
    this.months.set(key, slot);
    for (const [k] of this.months) {
      if (this.months.size <= (this.options.maxMonths ?? 48)) break;
      this.months.delete(k);
    }
    return slot;
  }

  private async bringUpToDate(slot: Slot, units: Units, range: MonthRange, now: number, epochs: Epochs): Promise<MonthState> {
    const st = slot.state;
    if (!st || st.units !== units) {
      // A month this server does not hold: from its snapshot, if one fits this unit list, then
      // brought up to date as below; else computed whole.
      const restored = await this.restore(units, range, now);
      if (!restored) return (slot.state = await this.build(units, range, now, epochs));
      slot.state = restored;
      return this.bringUpToDate(slot, units, range, now, epochs);
    }
    const touched = new Set<number>();
    const touch = (villageId: number) => {
      const p = units.unitOf.get(villageId);
      if (p !== undefined) touched.add(p);
    };
    if (epochs.screenings > st.epoch) {
      const changes = await this.changesBetween(st.epoch, epochs.screenings);
      if (!changes || changes.some((c) => c.village_id === null)) return (slot.state = await this.build(units, range, now, epochs));
      const [start, end] = [range.start.toMillis(), range.end.toMillis()];
      for (const c of changes) {
        const at = new Date(c.starts_at!).getTime();
        if (at >= start && at < end) touch(c.village_id!);
      }
    }
    const clockMoved = !(st.from <= now && now < st.until);
    if (clockMoved) {
      const [lo, hi] = st.now < now ? [st.now, now] : [now, st.now];
      for (const v of await startsCrossed(this.db, range, lo, hi)) touch(v);
    }
    if (touched.size > units.id.length * (this.options.wholeAbove ?? 1 / 8)) return (slot.state = await this.build(units, range, now, epochs));
    // The span till the next scheduled start reads the current screenings, as the recomputation does: both at once.
    const [, span] = await Promise.all([
      touched.size ? this.recompute(st, [...touched], now) : undefined,
      touched.size || clockMoved ? steadySpan(this.db, range, now) : undefined,
    ]);
    if (span) Object.assign(st, span);
    st.epoch = Math.max(st.epoch, epochs.screenings);
    st.now = now;
    return st;
  }

  private async build(units: Units, range: MonthRange, now: number, epochs: Epochs): Promise<MonthState> {
    const n = units.id.length;
    const serial = ++serials;
    this.stats.built++;
    const [rows, span] = await Promise.all([villageRanks(this.db, range, DateTime.fromMillis(now)), steadySpan(this.db, range, now)]);
    const st: MonthState = {
      units,
      month: range,
      rank: new Uint8Array(n),
      screenings: new Uint32Array(n),
      verified: new Uint8Array(n),
      serial,
      blockSerial: Array.from({ length: Math.ceil(n / BLOCK) }, () => serial),
      epoch: epochs.screenings,
      now,
      ...span,
    };
    fold(st, rows);
    // An ended month changes only by writes: kept for the servers that will first ask it later
    // (a few tens of milliseconds beside the seconds of computing it; a failure only loses the snapshot).
    if (this.options.snapshots !== false && range.end.toMillis() <= now) await saveSnapshot(this.db, units.level, range, units, st).catch(() => undefined);
    return st;
  }

  private async restore(units: Units, range: MonthRange, now: number): Promise<MonthState | null> {
    if (this.options.snapshots === false) return null;
    const snap = await loadSnapshot(this.db, units.level, range, units).catch(() => null);
    // A snapshot taken at a later "now" than asked (another server's clock) is not used.
    if (!snap || snap.now > now) return null;
    const serial = ++serials;
    this.stats.restored++;
    return { units, month: range, ...snap, serial, blockSerial: Array.from({ length: Math.ceil(units.id.length / BLOCK) }, () => serial) };
  }

  private async recompute(st: MonthState, positions: number[], now: number) {
    const villages = positions.flatMap((p) => Array.from(villagesOfUnit(st.units, p)));
    const rows = await villageRanks(this.db, st.month, DateTime.fromMillis(now), villages);
    st.serial = ++serials;
    for (const p of positions) {
      st.rank[p] = 0;
      st.screenings[p] = 0;
      st.verified[p] = 0;
      st.blockSerial[Math.floor(p / BLOCK)] = st.serial;
    }
    fold(st, rows);
  }

  private changesBetween(from: number, to: number) {
    if (this.lastLog?.from !== from || this.lastLog.to !== to) {
      const changes = changesBetween(this.db, from, to);
      changes.catch(() => (this.lastLog = undefined));
      this.lastLog = { from, to, changes };
    }
    return this.lastLog.changes;
  }
}

/** Adds villages' ranks and counts to their units: a unit's rank is the highest of its villages', and it is verified when one of them is. */
function fold(st: MonthStatuses, rows: VillageRank[]) {
  for (const r of rows) {
    const p = st.units.unitOf.get(r.village_id);
    // A village that counts for no unit of the level (an administrative village at the natural level).
    if (p === undefined) continue;
    if (r.rank > st.rank[p]!) st.rank[p] = r.rank;
    st.screenings[p] = st.screenings[p]! + r.screenings;
    if (r.verified) st.verified[p] = 1;
  }
}
