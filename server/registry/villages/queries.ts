import { whereCountyInScope, whereVillageInScope } from '../../areas/scope.js';
import type { User } from '../../auth/user.js';
import type { Db } from '../../db/index.js';
import { unknownIds } from '../../db/references.js';
import { likeText } from '../../http/validate.js';
import { formatTime } from '../../months.js';
import type { Kind, VillagePatch, VillageQuery } from './schemas.js';

export interface VillageRow {
  id: number;
  name: string;
  township_id: number;
  township_name: string;
  kind: Kind;
  parent_id: number | null;
  code: string | null;
  lat: number;
  lng: number;
  position_approximate: boolean;
  retired_at: Date | null;
}
const columns = ['v.id', 'v.name', 'v.township_id', 't.name as township_name', 'v.kind', 'v.parent_id', 'v.code', 'v.lat', 'v.lng', 'v.position_approximate', 'v.retired_at'];

export function villageMapper(zone: string) {
  return (r: VillageRow) => ({
    id: r.id,
    name: r.name,
    townshipId: r.township_id,
    townshipName: r.township_name,
    kind: r.kind,
    parentId: r.parent_id,
    code: r.code,
    lat: r.lat,
    lng: r.lng,
    positionApproximate: r.position_approximate,
    retiredAt: formatTime(r.retired_at, zone),
  });
}
export type Village = ReturnType<ReturnType<typeof villageMapper>>;

/** Villages with the name of their township, those in the user's scope (server/areas/scope.ts). */
const selectVillages = (db: Db, user: User) => whereCountyInScope(db('villages as v').join('townships as t', 't.id', 'v.township_id').select(columns), user, 't.county_id');

export const villageRow = (db: Db, user: User, id: number): Promise<VillageRow | undefined> => selectVillages(db, user).where('v.id', id).first();

/** By code (villages without one last), then name; `q` matches a part of the name or the start of the code. */
export function villageList(db: Db, user: User, q: VillageQuery) {
  const query = selectVillages(db, user).orderBy([{ column: 'v.code', nulls: 'last' }, 'v.name', 'v.id']);
  if (q.townshipId) query.where('v.township_id', q.townshipId);
  if (q.parentId) query.where('v.parent_id', q.parentId);
  if (q.kind) query.where('v.kind', q.kind);
  if (q.retired === 'true') query.whereNotNull('v.retired_at');
  if (q.retired === 'false') query.whereNull('v.retired_at');
  if (q.q) {
    const text = likeText(q.q);
    query.where((w) => w.whereILike('v.name', `%${text}%`).orWhere('v.code', 'like', `${text}%`));
  }
  return query;
}

/** The referenced ids of a village body that name no row, to report beside the schema's own bad fields. */
export const unknownVillageReferences = (db: Db, user: User) => (body: Record<string, unknown>) =>
  unknownIds(db, body, {
    townshipId: ['townships', 'no such township', (q) => whereCountyInScope(q, user, 'county_id')],
    parentId: ['villages', 'no such village', (q) => whereVillageInScope(db, q, user, 'id')],
  });

/** What the parent rule looks at, read in the transaction that writes the village. */
export async function shapeFacts(db: Db, user: User, next: { townshipId: number; parentId: number | null }, selfId?: number) {
  const township = await whereCountyInScope(db('townships').where({ id: next.townshipId }), user, 'county_id').first('id');
  // A parent outside the user's counties is no village to it, like an id that names none.
  const parent = next.parentId === null ? undefined : await whereVillageInScope(db, db('villages').where({ id: next.parentId }), user, 'id').first('kind', 'township_id');
  const self = selfId === undefined ? undefined : await db('villages').where({ id: selfId }).first('kind', 'township_id');
  const children = selfId === undefined ? undefined : await db('villages').where({ parent_id: selfId }).count({ n: '*' }).first();
  return {
    townshipExists: Boolean(township),
    parent: parent as { kind: Kind; township_id: number } | undefined,
    self: self as { kind: Kind; township_id: number } | undefined,
    children: Number(children?.n ?? 0),
  };
}
export type ShapeFacts = Awaited<ReturnType<typeof shapeFacts>>;

function toColumns(v: VillagePatch) {
  const out: Record<string, unknown> = {
    name: v.name,
    township_id: v.townshipId,
    kind: v.kind,
    parent_id: v.parentId,
    code: v.code,
    lat: v.lat,
    lng: v.lng,
    position_approximate: v.positionApproximate,
    retired_at: v.retiredAt,
  };
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined));
}

export async function insertVillage(db: Db, v: VillagePatch): Promise<number> {
  const [{ id }] = await db('villages').insert(toColumns(v)).returning('id');
  return id;
}

export const updateVillageRow = (db: Db, id: number, v: VillagePatch) => db('villages').where({ id }).update({ ...toColumns(v), updated_at: db.fn.now() });
export const deleteVillageRow = (db: Db, id: number) => db('villages').where({ id }).delete();
/** Two edits of one village's parent or kind must not interleave. */
export const lockVillage = (db: Db, id: number) => db('villages').where({ id }).forUpdate().first('id');
