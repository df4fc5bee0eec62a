import type { Knex } from 'knex';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { likeText } from '../http/validate.js';
import { whereAreaVisible } from './scope.js';
import type { AreaLevel, AreaQuery } from './schemas.js';

export interface AreaRow {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  parent_id: number | null;
}

export const areaColumns = ['id', 'code', 'name', 'level', 'parent_id'];
export const toArea = (r: AreaRow) => ({ id: r.id, code: r.code, name: r.name, level: r.level, parentId: r.parent_id });
export type Area = ReturnType<typeof toArea>;

/** The areas a user may see (./scope.ts whereAreaVisible), with the columns of an area. */
export const visibleAreas = (db: Db, user: User): Knex.QueryBuilder => whereAreaVisible(db, db('areas').select(areaColumns), user);

/** By code; `q` matches a part of the name or the start of the code. */
export function filterAreas(query: Knex.QueryBuilder, q: AreaQuery): Knex.QueryBuilder {
  query.orderByRaw('code collate "C"');
  if (q.level) query.where('level', q.level);
  if (q.parentId) query.where('parent_id', q.parentId);
  if (q.q) {
    const text = likeText(q.q);
    query.where((w) => w.whereILike('name', `%${text}%`).orWhere('code', 'like', `${text}%`));
  }
  return query;
}

/**
 * Townships with a code and no county join the county of the code's first 6 digits, when it
 * exists: after an import of areas or villages, a registry built from codes hangs together.
 * Answers how many were placed.
 */
export async function placeTownships(db: Db): Promise<number> {
  const placed = await db.raw(`
    update townships t set county_id = a.id, updated_at = now()
      from areas a
     where t.county_id is null and t.code is not null and a.code = left(t.code, 6)
    returning t.id`);
  return placed.rows.length;
}
