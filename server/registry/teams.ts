import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { recordAudit } from '../audit/log.js';
import { currentUser } from '../auth/guard.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { paging } from '../http/paging.js';
import { forbidden, invalidField, notFound } from '../http/problem.js';
import { id, likeText, optionalText, parse, parseAll, parseId, requiredText } from '../http/validate.js';
import { unknownIds } from '../db/references.js';

const fields = {
  name: requiredText(100),
  partnerId: id,
  baseVillageId: id.nullish().transform((v) => v ?? null),
  phone: optionalText(40).pipe(z.string().regex(/^[0-9+()\- ]{3,40}$/, 'must be a phone number').nullable()),
};
// A partner's user may leave partnerId out: it is their own.
const Create = z.strictObject({ ...fields, partnerId: id.optional() });
const Patch = z.strictObject(fields).partial();
const ListQuery = z.object({ partnerId: id.optional(), q: z.string().trim().max(100).optional(), ...paging });

interface Row {
  id: number;
  name: string;
  partner_id: number;
  base_village_id: number | null;
  phone: string | null;
}
const toTeam = (r: Row) => ({ id: r.id, name: r.name, partnerId: r.partner_id, baseVillageId: r.base_village_id, phone: r.phone });
const cols = ['id', 'name', 'partner_id', 'base_village_id', 'phone'];

/** Teams this user may see: all of them, or a partner's own. */
export function visibleTeams(db: Db, user: User) {
  const query = db('teams');
  if (user.role === 'partner') query.where('teams.partner_id', user.partnerId);
  return query;
}

function ownPartner(user: User, partnerId: number | undefined): number | undefined {
  if (user.role !== 'partner') return partnerId;
  if (partnerId !== undefined && partnerId !== user.partnerId) throw forbidden('A partner manages its own teams only.');
  return user.partnerId ?? undefined;
}

function toColumns(v: Partial<z.output<typeof Patch>>) {
  const out = { name: v.name, partner_id: v.partnerId, base_village_id: v.baseVillageId, phone: v.phone };
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined));
}

export function teamRoutes(ctx: AppContext): Router {
  const r = Router();
  const references = (body: Record<string, unknown>) =>
    unknownIds(ctx.db, body, { partnerId: ['partners', 'no such partner'], baseVillageId: ['villages', 'no such village'] });

  async function findTeam(db: Db, req: Request, id: number) {
    const row = await visibleTeams(db, currentUser(req)).where({ id }).first(cols);
    if (!row) throw notFound('Team', id);
    return toTeam(row);
  }

  r.get('/', async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const query = visibleTeams(ctx.db, currentUser(req)).select(cols).orderBy(['partner_id', 'name', 'id']);
    if (q.partnerId) query.where('partner_id', q.partnerId);
    if (q.q) query.whereILike('name', `%${likeText(q.q)}%`);
    res.json(await fetchPage(query, q, toTeam));
  });

  r.get('/:id', async (req, res) => {
    res.json(await findTeam(ctx.db, req, parseId(req.params.id)));
  });

  r.post('/', async (req, res) => {
    const user = currentUser(req);
    if (user.role === 'bureau') throw forbidden('Teams are managed by their partner.');
    const body = await parseAll(Create, req.body, references);
    const partnerId = ownPartner(user, body.partnerId);
    if (partnerId === undefined) throw invalidField('partnerId', 'required');
    const created = await ctx.db.transaction(async (trx) => {
      const [row] = await trx('teams').insert(toColumns({ ...body, partnerId })).returning(cols);
      const team = toTeam(row);
      await recordAudit(trx, { entity: 'team', entityId: team.id, action: 'create', userId: user.id, after: team });
      return team;
    });
    res.status(201).location(`/api/teams/${created.id}`).json(created);
  });

  r.patch('/:id', async (req, res) => {
    const user = currentUser(req);
    if (user.role === 'bureau') throw forbidden('Teams are managed by their partner.');
    const id = parseId(req.params.id);
    const body = await parseAll(Patch, req.body, references);
    const updated = await ctx.db.transaction(async (trx) => {
      const before = await findTeam(trx, req, id);
      const partnerId = ownPartner(user, body.partnerId);
      const [row] = await trx('teams')
        .where({ id })
        .update({ ...toColumns({ ...body, partnerId }), updated_at: trx.fn.now() })
        .returning(cols);
      const after = toTeam(row);
      await recordAudit(trx, { entity: 'team', entityId: id, action: 'update', userId: user.id, before, after });
      return after;
    });
    res.json(updated);
  });

  return r;
}
