// The legend: one row per status with its symbol, name, the symbol's shape in words and the count
// drawn on the map; under covered, how many of them are not yet verified (the hollow dot); then the
// total and the coverage. It counts what the map shows. A month that has not begun has no gaps and
// no coverage yet: its rows are not yet due and planned, and a note says the month has not begun.
// Counting only verified, a note says that covered but not verified units count as gaps.
import { formatMonth, formatNumber, formatPercent, formatTime, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { Counts } from '../shared/api.js';
import { COLOURS, COVERAGE_STEPS, NOT_DUE_STATUSES, STATUSES, swatch, type Shown } from './style.js';

type Row = Exclude<Shown, 'coveredUnverified'>;
const DRAWN: Shown[] = [...STATUSES, 'notDue', 'coveredUnverified'];

export function renderLegend(el: HTMLElement, month: string, counts: Record<Shown, number>, updated: Date, timeZone: string, due = true, verifiedOnly = false) {
  const units = DRAWN.reduce((n, s) => n + counts[s], 0);
  const covered = counts.covered + counts.coveredUnverified;
  // Not yet due: planned and not yet due, and whatever else a clock out of step may have drawn.
  const rows: Row[] = due ? STATUSES : [...(NOT_DUE_STATUSES as Row[]), ...STATUSES.filter((s) => !NOT_DUE_STATUSES.includes(s) && counts[s])];
  const row = (s: Row) =>
    h(
      'li',
      { 'data-status': s },
      swatch(s),
      h('span', { class: 'label' }, t(`status.${s}`), h('small', {}, t(`legend.${s}.hint`))),
      h('span', { class: 'count' }, formatNumber(s === 'covered' ? covered : counts[s])),
    );
  // Its own row without data-status: a part of covered, not a status of its own.
  const unverified = h(
    'li',
    { 'data-cue': 'coveredUnverified', class: 'cue' },
    swatch('coveredUnverified'),
    h('span', { class: 'label' }, t('map.verified.unverified'), h('small', {}, t('map.verified.unverifiedHint'))),
    h('span', { class: 'count' }, formatNumber(counts.coveredUnverified)),
  );
  el.replaceChildren(
    h('h2', {}, t('legend.title', { month: formatMonth(month) })),
    ...(due ? [] : [h('p', { class: 'not-due-note', role: 'note' }, t('legend.notDueNote'))]),
    ...(verifiedOnly ? [h('p', { class: 'verified-note', role: 'note' }, t('map.verified.onlyNote'))] : []),
    h('ul', {}, ...rows.flatMap((s) => (s === 'covered' && !verifiedOnly && covered ? [row(s), unverified] : [row(s)]))),
    h(
      'p',
      { class: 'total' },
      due
        ? t('legend.total', { units: formatNumber(units), coverage: formatPercent(units ? covered / units : 0) })
        : t('legend.totalNotDue', { units: formatNumber(units), planned: formatNumber(counts.planned) }),
    ),
    h('p', { class: 'updated' }, t('map.updated', { time: formatTime(updated, timeZone) })),
  );
  el.dataset.total = String(units);
  el.dataset.due = String(due);
  el.dataset.verifiedOnly = String(verifiedOnly);
  for (const s of DRAWN) el.dataset[s] = String(counts[s]);
}

/**
 * The legend of the drill-down map above the villages: the coverage steps as one bar of colours
 * with their bounds under it, what a circle's size and number say, then the area's totals. A month
 * that has not begun: grey circles counting what is planned, no coverage yet. Kept low, so the
 * symbols fitted above it stay clear of it.
 */
export function renderAreaLegend(el: HTMLElement, month: string, totals: Counts, updated: Date, timeZone: string, due = true, verifiedOnly = false) {
  const range = (i: number) => {
    const s = COVERAGE_STEPS[i]!;
    const next = COVERAGE_STEPS[i + 1];
    if (!next) return t('map.area.stepAbove', { from: formatPercent(s.from) });
    return i === 0 ? t('map.area.stepBelow', { to: formatPercent(next.from) }) : t('map.area.step', { from: formatPercent(s.from), to: formatPercent(next.from) });
  };
  const scale = due
    ? h(
        'div',
        { class: 'area-scale', role: 'list' },
        ...COVERAGE_STEPS.map((s, i) =>
          h('span', { role: 'listitem', 'data-step': i, 'aria-label': range(i), title: range(i) }, h('i', { style: `background:${s.colour}` }), h('small', {}, formatPercent(s.from))),
        ),
        h('span', { class: 'end', 'aria-hidden': 'true' }, h('small', {}, formatPercent(1))),
      )
    : h('div', { class: 'area-scale not-due', role: 'list' }, h('span', { role: 'listitem', 'data-step': 'notDue', 'aria-label': t('status.notDue') }, h('i', { style: `background:${COLOURS.notDue}` })));
  el.replaceChildren(
    h('h2', {}, t('legend.title', { month: formatMonth(month) })),
    ...(due ? [] : [h('p', { class: 'not-due-note', role: 'note' }, t('legend.notDueNote'))]),
    ...(verifiedOnly ? [h('p', { class: 'verified-note', role: 'note' }, t('map.verified.onlyNote'))] : []),
    h('p', { class: 'area-scale-title' }, t(due ? 'map.area.scale' : 'status.notDue')),
    scale,
    h('p', { class: 'area-note', role: 'note' }, t(due ? 'map.area.note' : 'map.area.noteNotDue')),
    h(
      'p',
      { class: 'total' },
      due
        ? t('map.area.total', { units: formatNumber(totals.units), coverage: formatPercent(totals.coverage), gap: formatNumber(totals.gap) })
        : t('legend.totalNotDue', { units: formatNumber(totals.units), planned: formatNumber(totals.planned) }),
    ),
    h('p', { class: 'updated' }, t('map.updated', { time: formatTime(updated, timeZone) })),
  );
  el.dataset.total = String(totals.units);
  el.dataset.due = String(due);
  el.dataset.verifiedOnly = String(verifiedOnly);
  for (const s of DRAWN) delete el.dataset[s];
  el.dataset.gap = String(totals.gap);
}
