// The side panel: coverage per township (worst first, one bar each), the month's gap villages
// grouped by township, and a search box over every drawn village.
import { compareNames } from '../../../domain/collate.js';
import { formatNumber, formatPercent, t } from '../i18n/index.js';
import type { AreaCoverage, Coverage, Units } from './api.js';
import { h } from '../shared/dom.js';

/** Keeps the page quick where a county has thousands of gaps; the map still shows them all. */
const MAX_LISTED = 500;

/** Townships by coverage, lowest first; one without units of this level (say, no natural villages) has nothing to cover. */
export const worstFirst = (coverage: Coverage) =>
  coverage.townships.filter((r) => r.units > 0).sort((a, b) => a.coverage - b.coverage || compareNames(a.name, b.name));

/** What a township's or an area's row shows, in this order (its accessible name follows it): its name, its bar, the share, and the counts. */
const barParts = (name: string, share: number, counts: string) => [
  h('span', { class: 'name' }, name),
  ' ',
  h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: `width:${(share * 100).toFixed(1)}%` })),
  h('span', { class: 'pct' }, formatPercent(share)),
  ' ',
  h('span', { class: 'frac' }, counts),
];

/**
 * One bar a township. In a month that has not begun (`due` false) nothing can be covered yet: the
 * bar shows the share already planned instead, in the planned colour, and says so.
 */
export function renderTownships(el: HTMLElement, coverage: Coverage, selected: number | null, pick: (id: number | null) => void, due = true) {
  const rows = worstFirst(coverage);
  el.classList.toggle('not-due', !due);
  el.replaceChildren(
    ...rows.map((r) => {
      const share = due ? r.coverage : r.planned / r.units;
      const pct = formatPercent(share);
      const done = due ? r.covered : r.planned;
      const button = h(
        'button',
        {
          type: 'button',
          class: 'township-row',
          'aria-pressed': String(r.id === selected),
          // The name a reader hears starts with what the row shows, in its order (WCAG 2.5.3).
          'aria-label': due
            ? t('panel.townshipRow', { name: r.name, coverage: pct, covered: formatNumber(r.covered), units: formatNumber(r.units) })
            : t('panel.townshipRowNotDue', { name: r.name, share: pct, planned: formatNumber(r.planned), units: formatNumber(r.units) }),
          'data-township': r.id,
        },
        ...barParts(r.name, share, `${formatNumber(done)}/${formatNumber(r.units)}`),
      );
      button.addEventListener('click', () => pick(r.id === selected ? null : r.id));
      return h('li', {}, button);
    }),
  );
}

type AreaRow = AreaCoverage['groups'][number];

/** Child areas worst first: lowest coverage, then most gaps, then by name; those without units left out. */
export const areasWorstFirst = (rows: AreaRow[]) =>
  rows.filter((r) => r.units > 0).sort((a, b) => a.coverage - b.coverage || b.gap - a.gap || compareNames(a.name, b.name));

/**
 * One row a child area, worst first, as the township bars look: its coverage bar and share, then
 * covered/units and its gaps. Clicking one goes down into it. In a month that has not begun the
 * bar shows the share planned, as for townships.
 */
export function renderAreas(el: HTMLElement, rows: AreaRow[], pick: (id: number) => void, due = true) {
  el.classList.toggle('not-due', !due);
  el.replaceChildren(
    ...areasWorstFirst(rows).map((r) => {
      const share = due ? r.coverage : r.planned / r.units;
      const pct = formatPercent(share);
      const button = h(
        'button',
        {
          type: 'button',
          class: 'township-row area-row',
          // Its text says it all when the month is due (name, share, covered/units and gaps).
          'aria-label': due ? undefined : t('panel.townshipRowNotDue', { name: r.name, share: pct, planned: formatNumber(r.planned), units: formatNumber(r.units) }),
          'data-area': r.id ?? '',
          // The units in no county: a row to read, no area to go into.
          disabled: r.id === null,
          'data-coverage': r.coverage,
          'data-gap': r.gap,
        },
        ...barParts(
          r.name,
          share,
          due ? t('panel.areaFrac', { covered: formatNumber(r.covered), units: formatNumber(r.units), gap: formatNumber(r.gap) }) : `${formatNumber(r.planned)}/${formatNumber(r.units)}`,
        ),
      );
      const id = r.id;
      if (id !== null) button.addEventListener('click', () => pick(id));
      return h('li', {}, button);
    }),
  );
}

