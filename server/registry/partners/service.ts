import { audited } from '../../audit/log.js';
import type { Caller, User } from '../../auth/user.js';
import type { Db } from '../../db/index.js';
import { fetchPage } from '../../db/page.js';
import { notFound } from '../../http/problem.js';
import { insertPartner, renamePartner, toPartner, visiblePartners, type Partner } from './queries.js';
import type { NewPartner, PartnerQuery } from './schemas.js';

/** Another company is unknown (404) to a partner. */
async function findPartner(db: Db, user: User, id: number): Promise<Partner> {
  const row = await visiblePartners(db, user).where({ id }).first();
  if (!row) throw notFound('Partner', id);
  return toPartner(row);
}

const writes = (c: Caller) => audited('partner', (db, id) => findPartner(db, c.user, id));

export const partners = {
  list: (c: Caller, q: PartnerQuery) => fetchPage(visiblePartners(c.db, c.user).orderBy('name'), q, toPartner),
  find: (c: Caller, id: number) => findPartner(c.db, c.user, id),
  create: (c: Caller, p: NewPartner) => writes(c).create(c.db, c.user.id, (trx) => insertPartner(trx, p)),
  update: (c: Caller, id: number, p: NewPartner) => writes(c).update(c.db, c.user.id, id, (trx) => renamePartner(trx, id, p)),
};
