// issue 22 progress: 序时进度 (/reports?view=progress; GET /api/reports/progress). Per area (or
// township), worst first: a bar of what was held against what is due by now, the line at 100% the
// day's share of the year's plan; the on-time report rate and the bunching share beside each. The
// bars are plain DOM; the table below says the same in numbers (and is what a screen reader reads).
import { formatNumber, formatPercent, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { get } from '../shared/http.js';
import { table } from './table.js';

export interface ProgressFigures {
  units: number;
  expected: number;
  held: number;
  progress: number | null;
  completed: number;
  onTimeRate: number | null;
  roundScreenings: number;
  bunchingShare: number | null;
}

export interface ProgressReport {
  year: number;
  asOf: string;
  elapsedDays: number;
  daysInYear: number;
  elapsedShare: number;
  lateReportHours: number;
  bunchingDays: number;
  place?: string | null;
  area: { id: number; level: 'province' | 'prefecture' | 'county' } | null;
  groupBy: 'province' | 'prefecture' | 'county' | 'township';
  totals: ProgressFigures;
  groups: (ProgressFigures & { id: number | null; code: string | null; name: string; level: string })[];
}

/** The report's address: JSON, or a download with `format`. */
export function progressUrl(year: string, format?: 'csv' | 'xlsx', areaId = '', groupBy = ''): string {
  const q = new URLSearchParams({ year });
  if (areaId) q.set('areaId', areaId);
  if (groupBy) q.set('groupBy', groupBy);
  if (format) q.set('format', format);
  return `/api/reports/progress?${q}`;
}

export type GroupBy = ProgressReport['groupBy'];
const LEVELS: GroupBy[] = ['province', 'prefecture', 'county', 'township'];

/**
 * The report grouped by `groupBy`; without one, the server's level (the one below the area) — and
 * while that gives a single group (a one-county deployment's province), the level below it.
 */
export async function progressApi(year: string, areaId = '', groupBy = ''): Promise<ProgressReport> {
  let r = await get<ProgressReport>(progressUrl(year, undefined, areaId, groupBy));
  while (!groupBy && r.groups.length === 1 && r.groupBy !== 'township') {
    r = await get<ProgressReport>(progressUrl(year, undefined, areaId, LEVELS[LEVELS.indexOf(r.groupBy) + 1]));
  }
  return r;
}

/** The grouping picker: the levels below the report's area; its change asks for the report again. */
function groupPicker(r: ProgressReport, change: (groupBy: GroupBy) => void): HTMLElement {
  const levels = LEVELS.filter((l) => !r.area || LEVELS.indexOf(l) > LEVELS.indexOf(r.area.level));
  const select = h('select', { id: 'progress-group' }, ...levels.map((l) => h('option', { value: l, selected: l === r.groupBy ? '' : undefined }, t(`reports.progress.by.${l}`))));
  select.addEventListener('change', () => change(select.value as GroupBy));
  return h('div', { class: 'field progress-group' }, h('label', { for: 'progress-group' }, t('reports.progress.groupBy')), select);
}

const rate = (x: number | null) => (x === null ? t('reports.progress.none') : formatPercent(x));
const amount = (x: number) => formatNumber(Math.round(x * 10) / 10);

function bars(r: ProgressReport): HTMLElement {
  // The scale: at least 120%, so the 100% line stands inside with room past it.
  const scale = Math.max(1.2, ...r.groups.map((g) => g.progress ?? 0));
  const at = (x: number) => `${((Math.min(x, scale) / scale) * 100).toFixed(2)}%`;
  const rows = r.groups.map((g) => {
    const label = t('reports.progress.bar', { name: g.name, progress: rate(g.progress), held: formatNumber(g.held), expected: amount(g.expected), onTime: rate(g.onTimeRate), bunching: rate(g.bunchingShare) });
    const behind = g.progress !== null && g.progress < 1;
    return h(
      'li',
      { class: `progress-row${behind ? ' behind' : ''}`, 'data-area': g.id ?? '', 'data-progress': g.progress ?? '', title: label },
      h('span', { class: 'progress-name' }, g.name),
      h('span', { class: 'progress-track', 'aria-hidden': 'true' }, h('span', { class: 'progress-fill', style: `width:${at(g.progress ?? 0)}` }), h('span', { class: 'progress-due', style: `left:${at(1)}` })),
      h('span', { class: 'progress-pct' }, rate(g.progress)),
      h(
        'span',
        { class: 'progress-side' },
        h('span', { 'data-field': 'onTimeRate' }, t('reports.progress.onTimeShort', { rate: rate(g.onTimeRate) })),
        h('span', { 'data-field': 'bunchingShare' }, t('reports.progress.bunchingShort', { rate: rate(g.bunchingShare) })),
      ),
    );
  });
  return h(
    'figure',
    { class: 'progress-chart', id: 'progress-chart' },
    h('figcaption', {}, t('reports.progress.chart')),
    h('div', { class: 'progress-legend', 'aria-hidden': 'true' }, h('span', { class: 'progress-due-key' }), t('reports.progress.expectedLine')),
    // The table below is the accessible form: the list's items read as text too.
    h('ol', { class: 'progress-bars' }, ...rows),
  );
}

function figuresTable(r: ProgressReport): HTMLElement {
  const col = (k: string) => t(`reports.progress.col.${k}` as Parameters<typeof t>[0]);
  const cells = (g: ProgressFigures) => [
    { text: formatNumber(g.units), num: true, field: 'units' },
    { text: amount(g.expected), num: true, field: 'expected' },
    { text: formatNumber(g.held), num: true, field: 'held' },
    { text: rate(g.progress), num: true, field: 'progress' },
    { text: rate(g.onTimeRate), num: true, field: 'onTimeRate' },
    { text: rate(g.bunchingShare), num: true, field: 'bunchingShare' },
  ];
  const list = table({
    caption: t('reports.progress.table'),
    class: 'progress-table',
    head: [col('area'), ...['units', 'expected', 'held', 'progress', 'onTimeRate', 'bunchingShare'].map((k) => ({ text: col(k), num: true }))],
    rows: r.groups.map((g) => ({ attrs: { 'data-area': g.id ?? '' }, cells: [g.name, ...cells(g)] })),
    foot: [t('reports.progress.total'), ...cells(r.totals)],
  });
  list.id = 'progress-table';
  return list;
}

/** Draws the report into the view. */
export function renderProgress(view: HTMLElement, r: ProgressReport, change: (groupBy: GroupBy) => void): void {
  const picker = groupPicker(r, change);
  const summary = h('p', { class: 'progress-summary', id: 'progress-summary' }, t('reports.progress.summary', { days: formatNumber(r.elapsedDays), daysInYear: formatNumber(r.daysInYear), share: formatPercent(r.elapsedShare) }));
  const note = h('p', { class: 'hint progress-note' }, t('reports.progress.note', { hours: formatNumber(r.lateReportHours), days: formatNumber(r.bunchingDays) }));
  if (!r.groups.length) {
    view.replaceChildren(picker, summary, h('p', { class: 'empty' }, t('reports.progress.empty')));
    return;
  }
  view.replaceChildren(picker, summary, bars(r), figuresTable(r), note);
}
