import type { User } from '../../auth/user.js';
import type { Db } from '../../db/index.js';
import type { NewPartner } from './schemas.js';

export interface PartnerRow {
  id: number;
  name: string;
}

export const toPartner = (r: PartnerRow) => ({ id: r.id, name: r.name });
export type Partner = ReturnType<typeof toPartner>;

/** A partner sees its own company only; the list of competitors is the bureau's business. */
export function visiblePartners(db: Db, user: User) {
  const query = db('partners').select('id', 'name');
  if (user.role === 'partner') query.where('id', user.partnerId);
  return query;
}

export async function insertPartner(db: Db, p: NewPartner): Promise<number> {
  const [{ id }] = await db('partners').insert(p).returning('id');
  return id;
}

export const renamePartner = (db: Db, id: number, p: NewPartner) => db('partners').where({ id }).update({ name: p.name });
