// The reader's language, apart from the catalogues: which one (URL, then this browser, then
// Chinese), filling a message's {names}, marking up the page's data-i18n attributes, and a day's
// label. The catalogues (./index.ts) build on it; a page that must stay small (the villagers' page,
// /v/<token>) uses it with a catalogue of its own words (./village/) instead of the whole app's.

export type Lang = 'zh-CN' | 'en';
export const LANGS: Lang[] = ['zh-CN', 'en'];
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

/** A message with its `{name}`s filled in from `params` (a name without a value stays as it is). */
export const fill = (message: string, params: Record<string, string | number> = {}) =>
  message.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

/** Fills every element below `root` marked data-i18n (text), data-i18n-label (aria-label), data-i18n-title, data-i18n-placeholder, from `text`. */
export function translateWith(text: (key: string) => string, root: ParentNode = document) {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = text(el.dataset.i18n!);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', text(el.dataset.i18nLabel!));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = text(el.dataset.i18nTitle!);
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) el.placeholder = text(el.dataset.i18nPlaceholder!);
}

/** A day label ('YYYY-MM-DD') as "11月5日 周四" / "Thu, Nov 5"; a label, so no zone shift. */
export const formatDay = (day: string, opts: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', weekday: 'short' }) =>
  new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** 'YYYY-MM' as "2026年11月" or "November 2026"; the month is a calendar label, so no zone shift. */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)));
}
