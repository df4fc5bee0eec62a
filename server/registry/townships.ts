import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { recordAudit } from '../audit/log.js';
import { currentUser, writableBy } from '../auth/guard.js';
import { fetchPage } from '../db/page.js';
import { paging } from '../http/paging.js';
import { notFound } from '../http/problem.js';
import { likeText, optionalText, parse, parseId, requiredText } from '../http/validate.js';
import type { Db } from '../db/index.js';

const fields = {
  name: requiredText(100),
  code: optionalText(9).pipe(z.string().regex(/^\d{9}$/, 'must be 9 digits').nullable()),
};
const Create = z.strictObject(fields);
const Patch = z.strictObject(fields).partial();
const ListQuery = z.object({ q: z.string().trim().max(100).optional(), ...paging });

interface Row {
  id: number;
  name: string;
  code: string | null;
}
const toTownship = (r: Row) => ({ id: r.id, name: r.name, code: r.code });

async function findTownship(db: Db, id: number) {
  const row = await db<Row>('townships').where({ id }).first('id', 'name', 'code');
  if (!row) throw notFound('Township', id);
  return toTownship(row);
}

export function townshipRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(writableBy('admin', 'bureau'));

  r.get('/', async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const query = ctx.db('townships').select('id', 'name', 'code').orderBy([{ column: 'code', nulls: 'last' }, 'name', 'id']);
    if (q.q) {
      const text = likeText(q.q);
      query.where((w) => w.whereILike('name', `%${text}%`).orWhere('code', 'like', `${text}%`));
    }
    res.json(await fetchPage(query, q, toTownship));
  });

  r.get('/:id', async (req, res) => {
    res.json(await findTownship(ctx.db, parseId(req.params.id)));
  });

  r.post('/', async (req, res) => {
    const body = parse(Create, req.body);
    const created = await ctx.db.transaction(async (trx) => {
      const [row] = await trx('townships').insert(body).returning(['id', 'name', 'code']);
      const township = toTownship(row);
      await recordAudit(trx, { entity: 'township', entityId: township.id, action: 'create', userId: currentUser(req).id, after: township });
      return township;
    });
    res.status(201).location(`/api/townships/${created.id}`).json(created);
  });

  r.patch('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const body = parse(Patch, req.body);
    const updated = await ctx.db.transaction(async (trx) => {
      const before = await findTownship(trx, id);
      const [row] = await trx('townships').where({ id }).update({ ...body, updated_at: trx.fn.now() }).returning(['id', 'name', 'code']);
      const after = toTownship(row);
      await recordAudit(trx, { entity: 'township', entityId: id, action: 'update', userId: currentUser(req).id, before, after });
      return after;
    });
    res.json(updated);
  });

  r.delete('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    await ctx.db.transaction(async (trx) => {
      const before = await findTownship(trx, id);
      await trx('townships').where({ id }).delete();
      await recordAudit(trx, { entity: 'township', entityId: id, action: 'delete', userId: currentUser(req).id, before });
    });
    res.status(204).end();
  });

  return r;
}
