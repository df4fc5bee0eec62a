// The programme picker (放映节目): the ordered films of one screening, up to 6, each with its
// category and minutes, moved up or down or taken out; a search of the catalogue for films licensed
// on the screening's day; and, as the list changes, whether it counts as one 场 and if not why
// (domain/programme.ts, the same rule the server flags with programme_incomplete). The form and the
// auto-plan draft use it alike; what to do with a repeat is the caller's (onChange).
import { licensedOn, PROGRAMME_MAX, SCIENCE_SHORTS_MIN, shortfall, type FilmCategory } from '../../../domain/programme.js';
import { categoryNamesZh } from '../../../domain/programme.js';
import { currentLang, isMessageKey, t, type MessageKey } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { planApi, type CatalogueFilm, type ProgrammeFilm } from './api.js';
import { requestedBy, type Requested } from './requests.js';

export interface PickerOptions {
  /** LONG_FILM_MINUTES of the server (/app-config.json longFilmMinutes). */
  longMinutes: number;
  /** The screening's day in the county (YYYY-MM-DD): the search offers films licensed on it. */
  date: () => string | undefined;
  onChange?: (films: ProgrammeFilm[]) => void;
  /** A prefix for the ids of its fields (one picker a dialog). */
  id: string;
  /** The villagers' requests of the screening's village, most requested first: offered first, marked. */
  requested?: () => Requested[];
  /** A film of the catalogue the page holds (its minutes and licence), for a requested film the search did not bring. */
  catalogue?: (filmId: number) => CatalogueFilm | undefined;
}

