import type { Knex } from 'knex';
import { likeText } from '../../http/validate.js';
import type { Category, FilmQuery } from './schemas.js';

export const filmColumns = ['id', 'title', 'category', 'minutes'];
export const toFilm = (r: { id: number; title: string; category: Category; minutes: number | null }) => ({ id: r.id, title: r.title, category: r.category, minutes: r.minutes });
export type Film = ReturnType<typeof toFilm>;

/** By title; `q` matches a part of it. */
export function filterFilms(query: Knex.QueryBuilder, q: FilmQuery) {
  query.orderBy(['title', 'id']);
  if (q.q) query.whereILike('title', `%${likeText(q.q)}%`);
  if (q.category) query.where('category', q.category);
  return query;
}
