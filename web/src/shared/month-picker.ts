// The month control of the map, the plan and the reports: ‹ [month] › and, where the page has
// one, "this month". PageUp/PageDown step the month from anywhere in the group. The page's HTML
// holds the empty group (<div id="month-group">); the page says what a picked month does.
import { isMonth, shiftMonth } from '../../../domain/months.js';
import { translate } from '../i18n/index.js';
import { byId, h } from './dom.js';

export interface MonthPicker {
  /** Shows `month` (YYYY-MM) as the chosen one. */
  show(month: string): void;
}

export function monthPicker(pick: (month: string) => void, now?: () => void): MonthPicker {
  const group = byId('month-group');
  const input = h('input', { type: 'month', id: 'month', required: true });
  const prev = h('button', { type: 'button', id: 'month-prev', class: 'icon', 'data-i18n-label': 'month.prev' }, '‹');
  const next = h('button', { type: 'button', id: 'month-next', class: 'icon', 'data-i18n-label': 'month.next' }, '›');
  const current = now ? h('button', { type: 'button', id: 'month-now', 'data-i18n': 'month.current' }) : null;
  group.setAttribute('role', 'group');
  group.setAttribute('aria-labelledby', 'month-label');
  group.replaceChildren(h('label', { id: 'month-label', for: 'month', 'data-i18n': 'month.label' }), h('div', { class: 'month-row' }, prev, input, next, current));
  translate(group);

  let shown = '';
  const step = (by: number) => {
    if (isMonth(shown)) pick(shiftMonth(shown, by));
  };
  prev.addEventListener('click', () => step(-1));
  next.addEventListener('click', () => step(1));
  current?.addEventListener('click', () => now!());
  input.addEventListener('change', () => {
    if (isMonth(input.value)) pick(input.value);
  });
  group.addEventListener('keydown', (e) => {
    if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
    e.preventDefault();
    step(e.key === 'PageUp' ? -1 : 1);
  });
  return {
    show(month) {
      shown = month;
      input.value = month;
    },
  };
}
