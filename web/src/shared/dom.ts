// A tiny element builder: text goes in as text (names come from users), never as HTML.
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

type Tag = keyof HTMLElementTagNameMap;
/** 'select#f-state' is a <select>; a bare id, any element. */
type ElementOf<S extends string> = S extends `${infer T}#${string}` ? (T extends Tag ? HTMLElementTagNameMap[T] : never) : HTMLElement;

/**
 * A page's elements, found once by id — each named by its id, or its tag and id ('select#f-state')
 * when the page needs what only that tag has. An id the page does not hold, or one of another tag,
 * stops the page with the id named (rather than a cast that fails later, far from the cause).
 */
export function elements<const S extends Record<string, string>>(ids: S): { [K in keyof S]: ElementOf<S[K]> } {
  const found: Record<string, HTMLElement> = {};
  for (const [name, spec] of Object.entries(ids)) {
    const hash = spec.indexOf('#');
    const [tag, id] = hash < 0 ? ['', spec] : [spec.slice(0, hash), spec.slice(hash + 1)];
    const el = document.getElementById(id);
    if (!el || (tag && el.localName !== tag)) throw new Error(`The page has no ${tag || 'element'} #${id}`);
    found[name] = el;
  }
  return found as { [K in keyof S]: ElementOf<S[K]> };
}
