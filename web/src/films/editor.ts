// Changing one film of the catalogue (admin, bureau): the form above the table, filled from the
// film, sent as a PATCH of what changed; the server's refusal is said beside the form.
import { filmCategories } from '../../../domain/programme.js';
import { splitThemes } from '../../../domain/film-columns.js';
import { t, translate } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { statusLine } from '../shared/status-line.js';
import { filmsApi, type CatalogueFilm, type FilmChange } from './api.js';

interface Els {
  form: HTMLFormElement;
  heading: HTMLElement;
  title: HTMLInputElement;
  category: HTMLSelectElement;
  minutes: HTMLInputElement;
  year: HTMLInputElement;
  code: HTMLInputElement;
  from: HTMLInputElement;
  to: HTMLInputElement;
  themes: HTMLInputElement;
  status: HTMLElement;
  cancel: HTMLButtonElement;
}

/** A whole number typed in a box: empty is none; anything else goes as typed, for the server to refuse by name. */
const numberOf = (text: string): number | null | string => {
  const v = text.trim();
  if (!v) return null;
  return /^\d+$/.test(v) ? Number(v) : v;
};

export function filmEditor(el: Els, saved: (f: CatalogueFilm) => void, closed: () => void) {
  let film: CatalogueFilm | null = null;
  const status = statusLine(el.status);
  el.category.replaceChildren(...filmCategories.map((c) => h('option', { value: c, 'data-i18n': `catalogue.category.${c}` })));
  translate(el.category);

  function close() {
    film = null;
    el.form.hidden = true;
    status.say(null);
    closed();
  }

  el.cancel.addEventListener('click', close);
  el.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!film) return;
    const next: FilmChange = {
      title: el.title.value,
      category: el.category.value as CatalogueFilm['category'],
      minutes: numberOf(el.minutes.value) as number | null,
      year: numberOf(el.year.value) as number | null,
      code: el.code.value.trim() || null,
      availableFrom: el.from.value || null,
      availableTo: el.to.value || null,
      themes: [...new Set(el.themes.value.split(',').flatMap(splitThemes))],
    };
    const change = Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(film![k as keyof CatalogueFilm])));
    if (!Object.keys(change).length) return close();
    try {
      const after = await filmsApi.patch(film.id, change);
      close();
      saved(after);
    } catch (err) {
      status.sayWith(() => (err instanceof Problem ? err.message : String(err)), 'error');
    }
  });

  return {
    get id() {
      return film?.id ?? null;
    },
    open(f: CatalogueFilm) {
      film = f;
      el.form.hidden = false;
      el.title.value = f.title;
      el.category.value = f.category;
      el.minutes.value = f.minutes === null ? '' : String(f.minutes);
      el.year.value = f.year === null ? '' : String(f.year);
      el.code.value = f.code ?? '';
      el.from.value = f.availableFrom ?? '';
      el.to.value = f.availableTo ?? '';
      el.themes.value = f.themes.join(t('text.listSeparator'));
      status.say(null);
      this.render();
      el.title.focus();
    },
    render() {
      el.heading.textContent = film ? t('catalogue.editor.title', { title: film.title }) : '';
      status.redraw();
    },
  };
}
