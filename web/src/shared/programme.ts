// A screening's programme (DOMAIN.md "Films and programmes") as every page but the plan grid shows
// it: its films in order, each with its category and minutes, or "not decided" when it is empty.
// A screening kept on a phone before programmes (an older offline copy) has only `filmTitle`: it
// is read as a one-film programme, so the page still says what to show.
import { t } from '../i18n/index.js';
import type { ProgrammeFilm } from './api.js';
import { h } from './dom.js';

/** A film as shown: from an older copy that named the title only, its category is not known; the villagers' page has no ids. */
export type ShownFilm = Omit<ProgrammeFilm, 'id' | 'category'> & { id?: number; category: ProgrammeFilm['category'] | null };

/** What a page may hold of a screening: the server's answer, or an older copy without `films`. */
export interface WithProgramme {
  films?: readonly ShownFilm[];
  filmId?: number | null;
  filmTitle?: string | null;
}

/** The programme's films in order. */
export function programmeOf(s: WithProgramme): readonly ShownFilm[] {
  if (s.films) return s.films;
  return s.filmTitle === null || s.filmTitle === undefined ? [] : [{ id: s.filmId ?? undefined, title: s.filmTitle, category: null, minutes: null }];
}

/** "1. 喜盈门 · 故事片 · 95 分钟": the n-th film of a programme (from 1), its category and minutes when known. */
export function filmLine(f: ShownFilm, n: number): string {
  const parts = [t('programmeView.line', { n, title: f.title })];
  if (f.category) parts.push(t(`category.${f.category}`));
  if (f.minutes !== null) parts.push(t('films.minutesValue', { minutes: f.minutes }));
  return parts.join(' · ');
}

/** The titles in order, in one line ("喜盈门、种子的故事"); "节目未定" when there is none. */
export function programmeTitles(s: WithProgramme): string {
  const films = programmeOf(s);
  return films.length ? films.map((f) => f.title).join(t('programmeView.sep')) : t('programmeView.none');
}

/** The programme as a list, one film a line; a note when it is not decided yet. */
export function programmeList(s: WithProgramme): HTMLElement {
  const films = programmeOf(s);
  if (!films.length) return h('p', { class: 'programme none', 'data-films': 0 }, t('programmeView.none'));
  return h(
    'ol',
    { class: 'programme', 'data-films': films.length, 'aria-label': t('programmeView.title') },
    ...films.map((f, i) => h('li', { 'data-film': f.id }, filmLine(f, i + 1))),
  );
}
