import type { Caller } from '../../auth/user.js';
import { fetchPage } from '../../db/page.js';
import { auditedTable } from '../table.js';
import { filmColumns, filterFilms, toFilm } from './queries.js';
import type { FilmQuery } from './schemas.js';

const { find, create, update, select } = auditedTable({ entity: 'film', table: 'films', label: 'Film', columns: filmColumns, toRecord: toFilm });

/** Films are listed, read, created and changed; DOMAIN.md gives them no deletion. */
export const films = { find, create, update, list: (c: Caller, q: FilmQuery) => fetchPage(filterFilms(select(c.db, c.user), q), q, toFilm) };
