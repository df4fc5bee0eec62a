// The catalogue's table: one row a film, its state on the county's today, and — for a reader who
// may change the catalogue — edit and retire (or bring back).
import { formatNumber, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { filmState, type CatalogueFilm } from './api.js';

export interface RowActions {
  edit(f: CatalogueFilm): void;
  retire(f: CatalogueFilm): void;
  restore(f: CatalogueFilm): void;
}

/** The licence window as a reader says it: 2026-01-01 – 2026-12-31, or one open end. */
export function windowText(f: Pick<CatalogueFilm, 'availableFrom' | 'availableTo'>): string {
  if (!f.availableFrom && !f.availableTo) return t('catalogue.window.open');
  if (!f.availableTo) return t('catalogue.window.from', { from: f.availableFrom! });
  if (!f.availableFrom) return t('catalogue.window.until', { to: f.availableTo });
  return t('catalogue.window.range', { from: f.availableFrom, to: f.availableTo });
}

/** `actions` null: a reader who only reads (a partner) gets no controls at all. */
export function renderFilms(tbody: HTMLElement, films: CatalogueFilm[], today: string, editingId: number | null, actions: RowActions | null): void {
  if (!films.length) {
    tbody.replaceChildren(h('tr', { class: 'empty' }, h('td', { colspan: actions ? 9 : 8 }, t('catalogue.list.none'))));
    return;
  }
  const label = (key: Parameters<typeof t>[0]) => t('text.label', { label: t(key) });
  tbody.replaceChildren(
    ...films.map((f) => {
      const state = filmState(f, today);
      return h(
        'tr',
        { class: `state-${state}${f.id === editingId ? ' editing' : ''}`, 'data-id': f.id, 'data-state': state },
        h('th', { scope: 'row', class: 'title' }, f.title),
        h('td', { class: 'category', 'data-label': label('catalogue.col.category') }, t(`catalogue.category.${f.category}`)),
        h('td', { class: 'num minutes', 'data-label': label('catalogue.col.minutes') }, f.minutes === null ? '—' : formatNumber(f.minutes)),
        h('td', { class: 'num year', 'data-label': label('catalogue.col.year') }, f.year === null ? '—' : String(f.year)),
        h('td', { class: 'code', 'data-label': label('catalogue.col.code') }, f.code ?? '—'),
        h('td', { class: 'window', 'data-label': label('catalogue.col.window') }, windowText(f)),
        h('td', { class: 'themes' }, ...f.themes.map((x) => h('span', { class: 'theme' }, x))),
        h('td', { class: 'state-cell' }, h('span', { class: 'state' }, t(`catalogue.state.${state}`))),
        actions
          ? h(
              'td',
              { class: 'actions' },
              h('button', { type: 'button', class: 'small edit' }, t('catalogue.action.edit')),
              f.retiredAt
                ? h('button', { type: 'button', class: 'small restore' }, t('catalogue.action.restore'))
                : h('button', { type: 'button', class: 'small danger retire' }, t('catalogue.action.retire')),
            )
          : null,
      );
    }),
  );
  if (!actions) return;
  for (const row of tbody.querySelectorAll<HTMLTableRowElement>('tr[data-id]')) {
    const film = films.find((f) => f.id === Number(row.dataset.id))!;
    row.querySelector('button.edit')?.addEventListener('click', () => actions.edit(film));
    row.querySelector('button.retire')?.addEventListener('click', () => actions.retire(film));
    row.querySelector('button.restore')?.addEventListener('click', () => actions.restore(film));
  }
}
