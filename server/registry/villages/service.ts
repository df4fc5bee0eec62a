import { audited } from '../../audit/log.js';
import type { Caller, User } from '../../auth/user.js';
import type { Db } from '../../db/index.js';
import { fetchPage } from '../../db/page.js';
import { checkCodeInCounty } from '../codes.js';
import { badRequest, conflict, notFound, type FieldError } from '../../http/problem.js';
import {
  deleteVillageRow,
  insertVillage,
  lockVillage,
  shapeFacts,
  updateVillageRow,
  villageList,
  villageMapper,
  villageRow,
  type ShapeFacts,
  type Village,
} from './queries.js';
import type { Kind, NewVillage, VillagePatch, VillageQuery } from './schemas.js';

export interface VillageShape {
  kind: Kind;
  townshipId: number;
  parentId: number | null;
}

/**
 * The parent rule of DOMAIN.md: a natural village has an administrative parent in the same
 * township; an administrative village has none, and cannot turn natural (or move township) while
 * natural villages hang under it. The schema enforces the same; this names the field for the client.
 */
export function checkVillageShape(next: VillageShape, facts: ShapeFacts, selfId?: number): void {
  const errors: FieldError[] = [];
  if (!facts.townshipExists) errors.push({ path: 'townshipId', message: 'no such township' });

  if (next.kind === 'administrative' && next.parentId !== null) {
    errors.push({ path: 'parentId', message: 'an administrative village has no parent' });
  }
  if (next.kind === 'natural') {
    const { parent } = facts;
    if (next.parentId === null) errors.push({ path: 'parentId', message: 'a natural village needs its administrative village' });
    else if (next.parentId === selfId) errors.push({ path: 'parentId', message: 'a village cannot be its own parent' });
    else if (!parent) errors.push({ path: 'parentId', message: 'no such village' });
    else if (parent.kind !== 'administrative') errors.push({ path: 'parentId', message: 'must be an administrative village' });
    else if (facts.townshipExists && parent.township_id !== next.townshipId) {
      errors.push({ path: 'parentId', message: 'must be in the same township' });
    }
  }
  // Natural villages under it are the real obstacle: say so (409) before a missing parent (400).
  if (facts.children > 0 && facts.self) {
    if (next.kind !== 'administrative') {
      throw conflict(`This village has ${facts.children} natural villages; move or retire them before it becomes natural.`, [
        { path: 'kind', message: 'has natural villages under it' },
      ]);
    }
    if (next.townshipId !== facts.self.township_id) {
      throw conflict(`This village has ${facts.children} natural villages; move them with it first.`, [
        { path: 'townshipId', message: 'has natural villages under it' },
      ]);
    }
  }

  if (errors.length) throw badRequest(`Invalid body: ${errors.map((e) => e.path).join(', ')}.`, errors);
}

/**
 * A change merged into the stored village: turning administrative drops the parent unless the
 * client sent one (which the parent rule then refuses).
 */
export const nextShape = (before: VillageShape, patch: VillagePatch): VillageShape => ({
  kind: patch.kind ?? before.kind,
  townshipId: patch.townshipId ?? before.townshipId,
  parentId: patch.parentId !== undefined ? patch.parentId : patch.kind === 'administrative' ? null : before.parentId,
});

async function findVillage(db: Db, user: User, zone: string, id: number): Promise<Village> {
  const row = await villageRow(db, user, id);
  if (!row) throw notFound('Village', id);
  return villageMapper(zone)(row);
}

const countyOfTownship = async (db: Db, townshipId: number): Promise<number | null> => (await db('townships').where({ id: townshipId }).first('county_id'))?.county_id ?? null;

const writes = (c: Caller) => audited('village', (db, id) => findVillage(db, c.user, c.zone, id), lockVillage);

export const villages = {
  list: (c: Caller, q: VillageQuery) => fetchPage(villageList(c.db, c.user, q), q, villageMapper(c.zone)),
  find: (c: Caller, id: number) => findVillage(c.db, c.user, c.zone, id),

  create: (c: Caller, v: NewVillage) =>
    writes(c).create(c.db, c.user.id, async (trx) => {
      checkVillageShape(v, await shapeFacts(trx, c.user, v));
      if (v.code) await checkCodeInCounty(trx, c.user, v.code, await countyOfTownship(trx, v.townshipId));
      return insertVillage(trx, v);
    }),

  update: (c: Caller, id: number, v: VillagePatch) =>
    writes(c).update(c.db, c.user.id, id, async (trx, before) => {
      const next = nextShape(before, v);
      checkVillageShape(next, await shapeFacts(trx, c.user, next, id), id);
      if (v.code) await checkCodeInCounty(trx, c.user, v.code, await countyOfTownship(trx, next.townshipId));
      await updateVillageRow(trx, id, { ...v, ...next });
    }),

  /** A village others still refer to (natural villages, screenings, a team's base) is refused by the schema (409): retire it instead. */
  remove: (c: Caller, id: number) => writes(c).remove(c.db, c.user.id, id, (trx) => deleteVillageRow(trx, id)),
};