/** A category in the reader's language (the catalogue's words where this build has them). */
export function categoryLabel(c: FilmCategory | string): string {
  const key = `category.${c}`;
  if (isMessageKey(key)) return t(key);
  if (currentLang() === 'zh-CN' && c in categoryNamesZh) return categoryNamesZh[c as FilmCategory];
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** "Science · 30 min". */
export const filmMeta = (f: Pick<ProgrammeFilm, 'category' | 'minutes'>) =>
  [categoryLabel(f.category), f.minutes === null ? '' : t('plan.programme.minutes', { minutes: f.minutes })].filter(Boolean).join(' · ');

/** Why a programme does not count, as a sentence; null when it counts. */
export function shortfallText(films: readonly ProgrammeFilm[], longMinutes: number): string | null {
  const gap = shortfall(films, longMinutes);
  if (!gap) return null;
  if ('empty' in gap) return t('plan.programme.empty', { long: longMinutes, need: SCIENCE_SHORTS_MIN });
  const params = { long: longMinutes, science: gap.science, need: SCIENCE_SHORTS_MIN, longest: gap.longest ?? 0 };
  return t(gap.longest === null ? 'plan.programme.shortNoMinutes' : 'plan.programme.short', params);
}

export class ProgrammePicker {
  readonly el: HTMLElement;
  private films: ProgrammeFilm[] = [];
  private list: HTMLOListElement;
  private status: HTMLElement;
  private search: HTMLInputElement;
  private results: HTMLUListElement;
  private resultsNote: HTMLElement;
  private found: CatalogueFilm[] = [];
  private timer = 0;
  private asking: AbortController | null = null;

  constructor(private opts: PickerOptions) {
    const searchId = `${opts.id}-search`;
    this.list = h('ol', { class: 'programme-list', 'aria-label': t('plan.programme.label') });
    this.status = h('p', { class: 'programme-status', role: 'status', 'aria-live': 'polite' });
    this.search = h('input', { id: searchId, type: 'search', class: 'programme-search', autocomplete: 'off', placeholder: t('plan.programme.searchPlaceholder') });
    this.resultsNote = h('p', { class: 'hint programme-note' });
    this.results = h('ul', { class: 'programme-results' });
    this.el = h(
      'div',
      { class: 'programme-picker', id: opts.id },
      this.list,
      this.status,
      h('label', { for: searchId, class: 'programme-search-label' }, t('plan.programme.search')),
      this.search,
      this.resultsNote,
      this.results,
    );
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.find(), 200);
    });
    this.search.addEventListener('focus', () => {
      if (!this.found.length) void this.find();
    });
    // Enter in the search adds the first film found, rather than submitting the form.
    this.search.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      const first = this.offers().find((o) => !this.has(o.film.id));
      if (first) this.add(first.film);
    });
  }

  /** The programme as sent: its film ids in order. */
  value(): number[] {
    return this.films.map((f) => f.id);
  }

  current(): ProgrammeFilm[] {
    return [...this.films];
  }

  set(films: ProgrammeFilm[]) {
    this.films = films.slice(0, PROGRAMME_MAX);
    this.search.value = '';
    this.found = [];
    this.results.replaceChildren();
    this.resultsNote.textContent = '';
    this.draw();
  }

  focus() {
    this.search.focus();
  }

  private has(id: number) {
    return this.films.some((f) => f.id === id);
  }

  private add(f: ProgrammeFilm) {
    if (this.has(f.id) || this.films.length >= PROGRAMME_MAX) return;
    this.films.push({ id: f.id, title: f.title, category: f.category, minutes: f.minutes });
    this.changed();
  }

  private changed() {
    this.draw();
    this.drawResults();
    this.opts.onChange?.(this.current());
  }

  private draw() {
    const n = this.films.length;
    this.list.replaceChildren(
      ...this.films.map((f, i) => {
        const button = (cls: string, label: MessageKey, text: string, disabled: boolean, run: () => void) => {
          const b = h('button', { type: 'button', class: `icon ${cls}`, 'aria-label': t(label, { title: f.title }), title: t(label, { title: f.title }), disabled }, text);
          b.addEventListener('click', run);
          return b;
        };
        const move = (to: number) => () => {
          this.films.splice(i, 1);
          this.films.splice(to, 0, f);
          this.changed();
        };
        return h(
          'li',
          { 'data-film': f.id, 'data-category': f.category },
          h('span', { class: 'film-title' }, f.title),
          h('small', { class: 'film-meta' }, filmMeta(f)),
          h(
            'span',
            { class: 'film-actions' },
            button('up', 'plan.programme.up', '↑', i === 0, move(i - 1)),
            button('down', 'plan.programme.down', '↓', i === n - 1, move(i + 1)),
            button('remove', 'plan.programme.remove', '×', false, () => {
              this.films.splice(i, 1);
              this.changed();
            }),
          ),
        );
      }),
    );
    this.list.hidden = !n;
    const why = shortfallText(this.films, this.opts.longMinutes);
    this.status.className = `programme-status ${why ? 'short' : 'counts'}`;
    this.status.dataset.counts = String(!why);
    this.status.textContent = why ?? t('plan.programme.counts');
    this.search.disabled = n >= PROGRAMME_MAX;
    this.search.placeholder = n >= PROGRAMME_MAX ? t('plan.programme.full', { max: PROGRAMME_MAX }) : t('plan.programme.searchPlaceholder');
  }

  /** The catalogue's films matching the search, licensed on the screening's day; the latest search wins. */
  private async find() {
    this.asking?.abort();
    const asking = (this.asking = new AbortController());
    const date = this.opts.date();
    try {
      const found = await planApi.films(this.search.value.trim(), date, asking.signal);
      if (asking.signal.aborted) return;
      this.found = found;
      this.resultsNote.textContent = found.length || this.offers().length
        ? date ? t('plan.programme.licensedOn', { date }) : ''
        : t('plan.programme.noResults');
      this.drawResults();
    } catch (err) {
      if (asking.signal.aborted) return;
      console.error(err);
      this.found = [];
      this.results.replaceChildren();
      this.resultsNote.textContent = t('plan.programme.searchFailed');
    }
  }

  /** Redraws the offers (the village, and so its requests, changed). */
  refresh() {
    this.drawResults();
  }

  /**
   * The villagers' requested films matching the search and licensed on the day, most requested
   * first, then the catalogue's other hits.
   */
  private offers(): { film: CatalogueFilm; requests: number | null }[] {
    const q = this.search.value.trim().toLowerCase();
    const date = this.opts.date();
    const found = new Map(this.found.map((f) => [f.id, f]));
    const filmOf = (id: number) => {
      if (found.has(id)) return found.get(id);
      const f = this.opts.catalogue?.(id);
      return f && (!date || licensedOn({ availableFrom: f.availableFrom ?? null, availableTo: f.availableTo ?? null }, date)) ? f : undefined;
    };
    const asked = (this.opts.requested?.() ?? []).flatMap((r) => {
      const film = filmOf(r.filmId);
      return film && (!q || film.title.toLowerCase().includes(q)) ? [{ film, requests: r.requests }] : [];
    });
    const first = new Set(asked.map((r) => r.film.id));
    return [
      ...asked,
      ...this.found.filter((f) => !first.has(f.id)).map((film) => ({ film, requests: null })),
    ];
  }

  private drawResults() {
    const full = this.films.length >= PROGRAMME_MAX;
    this.results.replaceChildren(
      ...this.offers().map(({ film: f, requests }) => {
        const asked = requests === null ? null : requestedBy(requests);
        const b = h(
          'button',
          {
            type: 'button',
            class: requests === null ? 'programme-hit' : 'programme-hit requested',
            'data-film': f.id,
            'data-requests': requests ?? undefined,
            disabled: full || this.has(f.id),
            'aria-label': asked ? `${t('plan.programme.add', { title: f.title })} (${asked})` : t('plan.programme.add', { title: f.title }),
          },
          h('span', { class: 'film-title' }, f.title),
          asked ? h('em', { class: 'requested-count' }, asked) : null,
          h('small', { class: 'film-meta' }, [filmMeta(f), f.year ? String(f.year) : ''].filter(Boolean).join(' · ')),
        );
        b.addEventListener('click', () => {
          this.add(f);
          this.search.focus();
        });
        return h('li', {}, b);
      }),
    );
  }
}
