import { audited } from '../audit/log.js';
import type { Caller, User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { badRequest, notFound, type FieldError } from '../http/problem.js';
import { formatTime } from '../months.js';
import {
  campaignRows,
  filmsOf,
  whereCampaignRunning,
  whereCampaignTouches,
  whereCampaignVisible,
  whereCampaignWritable,
  type CampaignRow,
} from './queries.js';
import { MAX_CAMPAIGN_FILMS, type CampaignPatch, type CampaignQuery, type NewCampaign } from './schemas.js';

// Campaigns (主题放映, DOMAIN.md "Films and programmes"): films every unit of an area should be
// shown over a span of months. The bureau (inside its area) and the admin write them; everyone
// reads those touching their scope (./queries.ts); their coverage is ./coverage.ts's.

type Film = { id: number; title: string; category: string };

function toCampaign(r: CampaignRow, films: Map<number, Film>, zone: string) {
  return {
    id: r.id,
    name: r.name,
    filmIds: r.film_ids,
    /** In the campaign's order; a film since deleted is left out. */
    films: r.film_ids.flatMap((id) => films.get(id) ?? []),
    from: r.from_month,
    to: r.to_month,
    areaId: r.area_id,
    area: r.area_id === null ? null : { id: r.area_id, name: r.area_name!, level: r.area_level! },
    createdBy: r.created_by,
    createdAt: formatTime(r.created_at, zone),
    updatedAt: formatTime(r.updated_at, zone),
  };
}
export type Campaign = ReturnType<typeof toCampaign>;

/** The rows as answers: their films read in one query. */
async function toCampaigns(db: Db, rows: CampaignRow[], zone: string): Promise<Campaign[]> {
  const films = new Map((await filmsOf(db, [...new Set(rows.flatMap((r) => r.film_ids))])).map((f) => [f.id, f]));
  return rows.map((r) => toCampaign(r, films, zone));
}

/** One campaign the user may read (404 otherwise); `writable`: one it may also change (404 otherwise, like one that is not there). */
export async function findCampaign(db: Db, user: User, zone: string, id: number, writable = false): Promise<Campaign> {
  const query = whereCampaignVisible(campaignRows(db), user).where('c.id', id);
  if (writable) whereCampaignWritable(query, user);
  const row: CampaignRow | undefined = await query.first();
  if (!row) throw notFound('Campaign', id);
  return (await toCampaigns(db, [row], zone))[0]!;
}

/**
 * What a campaign's body names that is not there for the writer: each unknown film (filmIds.N),
 * an unknown area or one outside the writer's own, and no area from a bureau user with one.
 * Also the resource's `references`, so that these come in one 400 with the schema's errors.
 */
export async function campaignReferences(db: Db, user: User, body: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  // A list too long is named whole; its films are not looked up.
  if (Array.isArray(body.filmIds) && body.filmIds.length <= MAX_CAMPAIGN_FILMS) {
    const ids = body.filmIds.filter((v): v is number => Number.isInteger(v) && v > 0 && v <= 2_147_483_647);
    const known = new Set((await db('films').whereIn('id', ids).select('id')).map((f: { id: number }) => f.id));
    body.filmIds.forEach((v, i) => {
      if (ids.includes(v) && !known.has(v)) errors.push({ path: `filmIds.${i}`, message: 'no such film' });
    });
  }
  const scoped = user.role === 'bureau' && user.areaId !== null;
  if (body.areaId === null && scoped) errors.push({ path: 'areaId', message: 'must name an area inside yours' });
  else if (typeof body.areaId === 'number' && Number.isInteger(body.areaId) && body.areaId > 0 && body.areaId <= 2_147_483_647) {
    const area = db('areas').where({ id: body.areaId });
    if (scoped) area.whereRaw(`code like (select code from areas where id = ?) || '%'`, [user.areaId]);
    if (!(await area.first('id'))) errors.push({ path: 'areaId', message: 'no such area' });
  }
  return errors;
}

async function checkCampaign(db: Db, user: User, c: { filmIds: number[]; areaId: number | null }) {
  const errors = await campaignReferences(db, user, c);
  if (errors.length) throw badRequest(`Invalid body: ${errors.map((e) => e.path).join(', ')}.`, errors);
}

const writes = (c: Caller) => audited('campaign', (db, id) => findCampaign(db, c.user, c.zone, id, true));

export const campaigns = {
  list: async (c: Caller, q: CampaignQuery) => {
    const query = whereCampaignVisible(campaignRows(c.db), c.user).orderBy([{ column: 'c.from_month', order: 'desc' }, { column: 'c.id', order: 'desc' }]);
    if (q.month) whereCampaignRunning(query, q.month);
    if (q.areaId) whereCampaignTouches(query, q.areaId);
    const page = await fetchPage(query, q, (r: CampaignRow) => r);
    return { items: await toCampaigns(c.db, page.items, c.zone), total: page.total };
  },
  find: (c: Caller, id: number) => findCampaign(c.db, c.user, c.zone, id),
  create: (c: Caller, k: NewCampaign) =>
    writes(c).create(c.db, c.user.id, async (trx) => {
      await checkCampaign(trx, c.user, k);
      const [{ id }] = await trx('campaigns')
        .insert({ name: k.name, film_ids: k.filmIds, from_month: k.from, to_month: k.to, area_id: k.areaId, created_by: c.user.id })
        .returning('id');
      return id as number;
    }),
  update: (c: Caller, id: number, k: CampaignPatch) =>
    writes(c).update(c.db, c.user.id, id, async (trx, before) => {
      const next = { name: k.name ?? before.name, filmIds: k.filmIds ?? before.filmIds, from: k.from ?? before.from, to: k.to ?? before.to, areaId: k.areaId !== undefined ? k.areaId : before.areaId };
      if (next.to < next.from) throw badRequest('Invalid body: to.', [{ path: 'to', message: 'must be the from month or later' }]);
      await checkCampaign(trx, c.user, next);
      await trx('campaigns')
        .where({ id })
        .update({ name: next.name, film_ids: next.filmIds, from_month: next.from, to_month: next.to, area_id: next.areaId, updated_at: trx.fn.now() });
    }),
  remove: (c: Caller, id: number) => writes(c).remove(c.db, c.user.id, id, (trx) => trx('campaigns').where({ id }).delete()),
};
