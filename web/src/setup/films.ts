// Films (admin, bureau): the list, add one, change its title, category or length.
import { formatNumber, t } from '../i18n/index.js';
import type { Film } from '../shared/api.js';
import { byId, h } from '../shared/dom.js';
import { setupApi } from './api.js';
import { RecordForm } from './form.js';
import type { SetupContext } from './state.js';
import { renderRows, rowButton } from './table.js';

/** Whole minutes as a number, nothing as null; anything else as typed, for the server to name. */
const minutesOf = (raw: string) => (raw.trim() === '' ? null : /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw);

export function filmsSection(ctx: SetupContext) {
  const f = {
    title: byId<HTMLInputElement>('film-title'),
    category: byId<HTMLSelectElement>('film-category'),
    minutes: byId<HTMLInputElement>('film-minutes'),
  };
  const form = new RecordForm<Film>(byId('film-form'), {
    section: 'films',
    editTitle: (film) => t('films.editTitle', { name: film.title }),
    fill: (film) => {
      f.title.value = film?.title ?? '';
      f.category.value = film?.category ?? 'feature';
      f.minutes.value = film?.minutes === null || film?.minutes === undefined ? '' : String(film.minutes);
    },
    send: async (editing) => {
      const saved = await setupApi.saveFilm(editing?.id ?? null, { title: f.title.value, category: f.category.value, minutes: minutesOf(f.minutes.value) });
      return () => t(editing ? 'films.saved' : 'films.added', { name: saved.title });
    },
    saved: ctx.reload,
  });

  return () => {
    byId('films').hidden = false;
    renderRows(byId<HTMLTableElement>('films-table'), byId('films-count'), ctx.data.films, 'films.none', (film) =>
      h(
        'tr',
        { 'data-id': film.id },
        h('th', { scope: 'row' }, film.title),
        h('td', {}, t(`catalogue.category.${film.category}`)),
        h('td', { class: 'num' }, film.minutes === null ? '' : t('films.minutesValue', { minutes: formatNumber(film.minutes) })),
        h('td', { class: 'actions' }, rowButton(t('setup.edit'), () => form.edit(film), { 'data-action': 'edit' })),
      ),
    );
    form.render();
  };
}
