// DOMAIN.md "Films and programmes": the film's categories, what makes a programme one 场
// (qualifies), a film's licence window. Pure, shared by the server (checks, planner, reports) and
// the pages (the plan grid's picker says why a programme does not count before it is saved).

export const filmCategories = ['feature', 'science', 'documentary', 'opera', 'children', 'other'] as const;
export type FilmCategory = (typeof filmCategories)[number];

/** The national catalogue's names (导入 reads them, the spreadsheets write them). */
export const categoryNamesZh: Record<FilmCategory, string> = {
  feature: '故事片',
  science: '科教片',
  documentary: '纪录片',
  opera: '戏曲片',
  children: '少儿片',
  other: '其他',
};

/** Up to this many distinct films in one programme. */
export const PROGRAMME_MAX = 6;
/** A programme of science shorts alone counts from this many. */
export const SCIENCE_SHORTS_MIN = 3;
/** No film again in a unit within this many days (calendar days in the county zone). */
export const REPEAT_DAYS = 365;

/** What the rules read of a film. Dates are YYYY-MM-DD (the county's calendar), null: open. */
export interface ProgrammeFilm {
  id: number;
  category: FilmCategory;
  minutes: number | null;
  year?: number | null;
  availableFrom?: string | null;
  availableTo?: string | null;
}

/** A long film: `minutes ≥ longMinutes`, in any category but `other`. */
export const isLong = (f: ProgrammeFilm, longMinutes: number): boolean => f.category !== 'other' && f.minutes !== null && f.minutes >= longMinutes;

/** One 场: a long film, or at least three science films. */
export function qualifies(films: readonly ProgrammeFilm[], longMinutes: number): boolean {
  return films.some((f) => isLong(f, longMinutes)) || films.filter((f) => f.category === 'science').length >= SCIENCE_SHORTS_MIN;
}

/** Why a programme does not count, in words a page and a flag can use (null: it counts). */
export function shortfall(films: readonly ProgrammeFilm[], longMinutes: number): { empty: true } | { science: number; longest: number | null } | null {
  if (qualifies(films, longMinutes)) return null;
  if (!films.length) return { empty: true };
  const minutes = films.filter((f) => f.category !== 'other' && f.minutes !== null).map((f) => f.minutes!);
  return { science: films.filter((f) => f.category === 'science').length, longest: minutes.length ? Math.max(...minutes) : null };
}

/** Licensed on `date` (YYYY-MM-DD, inclusive at both ends of the window). */
export const licensedOn = (f: Pick<ProgrammeFilm, 'availableFrom' | 'availableTo'>, date: string): boolean =>
  (!f.availableFrom || f.availableFrom <= date) && (!f.availableTo || date <= f.availableTo);

/** A new film in year `year`: of this year or the one before (targets' newFilmShare). */
export const isNewIn = (f: Pick<ProgrammeFilm, 'year'>, year: number): boolean => f.year !== null && f.year !== undefined && f.year >= year - 1;
