import type { Knex } from 'knex';
import type { Db } from '../../db/index.js';
import { likeText } from '../../http/validate.js';
import { formatTime } from '../../months.js';
import type { Category, FilmPatch, FilmQuery } from './schemas.js';

export const filmColumns = ['id', 'title', 'category', 'minutes', 'year', 'code', 'available_from', 'available_to', 'themes', 'retired_at'];

export interface FilmRow {
  id: number;
  title: string;
  category: Category;
  minutes: number | null;
  year: number | null;
  code: string | null;
  available_from: string | null;
  available_to: string | null;
  themes: string[] | null;
  retired_at: Date | null;
}

/** A film as the API answers it (DOMAIN.md "Films and programmes"). */
export const toFilm = (r: FilmRow, zone: string) => ({
  id: r.id,
  title: r.title,
  category: r.category,
  minutes: r.minutes,
  year: r.year,
  code: r.code,
  availableFrom: r.available_from,
  availableTo: r.available_to,
  themes: r.themes ?? [],
  retiredAt: formatTime(r.retired_at, zone),
});
export type Film = ReturnType<typeof toFilm>;

/** A film's fields as its row's columns (only those given). */
export function toColumns(f: FilmPatch): Record<string, unknown> {
  const map: [keyof FilmPatch, string][] = [
    ['title', 'title'],
    ['category', 'category'],
    ['minutes', 'minutes'],
    ['year', 'year'],
    ['code', 'code'],
    ['availableFrom', 'available_from'],
    ['availableTo', 'available_to'],
    ['themes', 'themes'],
    ['retiredAt', 'retired_at'],
  ];
  const out: Record<string, unknown> = {};
  for (const [key, column] of map) if (f[key] !== undefined) out[column] = f[key];
  return out;
}

/**
 * Licensed on `date` (YYYY-MM-DD): inside the window, both ends inclusive, either open, and not
 * retired — the SQL form of domain/programme.ts licensedOn, for lists.
 */
export function whereLicensedOn(query: Knex.QueryBuilder, date: string, table = 'films') {
  return query
    .whereNull(`${table}.retired_at`)
    .where((w) => w.whereNull(`${table}.available_from`).orWhere(`${table}.available_from`, '<=', date))
    .where((w) => w.whereNull(`${table}.available_to`).orWhere(`${table}.available_to`, '>=', date));
}

/** By title; `q` matches a part of the title or of the code. */
export function filterFilms(query: Knex.QueryBuilder, q: FilmQuery) {
  query.orderBy(['title', 'id']);
  if (q.q) {
    const like = `%${likeText(q.q)}%`;
    query.where((w) => w.whereILike('title', like).orWhereILike('code', like));
  }
  if (q.category) query.where('category', q.category);
  if (q.availableOn) whereLicensedOn(query, q.availableOn);
  if (q.theme) query.whereRaw('? = any(themes)', [q.theme]);
  return query;
}

/** Every film, for the import to match rows against (a national catalogue is some thousands). */
export const allFilms = (db: Db): Promise<FilmRow[]> => db('films').select(filmColumns).orderBy('id');
