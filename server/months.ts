import { DateTime } from 'luxon';
import { z } from 'zod';

// The one place that knows how a county counts months: [first instant of the month, first instant
// of the next) in the county's zone, never UTC. Everything month-shaped goes through here.

export interface MonthRange {
  month: string;
  start: DateTime;
  end: DateTime;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const monthSchema = z.string().regex(MONTH, 'must be a month as YYYY-MM');
export const yearSchema = z.coerce.number().int('must be a year as YYYY').min(1970, 'must be 1970 or later').max(2999, 'must be before 3000');

export function monthRange(month: string, zone: string): MonthRange {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const start = DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone });
  return { month, start, end: start.plus({ months: 1 }) };
}

/** The month (YYYY-MM) an instant falls in, counted in the county zone. */
export function monthOf(instant: Date | DateTime, zone: string): string {
  const dt = instant instanceof Date ? DateTime.fromJSDate(instant) : instant;
  return dt.setZone(zone).toFormat('yyyy-MM');
}

export const currentMonth = (now: DateTime, zone: string) => monthOf(now, zone);

export function yearMonths(year: number, zone: string): MonthRange[] {
  return Array.from({ length: 12 }, (_, i) => monthRange(`${year}-${String(i + 1).padStart(2, '0')}`, zone));
}

/** Output form of every time: ISO 8601 with the county's offset. */
export function formatTime(value: Date | null | undefined, zone: string): string | null {
  if (!value) return null;
  return DateTime.fromJSDate(value).setZone(zone).toISO();
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
