import type { Knex } from 'knex';
import { likeText } from '../../http/validate.js';
import type { TownshipQuery } from './schemas.js';

export const townshipColumns = ['id', 'name', 'code', 'county_id'];
export const toTownship = (r: { id: number; name: string; code: string | null; county_id: number | null }) => ({ id: r.id, name: r.name, code: r.code, countyId: r.county_id });
export type Township = ReturnType<typeof toTownship>;

/** By code (townships without one last), then name; `q` matches a part of the name or the start of the code. */
export function filterTownships(query: Knex.QueryBuilder, q: TownshipQuery) {
  query.orderBy([{ column: 'code', nulls: 'last' }, 'name', 'id']);
  if (q.countyId) query.where('county_id', q.countyId);
  if (q.q) {
    const text = likeText(q.q);
    query.where((w) => w.whereILike('name', `%${text}%`).orWhere('code', 'like', `${text}%`));
  }
  return query;
}
