// The registry list: one page of villages for the search and filters, with the actions on each
// row (show and move it on the map, retire, restore) and the pager.
import { formatNumber, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { ListQuery, Village } from './api.js';

export interface RowActions {
  locate(v: Village): void;
  retire(v: Village): void;
  restore(v: Village): void;
}

export function renderRows(tbody: HTMLElement, villages: Village[], selected: number | null, actions: RowActions) {
  if (!villages.length) {
    tbody.replaceChildren(h('tr', { class: 'empty' }, h('td', { colspan: 6 }, t('list.none'))));
    return;
  }
  tbody.replaceChildren(...villages.map((v) => row(v, v.id === selected, actions)));
}

function row(v: Village, selected: boolean, actions: RowActions): HTMLElement {
  const locate = h('button', { type: 'button', class: 'small', 'data-action': 'locate', 'aria-pressed': String(selected) }, t('list.locate'));
  locate.addEventListener('click', () => actions.locate(v));
  const toggle = v.retiredAt
    ? h('button', { type: 'button', class: 'small', 'data-action': 'restore' }, t('list.restore'))
    : h('button', { type: 'button', class: 'small danger', 'data-action': 'retire' }, t('list.retire'));
  toggle.addEventListener('click', () => (v.retiredAt ? actions.restore(v) : actions.retire(v)));
  return h(
    'tr',
    { 'data-id': v.id, class: [v.retiredAt ? 'retired' : '', selected ? 'selected' : ''].join(' ').trim() || undefined },
    h('td', { class: 'code' }, v.code ?? '—'),
    h(
      'th',
      { scope: 'row', class: 'name' },
      v.name,
      v.retiredAt ? h('span', { class: 'badge retired', title: v.retiredAt }, t('list.retiredBadge')) : null,
      v.positionApproximate ? h('span', { class: 'badge approx', title: t('list.approxHint') }, t('list.approx')) : null,
    ),
    h('td', {}, v.townshipName),
    h('td', {}, t(v.kind === 'natural' ? 'kind.natural' : 'kind.administrative')),
    h('td', { class: 'num position' }, `${v.lat.toFixed(4)}, ${v.lng.toFixed(4)}`),
    h('td', { class: 'actions' }, locate, toggle, posterLink(v)),
  );
}

/** The unit's printed 公示 (/poster): for an administrative village in use, the unit of the notices. */
function posterLink(v: Village): HTMLElement | null {
  if (v.retiredAt || v.kind === 'natural') return null;
  return h('a', { href: `/poster?villageId=${v.id}`, class: 'small button-link', 'data-action': 'poster', title: t('registry.posterHint', { name: v.name }) }, t('registry.poster'));
}

export function renderPager(info: HTMLElement, prev: HTMLButtonElement, next: HTMLButtonElement, q: Pick<ListQuery, 'offset' | 'limit'>, total: number) {
  const from = total ? q.offset + 1 : 0;
  const to = Math.min(q.offset + q.limit, total);
  info.textContent = t('list.range', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) });
  prev.disabled = q.offset === 0;
  next.disabled = to >= total;
}

/**
 * The search box (a pause in typing, or Enter, searches) and the pager of a registry-like list
 * (villages, films): `search(text)` asks for the first page of a new search, `page(offset)` for
 * another page of the same list.
 */
export function wireListControls(
  el: { q: HTMLInputElement; filters: HTMLElement; prev: HTMLButtonElement; next: HTMLButtonElement },
  at: () => Pick<ListQuery, 'offset' | 'limit'>,
  search: (text: string) => void,
  page: (offset: number) => void,
) {
  let typing: ReturnType<typeof setTimeout> | undefined;
  el.q.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => search(el.q.value), 250);
  });
  el.filters.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(typing);
    search(el.q.value);
  });
  el.prev.addEventListener('click', () => page(Math.max(0, at().offset - at().limit)));
  el.next.addEventListener('click', () => page(at().offset + at().limit));
}
