import { audited } from '../audit/log.js';
import type { Caller, User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { notFound } from '../http/problem.js';
import { filterAreas, placeTownships, toArea, visibleAreas, type Area } from './queries.js';
import type { AreaPatch, AreaQuery, NewArea } from './schemas.js';

async function findArea(db: Db, user: User, id: number): Promise<Area> {
  const row = await visibleAreas(db, user).where({ id }).first();
  if (!row) throw notFound('Area', id);
  return toArea(row);
}

const writes = (c: Caller) => audited('area', (db, id) => findArea(db, c.user, id));

/**
 * Provinces, prefectures and counties. The code places an area (the schema derives its level and
 * parent, and refuses a code whose parent is missing); townships with a code join a new county of
 * their first 6 digits. An area still holding areas, townships, contracts or users cannot go (409).
 */
export const areas = {
  list: (c: Caller, q: AreaQuery) => fetchPage(filterAreas(visibleAreas(c.db, c.user), q), q, toArea),
  find: (c: Caller, id: number) => findArea(c.db, c.user, id),
  create: (c: Caller, a: NewArea) =>
    writes(c).create(c.db, c.user.id, async (trx) => {
      const [{ id }] = await trx('areas').insert(a).returning('id');
      if (a.code.length === 6) await placeTownships(trx);
      return id as number;
    }),
  update: (c: Caller, id: number, a: AreaPatch) => writes(c).update(c.db, c.user.id, id, (trx) => trx('areas').where({ id }).update({ name: a.name, updated_at: trx.fn.now() })),
  remove: (c: Caller, id: number) => writes(c).remove(c.db, c.user.id, id, (trx) => trx('areas').where({ id }).delete()),
};

