// The month's gap units (no screening at all yet), grouped by township. A village is picked with
// a click (then a free evening in the grid completes the screening) or dragged onto a cell. Under
// a village, its villagers' top requests (./requests.ts) with how many asked.
import { compareNames } from '../../../domain/collate.js';
import { t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { Unit } from './api.js';
import { requestedBy, TOP_REQUESTS, type Requested } from './requests.js';
import { DRAG_VILLAGE } from './grid.js';

export function renderGaps(title: HTMLElement, hint: HTMLElement, list: HTMLElement, units: Unit[], picked: number | null, pick: (id: number | null) => void, requestsOf: (unitId: number) => Requested[] = () => []) {
  const gaps = units.filter((u) => u.status === 'gap');
  title.textContent = t('gaps.title', { count: gaps.length });
  title.dataset.count = String(gaps.length);
  const chosen = gaps.find((u) => u.id === picked);
  hint.textContent = chosen ? t('gaps.picked', { name: chosen.name }) : gaps.length ? t('gaps.hint') : '';
  hint.classList.toggle('active', !!chosen);
  if (!gaps.length) {
    list.replaceChildren(h('p', { class: 'empty' }, t(units.length ? 'gaps.none' : 'gaps.noUnits')));
    return;
  }
  const groups = new Map<string, Unit[]>();
  for (const u of gaps) groups.set(u.townshipName, [...(groups.get(u.townshipName) ?? []), u]);
  list.replaceChildren(
    ...[...groups]
      .sort((a, b) => b[1].length - a[1].length || compareNames(a[0], b[0]))
      .map(([township, members]) =>
        h(
          'section',
          { class: 'gap-group' },
          h('h3', {}, t('text.paren', { text: township, note: members.length })),
          h(
            'ul',
            {},
            ...members
              .sort((a, b) => compareNames(a.name, b.name))
              .map((u) => {
                const b = h('button', { type: 'button', class: 'gap-village', draggable: 'true', 'data-village': u.id, 'aria-pressed': String(u.id === picked) }, u.name);
                b.addEventListener('click', () => pick(u.id === picked ? null : u.id));
                b.addEventListener('dragstart', (e) => {
                  e.dataTransfer?.setData(DRAG_VILLAGE, String(u.id));
                  e.dataTransfer?.setData('text/plain', u.name);
                });
                return h('li', {}, b, requestLine(u.id, requestsOf(u.id)));
              }),
          ),
        ),
      ),
  );
}

/** "Villagers asked for: 《A》 3 · 《B》 1" under a gap village; null when nobody asked. */
function requestLine(unitId: number, asked: Requested[]) {
  if (!asked.length) return null;
  const top = asked.slice(0, TOP_REQUESTS);
  return h(
    'p',
    { class: 'gap-requests', 'data-village': unitId },
    h('span', { class: 'gap-requests-label' }, t('plan.requests.label')),
    ' ',
    ...top.flatMap((r, i) => [
      i ? t('text.listSeparator') : '',
      h('span', { class: 'gap-request', 'data-film': r.filmId, 'data-requests': r.requests, title: requestedBy(r.requests) }, t('plan.requests.item', { title: r.title, count: r.requests })),
    ]),
    asked.length > top.length ? ` ${t('plan.requests.more', { count: asked.length - top.length })}` : '',
  );
}
