import { isLong, licensedOn, REPEAT_DAYS, type FilmCategory } from '../../domain/programme.js';

// What the demo teams show: a programme like a real evening's — one long film (a feature most
// nights, now and then an opera, a children's film or a documentary) and, most evenings, a science
// short before it; every film licensed on the day and not retired, and no film again in the same
// unit within a year (DOMAIN.md "No repeats in a village"), as far as the catalogue allows.

/** The demo's long film: the rule's default threshold (DOMAIN.md LONG_FILM_MINUTES). */
const LONG_MINUTES = 60;

export interface CatalogueFilm {
  id: number;
  category: FilmCategory;
  minutes: number | null;
  availableFrom: string | null;
  availableTo: string | null;
  retired: boolean;
}

const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

export function demoProgrammer(films: CatalogueFilm[], random: () => number) {
  const shown = new Map<number, Map<number, number>>(); // unit → film → the last day it was shown
  const pickFrom = <T>(list: T[]) => list[Math.floor(random() * list.length)];

  /** One film of `pool` licensed on `date` and not in `unit` within a year; a repeat only when there is nothing else. */
  function pick(unit: number, date: string, pool: CatalogueFilm[]): CatalogueFilm | undefined {
    const licensed = pool.filter((f) => !f.retired && licensedOn(f, date));
    const seen = shown.get(unit);
    const fresh = licensed.filter((f) => {
      const last = seen?.get(f.id);
      return last === undefined || Math.abs(dayNumber(date) - last) >= REPEAT_DAYS;
    });
    return pickFrom(fresh.length ? fresh : licensed);
  }

  const long = (category: FilmCategory) => films.filter((f) => f.category === category && isLong(f, LONG_MINUTES));
  const mains: [share: number, pool: CatalogueFilm[]][] = [
    [0.72, long('feature')],
    [0.1, long('opera')],
    [0.1, long('children')],
    [0.08, long('documentary')],
  ];
  const science = films.filter((f) => f.category === 'science');

  /** The programme of a screening of `unit` on `date` (YYYY-MM-DD): film ids in showing order. */
  return (unit: number, date: string): number[] => {
    let roll = random();
    const pool = mains.find(([share]) => (roll -= share) < 0)?.[1] ?? mains[0]![1];
    const main = pick(unit, date, pool) ?? pick(unit, date, mains[0]![1]);
    const short = random() < 0.75 ? pick(unit, date, science) : undefined;
    const programme = [short, main].filter((f): f is CatalogueFilm => !!f).map((f) => f.id);
    const seen = shown.get(unit) ?? new Map<number, number>();
    for (const id of programme) seen.set(id, dayNumber(date));
    shown.set(unit, seen);
    return programme;
  };
}
