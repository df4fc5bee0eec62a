// Text of the partner's pages: their own catalogue (plan.zh-CN.ts, plan.en.ts) first, then the
// map's shared one (status names, month buttons). The language is the one index.ts chose.
import { currentLang, t as sharedT, type MessageKey } from '../i18n/index.js';
import { planEn } from '../i18n/plan.en.js';
import { planZhCN, type PlanKey } from '../i18n/plan.zh-CN.js';

export type Key = PlanKey | MessageKey;
type Params = Record<string, string | number>;

const own = { 'zh-CN': planZhCN, en: planEn };
const isOwn = (key: string): key is PlanKey => key in planZhCN;

export function t(key: Key, params: Params = {}): string {
  if (!isOwn(key)) return sharedT(key, params);
  const text = own[currentLang()][key] ?? planZhCN[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Fills elements marked data-i18n (text), data-i18n-label (aria-label), data-i18n-placeholder. */
export function translate(root: ParentNode = document) {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as Key);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel as Key));
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    el.placeholder = t(el.dataset.i18nPlaceholder as Key);
  }
}

/** The words for a status as the reader sees it (the map's names, and "cancelled"). */
export const statusLabel = (s: 'covered' | 'planned' | 'overdue' | 'cancelled') => (s === 'cancelled' ? t('screening.cancelled') : t(`status.${s}`));
