import { compareNames } from '../../../domain/collate.js';
import type { User } from '../../auth/user.js';
import type { Db } from '../../db/index.js';
import { whereVillageInScope } from '../../areas/scope.js';
import { unknownIds } from '../../db/references.js';
import { likeText } from '../../http/validate.js';
import type { TeamPatch, TeamQuery } from './schemas.js';

export interface TeamRow {
  id: number;
  name: string;
  partner_id: number;
  base_village_id: number | null;
  phone: string | null;
}
const columns = ['id', 'name', 'partner_id', 'base_village_id', 'phone'];

export const toTeam = (r: TeamRow) => ({ id: r.id, name: r.name, partnerId: r.partner_id, baseVillageId: r.base_village_id, phone: r.phone });
export type Team = ReturnType<typeof toTeam>;

/** Teams this user may see: all of them, or a partner's own. */
export function visibleTeams(db: Db, user: User) {
  const query = db('teams');
  if (user.role === 'partner') query.where('teams.partner_id', user.partnerId);
  return query;
}

export const teamRow = (db: Db, user: User, id: number): Promise<TeamRow | undefined> => visibleTeams(db, user).where({ id }).first(columns);

/** Every team of the list's filters, unordered: the order is compareNames' (byPartnerAndName), which SQL has no collation for. */
export function teamList(db: Db, user: User, q: TeamQuery): Promise<TeamRow[]> {
  const query = visibleTeams(db, user).select(columns);
  if (q.partnerId) query.where('partner_id', q.partnerId);
  if (q.q) query.whereILike('name', `%${likeText(q.q)}%`);
  return query;
}

/** By partner, then by name as a Chinese reader expects (第一, 第二, 第三 … by pinyin and numeral value). */
export const byPartnerAndName = (a: TeamRow, b: TeamRow) => a.partner_id - b.partner_id || compareNames(a.name, b.name) || a.id - b.id;

/** The referenced ids of a team body that name no row, to report beside the schema's own bad fields. */
export const unknownTeamReferences = (db: Db, user: User) => (body: Record<string, unknown>) =>
  unknownIds(db, body, { partnerId: ['partners', 'no such partner'], baseVillageId: ['villages', 'no such village', (q) => whereVillageInScope(db, q, user, 'id')] });

function toColumns(t: TeamPatch) {
  const out = { name: t.name, partner_id: t.partnerId, base_village_id: t.baseVillageId, phone: t.phone };
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined));
}

export async function insertTeam(db: Db, t: TeamPatch): Promise<number> {
  const [{ id }] = await db('teams').insert(toColumns(t)).returning('id');
  return id;
}

export const updateTeamRow = (db: Db, id: number, t: TeamPatch) => db('teams').where({ id }).update({ ...toColumns(t), updated_at: db.fn.now() });
