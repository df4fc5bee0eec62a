// The programme report (/reports, 放映节目): over the completed, not rejected screenings of a month
// or a year, the share of qualifying screenings whose programme held a science film and a new
// film, against each area's effective target — the areas (or townships) furthest below their
// science target first, then below their new-film target — the films shown most, and the repeats
// with their reasons. A bureau user or the admin sets the year's targets of an area below (./targets.ts).
import { formatDateTime, formatNumber, formatPercent, isMessageKey, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { ProgrammeCounts, ProgrammeReport, Targets } from './api.js';
import { table, tile, type Cell } from './table.js';

/** How far a share falls below its target (positive: short); null where either is missing. */
export const shortfallOf = (share: number | null, target: number | null | undefined) => (share === null || target === null || target === undefined ? null : target - share);

/** Worst first: the largest science shortfall, then the largest new-film shortfall; rows with no shortfall to measure last. */
export function worstFirst<G extends ProgrammeCounts & { name: string; targets: Targets | null }>(groups: G[]): G[] {
  const key = (s: number | null) => (s === null ? -Infinity : s);
  return [...groups].sort(
    (a, b) =>
      key(shortfallOf(b.scienceShare, b.targets?.scienceShare.value)) - key(shortfallOf(a.scienceShare, a.targets?.scienceShare.value)) ||
      key(shortfallOf(b.newFilmShare, b.targets?.newFilmShare.value)) - key(shortfallOf(a.newFilmShare, a.targets?.newFilmShare.value)) ||
      b.screenings - a.screenings,
  );
}

const percent = (x: number | null) => (x === null ? t('reports.programme.noShare') : formatPercent(x));

/** A share as a bar with its target marked, the figures beside it, and how far short it falls. */
function shareCell(field: string, share: number | null, target: number | null | undefined): Cell {
  const short = shortfallOf(share, target);
  const status = short === null ? 'none' : short > 0.0005 ? 'short' : 'met';
  const note = short === null ? (target === null || target === undefined ? t('reports.programme.noTarget') : '') : short > 0.0005 ? t('reports.programme.short', { points: formatNumber(Math.round(short * 100)) }) : t('reports.programme.met');
  const bar = h(
    'span',
    { class: 'bar', 'aria-hidden': 'true' },
    h('span', { class: 'fill', style: `width:${((share ?? 0) * 100).toFixed(1)}%` }),
    target === null || target === undefined ? null : h('span', { class: 'mark', style: `left:${(target * 100).toFixed(1)}%` }),
  );
  const figures = h('span', { class: 'pct' }, percent(share), target === null || target === undefined ? null : h('small', {}, ` / ${t('reports.programme.target', { value: formatPercent(target) })}`));
  return {
    num: true,
    field,
    class: `share ${status}`,
    text: h('span', { class: 'share-cell' }, bar, figures, note ? h('small', { class: 'share-note' }, note) : null),
  };
}

function totals(r: ProgrammeReport) {
  const n = formatNumber;
  const c = r.totals;
  const name = r.place ?? r.area?.name;
  const target = (v: number | null | undefined) => (v === null || v === undefined ? t('reports.programme.noTarget') : t('reports.programme.target', { value: formatPercent(v) }));
  return h(
    'section',
    { class: 'stats-group', 'aria-labelledby': 'programme-totals-h' },
    h('h3', { id: 'programme-totals-h' }, name ? t('reports.programme.totals', { name }) : t('reports.programme.totalsAll')),
    h(
      'dl',
      { class: 'stats', id: 'programme-stats' },
      tile('screenings', t('reports.programme.col.screenings'), n(c.screenings)),
      tile('qualifying', t('reports.programme.col.qualifying'), n(c.qualifying)),
      tile('scienceShare', t('reports.programme.col.scienceShare'), percent(c.scienceShare), target(r.targets?.scienceShare.value)),
      tile('newFilmShare', t('reports.programme.col.newFilmShare'), percent(c.newFilmShare), target(r.targets?.newFilmShare.value)),
      tile('repeats', t('reports.programme.col.repeats'), n(c.repeats)),
    ),
  );
}

function groupsTable(r: ProgrammeReport) {
  const n = (field: string, v: number) => ({ text: formatNumber(v), num: true, field });
  const level = t(r.groupBy === 'township' ? 'township.label' : `map.level.${r.groupBy}`);
  const rows = worstFirst(r.groups).map((g) => ({
    attrs: { 'data-group': g.id ?? '', 'data-science-short': shortfallOf(g.scienceShare, g.targets?.scienceShare.value) ?? '' },
    cells: [
      g.id === null ? t('reports.programme.unplaced') : g.name,
      n('screenings', g.screenings),
      n('qualifying', g.qualifying),
      shareCell('scienceShare', g.scienceShare, g.targets?.scienceShare.value),
      shareCell('newFilmShare', g.newFilmShare, g.targets?.newFilmShare.value),
      n('repeats', g.repeats),
    ] as Cell[],
  }));
  const name = r.place ?? r.area?.name;
  const head = [
    level,
    ...(['screenings', 'qualifying', 'scienceShare', 'newFilmShare', 'repeats'] as const).map((k) => ({ text: t(`reports.programme.col.${k}`), num: true })),
  ];
  return table({
    caption: t('reports.programme.byArea', { level }),
    class: 'programme-groups',
    head,
    rows,
    foot: [
      name ? t('reports.programme.totalOf', { name }) : t('reports.programme.total'),
      n('screenings', r.totals.screenings),
      n('qualifying', r.totals.qualifying),
      shareCell('scienceShare', r.totals.scienceShare, r.targets?.scienceShare.value),
      shareCell('newFilmShare', r.totals.newFilmShare, r.targets?.newFilmShare.value),
      n('repeats', r.totals.repeats),
    ],
  });
}

const TOP_FILMS = 10;

function filmsTable(r: ProgrammeReport) {
  if (!r.films.length) return h('p', { class: 'empty', id: 'programme-films' }, t('reports.programme.noFilms'));
  const category = (c: string) => {
    const key = `category.${c}`;
    return isMessageKey(key) ? t(key) : c;
  };
  const list = table({
    caption: t('reports.programme.films'),
    class: 'programme-films',
    head: [t('reports.programme.col.film'), t('reports.programme.col.category'), { text: t('reports.programme.col.screenings'), num: true }],
    rows: r.films.slice(0, TOP_FILMS).map((f) => ({ attrs: { 'data-film': f.filmId }, cells: [f.title, category(f.category), { text: formatNumber(f.screenings), num: true, field: 'screenings' }] })),
  });
  list.id = 'programme-films';
  return list;
}

function repeatsTable(r: ProgrammeReport, zone: string) {
  const heading = h('h3', { id: 'programme-repeats-h', 'data-count': r.repeats.length }, t('reports.programme.repeats', { count: formatNumber(r.repeats.length) }));
  if (!r.repeats.length) return h('div', { id: 'programme-repeats' }, heading, h('p', { class: 'empty' }, t('reports.programme.noRepeats')));
  const when = (iso: string | null) => (iso ? h('time', { datetime: iso }, formatDateTime(iso, zone)) : '');
  return h(
    'div',
    { id: 'programme-repeats' },
    heading,
    table({
      class: 'programme-repeats',
      head: [t('reports.programme.col.village'), t('reports.programme.col.startsAt'), t('reports.programme.col.film'), t('reports.programme.col.otherStartsAt'), t('reports.programme.col.reason')],
      rows: r.repeats.map((x) => ({
        attrs: { 'data-screening': x.screeningId, 'data-other': x.otherScreeningId ?? '' },
        cells: [x.villageName, when(x.startsAt), x.filmTitle ?? '', when(x.otherStartsAt), x.reason],
      })),
    }),
  );
}

/** The report; `form`, when the reader may set targets, goes after the shares. */
export function renderProgramme(el: HTMLElement, r: ProgrammeReport, zone: string, form: HTMLElement | null) {
  el.replaceChildren(
    h('p', { class: 'programme-rule', role: 'note' }, t('reports.programme.rule', { minutes: r.longFilmMinutes })),
    totals(r),
    groupsTable(r),
    ...(form ? [form] : []),
    h('div', { class: 'two-tables programme-lists' }, filmsTable(r), repeatsTable(r, zone)),
  );
}
