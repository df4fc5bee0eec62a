// The one translation mechanism of the pages: the language (./lang.ts: URL, then this browser, then
// Chinese), t(key) from the one catalogue a language (zh-CN.ts first, en.ts), translate(root) for
// the markup's data-i18n attributes, and number and date formats in the reader's language.
import { en } from './en.js';
import type { UnitStatus } from '../../../domain/status.js';
import { zhCN, type MessageKey, type Messages } from './zh-CN.js';
import { currentLang, fill, translateWith, type Lang } from './lang.js';

const catalogues: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

export { LANGS, currentLang, formatDay, formatMonth, initialLang, isLang, otherLang, setLang, type Lang } from './lang.js';

/** Whether the catalogues have `key`: a code from the server may be newer than this page. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(catalogues[currentLang()], key);

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill(catalogues[currentLang()][key], params);
}

/** Fills every element below `root` marked data-i18n (text), data-i18n-label (aria-label), data-i18n-title, data-i18n-placeholder. */
export const translate = (root: ParentNode = document) => translateWith((key) => t(key as MessageKey), root);

/** The words for what a screening says as the reader sees it: a unit status, or cancelled. */
export const statusLabel = (s: UnitStatus | 'cancelled') => t(s === 'cancelled' ? 'screening.cancelled' : `status.${s}`);

export const formatPercent = (x: number) =>
  new Intl.NumberFormat(currentLang(), { style: 'percent', maximumFractionDigits: 0 }).format(x);

export const formatNumber = (n: number) => new Intl.NumberFormat(currentLang()).format(n);

/** An instant shown as the county's wall-clock time, in the reader's language. */
export function formatDateTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatTime(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(currentLang(), { timeStyle: 'short', timeZone }).format(date);
}

export type { MessageKey };
