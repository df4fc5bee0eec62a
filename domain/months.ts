import { DateTime } from 'luxon';

// How a county counts time (DOMAIN.md "Months are local"): a month is [first instant of the month,
// first instant of the next) in the county's zone, never UTC, and a screening belongs to the month
// of its local start. A day is 'YYYY-MM-DD' and a month 'YYYY-MM': plain labels without a zone.
// The server and the pages both import this file; luxon does every zone computation.

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isMonth = (v: unknown): v is string => typeof v === 'string' && MONTH_PATTERN.test(v);

export interface MonthRange {
  month: string;
  start: DateTime;
  end: DateTime;
}

type Instant = Date | DateTime | string | number;
const toDateTime = (i: Instant) =>
  i instanceof Date ? DateTime.fromJSDate(i) : typeof i === 'string' ? DateTime.fromISO(i) : typeof i === 'number' ? DateTime.fromMillis(i) : i;

// A zone's offsets cost luxon an Intl round each time: every server request asks for a month, so
// the ranges are kept (a few hundred at most; they never change).
const ranges = new Map<string, MonthRange>();

export function monthRange(month: string, zone: string): MonthRange {
  const key = `${month}|${zone}`;
  const kept = ranges.get(key);
  if (kept) return kept;
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const start = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone });
  const range = { month, start, end: start.plus({ months: 1 }) };
  if (ranges.size > 500) ranges.clear();
  ranges.set(key, range);
  return range;
}

/** The last month asked for per zone: most instants asked about fall in it. */
const lastMonth = new Map<string, MonthRange>();

/** The month (YYYY-MM) an instant falls in, counted in the county zone. */
export function monthOf(instant: Instant, zone: string): string {
  const ms = toDateTime(instant).toMillis();
  const last = lastMonth.get(zone);
  if (last && last.start.toMillis() <= ms && ms < last.end.toMillis()) return last.month;
  const month = toDateTime(instant).setZone(zone).toFormat('yyyy-MM');
  if (isMonth(month)) lastMonth.set(zone, monthRange(month, zone));
  return month;
}

/** The month the county's wall clock shows now. */
export const currentMonth = (zone: string, now: Instant = DateTime.now()): string => monthOf(now, zone);

/** The month `by` months after (or before, when negative) `month`. */
export function shiftMonth(month: string, by: number): string {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Whether `month` has begun on the county's wall clock at `now`. */
export const monthHasBegun = (month: string, zone: string, now: Instant = DateTime.now()) => month <= currentMonth(zone, now);

export const yearMonths = (year: number, zone: string): MonthRange[] =>
  Array.from({ length: 12 }, (_, i) => monthRange(`${year}-${String(i + 1).padStart(2, '0')}`, zone));

/** An instant's local fields in a zone, as luxon gives them, from plain arithmetic on a kept offset. */
export interface WallParts {
  /** 'YYYY-MM-DD'. */
  date: string;
  /** Minutes after local midnight. */
  minutes: number;
  /** Local calendar days since 1970-01-01: the difference of two is a count of calendar days. */
  day: number;
}

const QUARTER_HOUR = 900_000;
/** Offsets (minutes) by zone and UTC quarter hour: every zone's transitions fall on a quarter hour. */
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset (minutes) at `ms`: luxon's, asked once per quarter hour it is asked about. */
function offsetAt(ms: number, zone: string): number {
  let byQuarter = offsets.get(zone);
  if (!byQuarter) offsets.set(zone, (byQuarter = new Map()));
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let offset = byQuarter.get(quarter);
  if (offset === undefined) {
    const first = DateTime.fromMillis(quarter * QUARTER_HOUR, { zone }).offset;
    const last = DateTime.fromMillis((quarter + 1) * QUARTER_HOUR - 1, { zone }).offset;
    // A transition inside the quarter (none is known): that instant asked of luxon, not kept.
    if (first !== last) return DateTime.fromMillis(ms, { zone }).offset;
    if (byQuarter.size > 100_000) byQuarter.clear();
    byQuarter.set(quarter, (offset = first));
  }
  return offset;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * The county's wall-clock fields of an instant (ms since the epoch): what
 * DateTime.fromMillis(ms, { zone }) gives, for a fraction of its cost — the evidence checks ask
 * it of every screening of a month.
 */
export function wallParts(ms: number, zone: string): WallParts {
  const local = ms + offsetAt(ms, zone) * 60_000;
  const d = new Date(local);
  return {
    date: `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`,
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
    day: Math.floor(local / 86_400_000),
  };
}

/** The county's wall-clock date and time of an instant: { date: '2026-11-05', time: '19:30' }. */
export function wallClock(instant: Instant, zone: string): { date: string; time: string } {
  const local = toDateTime(instant).setZone(zone);
  return { date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm') };
}

export const today = (zone: string, now: Instant = DateTime.now()) => wallClock(now, zone).date;

/** A calendar day `n` days after `day` (days are labels: no zone, no daylight-saving shift). */
export const addDays = (day: string, n: number) => DateTime.fromISO(day, { zone: 'utc' }).plus({ days: n }).toISODate()!;

/** The days of a month, first to last. */
export function daysOf(month: string): string[] {
  const days: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  return days;
}

/** Saturday or Sunday. */
export const isWeekend = (day: string) => DateTime.fromISO(day, { zone: 'utc' }).weekday >= 6;

/** The instant of a wall-clock date and time in the county zone ('2026-11-05', '19:30'). */
export const atWallClock = (date: string, time: string, zone: string): DateTime => DateTime.fromISO(`${date}T${time}`, { zone });
