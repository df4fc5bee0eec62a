import type { ProgrammeFilmRow } from '../programmes/films.js';

// A programme's titles in one line, in its order, as the spreadsheets, the calendar feed and the
// villagers' page print them (DOMAIN.md "Films and programmes"). Their headings are Chinese, so is
// the separator; a page in English joins the answer's `films` itself ("; ").

export const TITLE_SEPARATOR = '、';

/** "喜盈门、种子的故事"; '' for an empty programme. */
export const titlesOf = (films: readonly Pick<ProgrammeFilmRow, 'title'>[], separator = TITLE_SEPARATOR) => films.map((f) => f.title).join(separator);
