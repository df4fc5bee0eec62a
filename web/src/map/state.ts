// What the reader is looking at lives in the URL (?month=&level=&township=&lang=), so a copied
// link opens the same view. No month in the URL means "the current month", which then follows
// the county's calendar when the page stays open past midnight at the month's end.
import { isLang, type Lang } from '../i18n/index.js';
import type { Level } from './api.js';

export interface ViewState {
  month: string | null;
  level: Level;
  township: number | null;
  lang: Lang;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function readState(search: string, fallbackLang: Lang): ViewState {
  const q = new URLSearchParams(search);
  const month = q.get('month');
  const township = Number(q.get('township'));
  const lang = q.get('lang');
  return {
    month: month && MONTH.test(month) ? month : null,
    level: q.get('level') === 'natural' ? 'natural' : 'administrative',
    township: Number.isInteger(township) && township > 0 ? township : null,
    lang: isLang(lang) ? lang : fallbackLang,
  };
}

export function toSearch(s: ViewState): string {
  const q = new URLSearchParams();
  if (s.month) q.set('month', s.month);
  if (s.level !== 'administrative') q.set('level', s.level);
  if (s.township) q.set('township', String(s.township));
  q.set('lang', s.lang);
  return `?${q}`;
}

/** Records a change: a new history entry (Back returns to the previous view) unless `replace`. */
export function writeState(s: ViewState, replace = false) {
  const url = `${location.pathname}${toSearch(s)}`;
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}

/** The current month on the county's wall clock, e.g. '2026-11' in Asia/Shanghai. */
export function currentMonth(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}`;
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y! * 12 + (m! - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const isMonth = (v: string) => MONTH.test(v);
