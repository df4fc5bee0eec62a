// The legend: one row per status with its symbol, name, the symbol's shape in words and the count
// drawn on the map; then the total and the coverage. It counts what the map shows.
import { formatMonth, formatNumber, formatPercent, formatTime, t } from '../i18n/index.js';
import type { UnitStatus as Status } from '../../../domain/status.js';
import { h } from '../shared/dom.js';
import { STATUSES, swatch } from './style.js';

export function renderLegend(el: HTMLElement, month: string, counts: Record<Status, number>, updated: Date, timeZone: string) {
  const units = STATUSES.reduce((n, s) => n + counts[s], 0);
  el.replaceChildren(
    h('h2', {}, t('legend.title', { month: formatMonth(month) })),
    h(
      'ul',
      {},
      ...STATUSES.map((s) =>
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
      t('legend.total', { units: formatNumber(units), coverage: formatPercent(units ? counts.covered / units : 0) }),
    ),
    h('p', { class: 'updated' }, t('map.updated', { time: formatTime(updated, timeZone) })),
  );
  el.dataset.total = String(units);
  for (const s of STATUSES) el.dataset[s] = String(counts[s]);
}
