// The headers the import reads, listed on the page from the table the server reads them with
// (domain/import-columns.ts): a clerk can check the sheet's 村委会 or 经度 before sending it.
import { headerNames, ignoredHeaders, importColumns } from '../../../domain/import-columns.js';
import { t } from '../i18n/index.js';
import { h } from '../shared/dom.js';

/** One row a column: its name in the page's language, then the headers that mean it. */
export function renderHeaders(table: HTMLElement): void {
  const names = (list: readonly string[]) => list.map((n) => h('code', {}, n));
  const rows = importColumns.map((column) => {
    const { names: strong, fallback = [] } = headerNames[column];
    return h(
      'tr',
      { 'data-column': column },
      h('th', { scope: 'row' }, t(`import.column.${column}`)),
      h(
        'td',
        {},
        ...names(strong),
        fallback.length ? h('div', { class: 'fallback' }, t('import.headers.fallback'), ' ', ...names(fallback)) : null,
      ),
    );
  });
  rows.push(h('tr', { 'data-column': '' }, h('th', { scope: 'row' }, t('import.headers.ignored')), h('td', {}, ...names(ignoredHeaders), ' ', t('import.headers.others'))));
  table.replaceChildren(
    h('caption', {}, t('import.headers.caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('import.headers.column')), h('th', { scope: 'col' }, t('import.headers.names')))),
    h('tbody', {}, ...rows),
  );
}
