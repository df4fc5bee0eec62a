// The year view: the trend of monthly coverage as a uPlot line, the villages that met all 12
// months, and a grid with one coloured cell per village and month. Every status also has its own
// symbol in the cell, so the grid still reads in greyscale and on a black-and-white print. Months
// still to come are not yet due (the server's months[i].due): no point on the line, their
// unplanned cells not yet due rather than gaps, and the year's average counts the due months only
// (the server's averageCoverage).
import uPlot from 'uplot';
import { formatNumber, formatPercent, t } from '../i18n/index.js';
import { STATUS_COLOURS } from '../shared/colours.js';
import { h } from '../shared/dom.js';
import type { Status, YearReport } from './api.js';

const PALETTE = STATUS_COLOURS;
type Cell = Status | 'notDue';
const SYMBOL: Record<Cell, string> = { covered: '✓', planned: '○', overdue: '!', gap: '✕', notDue: '·' };
const STATUSES: Status[] = ['covered', 'planned', 'overdue', 'gap'];
/** What a cell shows: a gap of a month still to come is not yet due. */
const cellOf = (s: Status, due: boolean): Cell => (s === 'gap' && !due ? 'notDue' : s);

let chart: uPlot | null = null;

const monthLabel = (year: number, m: number) =>
  new Intl.DateTimeFormat(document.documentElement.lang, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 1)));

export function renderYear(el: HTMLElement, r: YearReport) {
  chart?.destroy();
  chart = null;
  const full = new Set(r.fullYear);
  const fullVillages = r.villages.filter((v) => full.has(v.id));
  const chartBox = h('div', { class: 'chart', id: 'trend-chart' });
  const trendText = r.months.map((m, i) => `${monthLabel(r.year, i + 1)} ${!m.due ? t('status.notDue') : m.units ? formatPercent(m.coverage) : '—'}`).join(', ');
  const dueMonths = r.months.filter((m) => m.due).length;
  const average =
    r.averageCoverage === null
      ? t('year.noneDue')
      : t(dueMonths < 12 ? 'year.averageDue' : 'year.average', { coverage: formatPercent(r.averageCoverage), months: formatNumber(dueMonths) });

  el.replaceChildren(
    h(
      'div',
      { class: 'year-top' },
      h(
        'figure',
        { class: 'trend' },
        h('figcaption', {}, t('year.trend')),
        chartBox,
        h('p', { class: 'year-average', id: 'year-average' }, average),
        h('p', { class: 'sr-only' }, trendText),
      ),
      h(
        'section',
        { class: 'full-year', 'aria-labelledby': 'full-h' },
        h('h3', { id: 'full-h' }, t('year.fullYear', { count: formatNumber(fullVillages.length) })),
        fullVillages.length
          ? h('ul', { id: 'full-year-list' }, ...fullVillages.map((v) => h('li', { 'data-id': v.id }, v.name, h('small', {}, ` ${v.townshipName}`))))
          : h('p', { class: 'empty' }, t('year.noneFull')),
      ),
    ),
    legend(r.months.some((m) => !m.due)),
    grid(r),
  );
  drawChart(chartBox, r);
}

function legend(someNotDue: boolean): HTMLElement {
  const cells: Cell[] = someNotDue ? [...STATUSES, 'notDue'] : STATUSES;
  return h(
    'ul',
    { class: 'status-legend' },
    ...cells.map((s) => h('li', { 'data-status': s }, h('span', { class: `cell s-${s}`, 'aria-hidden': 'true' }, SYMBOL[s]), t(`status.${s}`))),
    h('li', {}, h('span', { class: 'cell s-none', 'aria-hidden': 'true' }), t('year.notUnit')),
  );
}

function grid(r: YearReport): HTMLElement {
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  return h(
    'div',
    // It scrolls: focusable, so the keyboard scrolls it too (WCAG 2.1.1).
    { class: 'grid-wrap', tabindex: 0, role: 'region', 'aria-label': t('year.grid') },
    h(
      'table',
      { class: 'year-grid', id: 'year-grid' },
      h('caption', {}, t('year.grid')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('col.village')),
          h('th', { scope: 'col' }, t('township.label')),
          ...months.map((m) => h('th', { scope: 'col', class: r.months[m - 1]?.due === false ? 'm not-due' : 'm', title: r.months[m - 1]?.due === false ? t('status.notDue') : undefined }, monthLabel(r.year, m))),
        ),
      ),
      h(
        'tbody',
        {},
        ...r.villages.map((v) =>
          h(
            'tr',
            { 'data-id': v.id, class: v.statuses.every((s) => s === 'covered') ? 'full' : undefined },
            h('th', { scope: 'row' }, v.name),
            h('td', { class: 'tw' }, v.townshipName),
            ...v.statuses.map((s, i) => {
              const c = s && cellOf(s, r.months[i]?.due ?? true);
              const label = `${monthLabel(r.year, i + 1)}: ${c ? t(`status.${c}`) : t('year.notUnit')}`;
              return h('td', { class: `cell s-${c ?? 'none'}`, title: label, 'aria-label': label, 'data-status': c ?? '' }, c ? SYMBOL[c] : '');
            }),
          ),
        ),
      ),
    ),
  );
}

function drawChart(box: HTMLElement, r: YearReport) {
  const xs = r.months.map((_, i) => i + 1);
  // A month still to come has no point: the line stops at the last month that has begun.
  const ys = r.months.map((m) => (m.units && m.due ? Math.round(m.coverage * 1000) / 10 : null));
  const width = Math.max(320, Math.min(box.clientWidth || 560, 640));
  chart = new uPlot(
    {
      width,
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [0.5, 12.5] }, y: { range: [0, 100] } },
      axes: [
        { splits: () => xs, values: (_u, splits) => splits.map((v) => monthLabel(r.year, v)), grid: { show: false }, font: '12px system-ui, sans-serif' },
        { values: (_u, splits) => splits.map((v) => `${v}%`), font: '12px system-ui, sans-serif', size: 54 },
      ],
      series: [
        {},
        { label: t('year.coverage'), stroke: PALETTE.covered, width: 2.5, fill: 'rgba(0,158,115,0.10)', points: { size: 7, fill: PALETTE.covered, stroke: PALETTE.covered } },
      ],
    },
    [xs, ys],
    box,
  );
}
