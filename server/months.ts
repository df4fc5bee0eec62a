// The server's side of time: month and year query parameters, times read from clients and
// written to them. The month arithmetic itself is domain/months.ts, shared with the pages.
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { currentMonth, MONTH_PATTERN, monthRange, type MonthRange } from '../domain/months.js';

export { currentMonth, monthOf, monthRange, yearMonths, type MonthRange } from '../domain/months.js';

export const monthSchema = z.string().regex(MONTH_PATTERN, 'must be a month as YYYY-MM');
export const yearSchema = z.coerce.number().int('must be a year as YYYY').min(1970, 'must be 1970 or later').max(2999, 'must be before 3000');

/** The month asked for, or else the current month in the county zone. */
export const monthOrCurrent = (month: string | undefined, zone: string, now: DateTime): MonthRange => monthRange(month ?? currentMonth(zone, now), zone);

/** Keeps the rows whose `column` (a start time) falls in the month: [first instant, first instant of the next) in the county zone. */
export function whereInMonth<Q extends Knex.QueryBuilder>(query: Q, column: string, month: Pick<MonthRange, 'start' | 'end'>): Q {
  query.where(column, '>=', month.start.toJSDate()).where(column, '<', month.end.toJSDate());
  return query;
}

/** Output form of every time: ISO 8601 with the county's offset. */
export function formatTime(value: Date | null | undefined, zone: string): string | null {
  if (!value) return null;
  const ms = value.getTime();
  const offset = offsetAt(ms, zone);
  // Luxon's own form where it differs from the plain one: a zero offset (Z in UTC, +00:00
  // elsewhere), an offset in seconds (local mean time of old years), years outside 1000–9999.
  if (offset === 0 || offset === null || !Number.isInteger(offset) || !(ms > -30610224000000 && ms < 253402300800000)) return DateTime.fromJSDate(value).setZone(zone).toISO();
  const local = new Date(ms + offset * 60_000).toISOString(); // 2026-11-01T19:30:00.000Z, local wall time
  const a = Math.abs(offset);
  return `${local.slice(0, 23)}${offset < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

// A zone's offset (minutes) per UTC day, as luxon reads it from Intl twice (the day's first and
// last instant): formatting a screening's time is then arithmetic (a statement or an export formats
// thousands; luxon's setZone and toISO cost tens of microseconds each). A day whose offset changes
// (a daylight-saving switch) is left to luxon, instant by instant.
const DAY = 86_400_000;
const offsets = new Map<string, Map<number, number | null>>();
function offsetAt(ms: number, zone: string): number | null {
  let byDay = offsets.get(zone);
  if (!byDay || byDay.size > 100_000) offsets.set(zone, (byDay = new Map()));
  const day = Math.floor(ms / DAY);
  let offset = byDay.get(day);
  if (offset === undefined) {
    const first = DateTime.fromMillis(day * DAY, { zone });
    const last = DateTime.fromMillis(day * DAY + DAY - 1, { zone });
    offset = first.isValid && last.isValid && first.offset === last.offset ? first.offset : null;
    byDay.set(day, offset);
  }
  return offset;
}

// A date, or a date and time with an optional offset: 2026-11-26, 2026-11-26T19:30, 2026-11-26T19:30:00+08:00, …Z
const TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/** A time from a client: an offset is honoured; without one the time is read in the county zone. */
export function timeSchema(zone: string) {
  return z
    .string()
    .trim()
    .regex(TIME, 'must be an ISO 8601 time, e.g. 2026-11-26T19:30+08:00')
    .transform((s, ctx) => {
      const dt = DateTime.fromISO(s, { zone });
      if (!dt.isValid) {
        ctx.addIssue({ code: 'custom', message: 'is not a real date or time' });
        return z.NEVER;
      }
      // The drivers misread years below 100 (0001 comes back as 2001) and PostgreSQL refuses years
      // past 9999 in this form: keep times to the years this service can mean.
      if (dt.year < 1970 || dt.year > 2999) {
        ctx.addIssue({ code: 'custom', message: 'must be between 1970 and 2999' });
        return z.NEVER;
      }
      return dt.toJSDate();
    });
}
