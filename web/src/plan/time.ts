// Calendar arithmetic on the county's wall clock. A day is 'YYYY-MM-DD' and a month 'YYYY-MM',
// both plain labels (no zone); an instant from the server is ISO with its offset.
import { currentLang } from '../i18n/index.js';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (v: string | null | undefined): v is string => !!v && MONTH.test(v);

/** The county's wall-clock date and time of an instant: { date: '2026-11-05', time: '19:30' }. */
export function wallClock(instant: string | Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

export const today = (timeZone: string, now = new Date()) => wallClock(now, timeZone).date;
export const currentMonth = (timeZone: string) => today(timeZone).slice(0, 7);

const utc = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
};
const iso = (d: Date) => d.toISOString().slice(0, 10);

export const addDays = (day: string, n: number) => iso(new Date(utc(day).getTime() + n * 86_400_000));

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y! * 12 + (m! - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function daysOf(month: string): string[] {
  const days: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) days.push(d);
  return days;
}

export const isWeekend = (day: string) => [0, 6].includes(utc(day).getUTCDay());

/** "11月5日 周四" / "Thu, Nov 5". */
export const formatDay = (day: string, opts: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', weekday: 'short' }) =>
  new Intl.DateTimeFormat(currentLang(), { ...opts, timeZone: 'UTC' }).format(utc(day));
