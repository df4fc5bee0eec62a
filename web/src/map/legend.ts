// The legend: one row per status with its symbol, name, the symbol's shape in words and the count
// drawn on the map; then the total and the coverage. It counts what the map shows. A month that
// has not begun has no gaps and no coverage yet: its rows are not yet due and planned, and a note
// says the month has not begun.
import { formatMonth, formatNumber, formatPercent, formatTime, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { NOT_DUE_STATUSES, STATUSES, swatch, type Shown } from './style.js';

const DRAWN: Shown[] = [...STATUSES, 'notDue'];

export function renderLegend(el: HTMLElement, month: string, counts: Record<Shown, number>, updated: Date, timeZone: string, due = true) {
  const units = DRAWN.reduce((n, s) => n + counts[s], 0);
  // Not yet due: planned and not yet due, and whatever else a clock out of step may have drawn.
  const rows = due ? STATUSES : [...NOT_DUE_STATUSES, ...STATUSES.filter((s) => !NOT_DUE_STATUSES.includes(s) && counts[s])];
  el.replaceChildren(
    h('h2', {}, t('legend.title', { month: formatMonth(month) })),
    ...(due ? [] : [h('p', { class: 'not-due-note', role: 'note' }, t('legend.notDueNote'))]),
    h(
      'ul',
      {},
      ...rows.map((s) =>
        h(
          'li',
          { 'data-status': s },
          swatch(s),
          h('span', { class: 'label' }, t(`status.${s}`), h('small', {}, t(`legend.${s}.hint`))),
          h('span', { class: 'count' }, formatNumber(counts[s])),
        ),
      ),
    ),
    h(
      'p',
      { class: 'total' },
      due
        ? t('legend.total', { units: formatNumber(units), coverage: formatPercent(units ? counts.covered / units : 0) })
        : t('legend.totalNotDue', { units: formatNumber(units), planned: formatNumber(counts.planned) }),
    ),
    h('p', { class: 'updated' }, t('map.updated', { time: formatTime(updated, timeZone) })),
  );
  el.dataset.total = String(units);
  el.dataset.due = String(due);
  for (const s of DRAWN) el.dataset[s] = String(counts[s]);
}
