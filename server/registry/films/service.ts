import type { Caller } from '../../auth/user.js';
import { fetchPage } from '../../db/page.js';
import { auditedTable } from '../table.js';
import { filmColumns, filterFilms, toColumns, toFilm, type FilmRow } from './queries.js';
import type { FilmPatch, FilmQuery, NewFilm } from './schemas.js';

/** The catalogue: listed, read, created and changed; DOMAIN.md gives films no deletion (a film leaves by retiredAt). */
export function filmService(zone: string) {
  const toRecord = (r: FilmRow) => toFilm(r, zone);
  const table = auditedTable({ entity: 'film', table: 'films', label: 'Film', columns: filmColumns, toRecord });
  return {
    find: table.find,
    create: (c: Caller, body: NewFilm) => table.create(c, toColumns(body)),
    update: (c: Caller, id: number, body: FilmPatch) => table.update(c, id, toColumns(body)),
    list: (c: Caller, q: FilmQuery) => fetchPage(filterFilms(table.select(c.db, c.user), q), q, toRecord),
    /** A row written as the catalogue import has it (columns, not the API's fields), with its audit row. */
    createRow: (c: Caller, columns: Record<string, unknown>) => table.create(c, columns),
    updateRow: (c: Caller, id: number, columns: Record<string, unknown>) => table.update(c, id, columns),
  };
}
export type FilmService = ReturnType<typeof filmService>;
