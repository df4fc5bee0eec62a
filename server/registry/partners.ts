import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { recordAudit } from '../audit/log.js';
import { currentUser, writableBy } from '../auth/guard.js';
import { fetchPage } from '../db/page.js';
import { paging } from '../http/paging.js';
import { notFound } from '../http/problem.js';
import { parse, parseId, requiredText } from '../http/validate.js';

const Create = z.strictObject({ name: requiredText(200) });
const ListQuery = z.object({ ...paging });

const toPartner = (r: { id: number; name: string }) => ({ id: r.id, name: r.name });

export function partnerRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(writableBy('admin', 'bureau'));

  // A partner sees its own company only; the list of competitors is the bureau's business.
  const visible = (req: Parameters<typeof currentUser>[0]) => {
    const user = currentUser(req);
    const query = ctx.db('partners').select('id', 'name');
    if (user.role === 'partner') query.where('id', user.partnerId);
    return query;
  };

  r.get('/', async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    res.json(await fetchPage(visible(req).orderBy('name'), q, toPartner));
  });

  r.get('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const row = await visible(req).where({ id }).first();
    if (!row) throw notFound('Partner', id);
    res.json(toPartner(row));
  });

  r.post('/', async (req, res) => {
    const body = parse(Create, req.body);
    const created = await ctx.db.transaction(async (trx) => {
      const [row] = await trx('partners').insert(body).returning(['id', 'name']);
      const partner = toPartner(row);
      await recordAudit(trx, { entity: 'partner', entityId: partner.id, action: 'create', userId: currentUser(req).id, after: partner });
      return partner;
    });
    res.status(201).location(`/api/partners/${created.id}`).json(created);
  });

  return r;
}
