import type { Knex } from 'knex';
import { whereAreaVisible } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { notFound } from '../http/problem.js';

// The `areaId` filter of the bureau's lists of what villagers sent (requests, reports): an area the
// user may not see is a 404, as one that does not exist (server/areas/scope.ts whereAreaVisible,
// as the targets and the settings ask it); inside it, the villages of the counties whose code
// begins with the area's. The user's own scope is applied beside it by each list.

/** The asked area, if the user may see it; else 404 as for an id that names nothing. */
export async function visibleArea(db: Db, user: User, areaId: number): Promise<{ id: number; code: string; name: string }> {
  const area = await whereAreaVisible(db, db('areas').where({ id: areaId }), user).first('id', 'code', 'name');
  if (!area) throw notFound('Area', areaId);
  return area as { id: number; code: string; name: string };
}

/** Keeps the rows whose village column names a village of a county inside the area (by code). */
export function whereVillageInArea<Q extends Knex.QueryBuilder>(db: Db, query: Q, area: { code: string }, column: string): Q {
  const counties = db('areas').select('id').where('level', 'county').whereRaw(`code like ? || '%'`, [area.code]);
  query.whereIn(column, db('villages').select('id').whereIn('township_id', db('townships').select('id').whereIn('county_id', counties)));
  return query;
}
