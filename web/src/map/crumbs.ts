// The breadcrumb above the map: the reader's root (全国 for a reader who sees the whole
// deployment), then each area down to the one looked at. Every crumb but the last goes up there.
import { t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { AreaRegistry } from './api.js';

export interface Crumb {
  /** null: the root, everything the reader sees. */
  id: number | null;
  name: string;
}

/**
 * The crumbs of `registry`'s path. `nation`: whether the reader's root is the whole deployment
 * (then named 全国 / Nation); a reader scoped to an area has that area as the first crumb.
 */
export function crumbsOf(registry: AreaRegistry, nation: boolean): Crumb[] {
  const path = registry.path.map((a) => ({ id: a.id as number | null, name: a.name }));
  if (nation) return [{ id: null, name: t('map.crumbs.root') }, ...path];
  // The first area of a scoped reader's path is their root: going there is going to no area.
  return path.map((c, i) => (i === 0 ? { ...c, id: null } : c));
}

/** `href`: the URL of a crumb (so it opens in a new tab too); a click stays on the page and goes there. */
export function renderCrumbs(el: HTMLElement, crumbs: Crumb[], href: (id: number | null) => string, go: (id: number | null) => void) {
  el.hidden = crumbs.length === 0;
  const list = h(
    'ol',
    {},
    ...crumbs.map((c, i) => {
      const last = i === crumbs.length - 1;
      if (last) return h('li', {}, h('span', { 'aria-current': 'page', 'data-area': c.id ?? '' }, c.name));
      const a = h('a', { href: href(c.id), 'data-area': c.id ?? '' }, c.name);
      a.addEventListener('click', (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // a new tab or window: the link's own way
        e.preventDefault();
        go(c.id);
      });
      return h('li', {}, a);
    }),
  );
  el.replaceChildren(list);
}
