// Message catalogues of the registry and reports pages, kept apart from the map's (zh-CN.ts,
// en.ts) so that pages built at the same time do not edit one file. The language itself is the
// one chosen in index.ts (URL, then this browser, then Chinese), shared by every page.
import { currentLang, t as mapT, type Lang, type MessageKey } from './index.js';

type Params = Record<string, string | number>;

const fill = (text: string, params: Params) =>
  text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

/**
 * A translator over one page's catalogues: `t(key)` in the current language (Chinese when a key
 * is missing), and `translate()` fills elements marked data-t (text), data-t-label (aria-label),
 * data-t-title and data-t-placeholder; data-i18n and data-i18n-label mark keys of the shared catalogue.
 */
export function pageCatalogue<M extends Record<string, string>>(catalogues: Record<Lang, M>) {
  type Key = keyof M & string;
  const t = (key: Key, params: Params = {}): string => fill(catalogues[currentLang()][key] ?? catalogues['zh-CN'][key] ?? key, params);

  function translate(root: ParentNode = document) {
    for (const el of root.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t as Key);
    for (const el of root.querySelectorAll<HTMLElement>('[data-t-label]')) el.setAttribute('aria-label', t(el.dataset.tLabel as Key));
    for (const el of root.querySelectorAll<HTMLElement>('[data-t-title]')) el.title = t(el.dataset.tTitle as Key);
    for (const el of root.querySelectorAll<HTMLInputElement>('[data-t-placeholder]')) el.placeholder = t(el.dataset.tPlaceholder as Key);
    for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = mapT(el.dataset.i18n as MessageKey);
    for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) el.setAttribute('aria-label', mapT(el.dataset.i18nLabel as MessageKey));
  }
  return { t, translate };
}
