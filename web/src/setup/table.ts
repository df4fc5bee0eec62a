// The list of a setup section: one row a record, a row saying there is none, the count beside
// the title; and the buttons of a row.
import { formatNumber, t, type MessageKey } from '../i18n/index.js';
import { h } from '../shared/dom.js';

export function renderRows<T>(table: HTMLTableElement, count: HTMLElement, items: T[], none: MessageKey, row: (item: T) => HTMLTableRowElement) {
  const columns = table.tHead?.rows[0]?.cells.length ?? 1;
  table.tBodies[0]!.replaceChildren(...(items.length ? items.map(row) : [h('tr', { class: 'empty' }, h('td', { colspan: columns }, t(none)))]));
  count.textContent = t('setup.count', { count: formatNumber(items.length) });
}

export function rowButton(label: string, action: () => void, attrs: Record<string, string | boolean | undefined> = {}) {
  const b = h('button', { type: 'button', class: 'small', ...attrs }, label);
  b.addEventListener('click', action);
  return b;
}
