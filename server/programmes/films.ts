import type { FilmCategory } from '../../domain/programme.js';
import type { Db } from '../db/index.js';

// How a programme's films are read wherever a screening is shown (screenings, run sheet, calendar,
// coverage detail, reports, the villagers' page): below every one of those modules.

/** A film of a programme as a screening's answer shows it. */
export interface ProgrammeFilmRow {
  id: number;
  title: string;
  category: FilmCategory;
  minutes: number | null;
}

/** The films of the programme in `column`, in its order, as JSON (one subquery per row; a programme has at most 6). */
export const programmeFilms = (db: Db, column: string, as = 'programme_films') =>
  db.raw(
    `(select coalesce(json_agg(json_build_object('id', f.id, 'title', f.title, 'category', f.category, 'minutes', f.minutes) order by p.n), '[]'::json)
        from unnest(${column}) with ordinality as p(film_id, n) join films f on f.id = p.film_id) as ??`,
    [as],
  );
