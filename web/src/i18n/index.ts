// The one translation mechanism of the pages: the language (URL, then this browser, then Chinese),
// t(key) from the one catalogue a language (zh-CN.ts first, en.ts), translate(root) for the
// markup's data-i18n attributes, and number and date formats in the reader's language.
import { en } from './en.js';
import type { UnitStatus } from '../../../domain/status.js';
import { zhCN, type MessageKey, type Messages } from './zh-CN.js';

export type Lang = 'zh-CN' | 'en';
export const LANGS: Lang[] = ['zh-CN', 'en'];
const catalogues: Record<Lang, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'film2131.lang';

let lang: Lang = 'zh-CN';

export const isLang = (v: unknown): v is Lang => LANGS.includes(v as Lang);

/** The URL's `lang` wins, then the last choice kept in this browser, then Chinese. */
export function initialLang(search = location.search): Lang {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policy): the default is fine then.
  }
  return isLang(stored) ? stored : 'zh-CN';
}

export function setLang(next: Lang) {
  lang = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // See initialLang.
  }
}

export const currentLang = () => lang;
export const otherLang = (): Lang => (lang === 'zh-CN' ? 'en' : 'zh-CN');

/** Whether the catalogues have `key`: a code from the server may be newer than this page. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(catalogues[lang], key);

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Fills every element below `root` marked data-i18n (text), data-i18n-label (aria-label), data-i18n-title, data-i18n-placeholder. */
export function translate(root: ParentNode = document) {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel as MessageKey));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as MessageKey);
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder as MessageKey);
}

/** The words for what a screening says as the reader sees it: a unit status, or cancelled. */
export const statusLabel = (s: UnitStatus | 'cancelled') => t(s === 'cancelled' ? 'screening.cancelled' : `status.${s}`);

export const formatPercent = (x: number) =>
  new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(x);

export const formatNumber = (n: number) => new Intl.NumberFormat(lang).format(n);

/** 'YYYY-MM' as "2026年11月" or "November 2026"; the month is a calendar label, so no zone shift. */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, 1)),
  );
}

/** An instant shown as the county's wall-clock time, in the reader's language. */
export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatTime(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short', timeZone }).format(date);
}

/** A day label ('YYYY-MM-DD') as "11月5日 周四" / "Thu, Nov 5"; a label, so no zone shift. */
export const formatDay = (day: string, opts: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', weekday: 'short' }) =>
  new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

export type { MessageKey };