export function renderGaps(
  title: HTMLElement,
  el: HTMLElement,
  units: Units,
  statuses: string,
  township: number | null,
  townshipOrder: number[],
  pick: (index: number) => void,
  due = true,
) {
  const { townshipId, name, code } = units.units;
  const groups = new Map<number, number[]>(townshipOrder.map((id) => [id, []]));
  let count = 0;
  for (let i = 0; i < statuses.length; i++) {
    if (statuses[i] !== 'g' || (township !== null && townshipId[i] !== township)) continue;
    count++;
    const list = groups.get(townshipId[i]!) ?? [];
    list.push(i);
    groups.set(townshipId[i]!, list);
  }
  if (!due) {
    // A month still to come has no blind spots yet: its unplanned units are only not yet due.
    title.textContent = t('panel.notDueTitle', { count: formatNumber(count) });
    title.dataset.count = '0';
    el.replaceChildren(h('p', { class: 'empty not-due' }, t('panel.notDue')));
    return;
  }
  title.textContent = t('panel.gaps', { count: formatNumber(count) });
  title.dataset.count = String(count);
  if (!count) {
    el.replaceChildren(h('p', { class: 'empty' }, t(units.units.id.length ? 'panel.noGaps' : 'panel.noUnits')));
    return;
  }
  const townshipName = new Map(units.townships.map((tw) => [tw.id, tw.name]));
  let listed = 0;
  const sections: HTMLElement[] = [];
  for (const [tid, indices] of groups) {
    if (!indices.length || listed >= MAX_LISTED) continue;
    const shown = indices.sort((a, b) => compareNames(name[a]!, name[b]!)).slice(0, MAX_LISTED - listed);
    listed += shown.length;
    sections.push(
      h(
        'section',
        { class: 'gap-group', 'data-township': tid },
        h('h3', {}, `${townshipName.get(tid) ?? tid} `, h('span', { class: 'n' }, `(${formatNumber(indices.length)})`)),
        h('ul', {}, ...shown.map((i) => h('li', {}, villageButton(i, name[i]!, code[i] ?? null, pick)))),
      ),
    );
  }
  if (count > listed) sections.push(h('p', { class: 'more' }, t('panel.more', { count: formatNumber(count - listed) })));
  el.replaceChildren(...sections);
}

function villageButton(i: number, name: string, code: string | null, pick: (index: number) => void) {
  const b = h('button', { type: 'button', class: 'village', 'data-index': i }, name, code ? h('small', {}, code) : null);
  b.addEventListener('click', () => pick(i));
  return b;
}

/** Name (anywhere in it) or code (from its start) of the villages drawn now; first few matches. */
export function setupSearch(
  input: HTMLInputElement,
  results: HTMLElement,
  data: () => { units: Units; visible: (i: number) => boolean } | null,
  pick: (index: number) => void,
) {
  const matches = (q: string) => {
    const d = data();
    if (!d || !q) return [];
    const { name, code } = d.units.units;
    const found: number[] = [];
    for (let i = 0; i < name.length && found.length < 8; i++) {
      if (d.visible(i) && (name[i]!.includes(q) || code[i]?.startsWith(q))) found.push(i);
    }
    return found.sort((a, b) => compareNames(name[a]!, name[b]!));
  };
  const render = () => {
    const q = input.value.trim();
    const found = matches(q);
    const d = data();
    if (!q || !d) return results.replaceChildren();
    if (!found.length) return results.replaceChildren(h('li', { class: 'empty' }, t('panel.noMatch')));
    const { name, code } = d.units.units;
    results.replaceChildren(...found.map((i) => h('li', {}, villageButton(i, name[i]!, code[i] ?? null, pick))));
  };
  input.addEventListener('input', render);
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const first = matches(input.value.trim())[0];
    if (first !== undefined) pick(first);
  });
  return render;
}
