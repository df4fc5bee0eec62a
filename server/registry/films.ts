import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { recordAudit } from '../audit/log.js';
import { currentUser, writableBy } from '../auth/guard.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { paging } from '../http/paging.js';
import { notFound } from '../http/problem.js';
import { likeText, parse, parseId, requiredText } from '../http/validate.js';

const categories = ['feature', 'science', 'other'] as const;
const fields = {
  title: requiredText(200),
  category: z.enum(categories, { error: 'must be feature, science or other' }),
  minutes: z
    .number({ error: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be between 1 and 1000')
    .max(1000, 'must be between 1 and 1000')
    .nullish()
    .transform((v) => v ?? null),
};
const Create = z.strictObject(fields);
const Patch = z.strictObject(fields).partial();
const ListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  category: z.enum(categories, { error: 'must be feature, science or other' }).optional(),
  ...paging,
});

interface Row {
  id: number;
  title: string;
  category: (typeof categories)[number];
  minutes: number | null;
}
const toFilm = (r: Row) => ({ id: r.id, title: r.title, category: r.category, minutes: r.minutes });
const cols = ['id', 'title', 'category', 'minutes'];

async function findFilm(db: Db, id: number) {
  const row: Row | undefined = await db('films').where({ id }).first(cols);
  if (!row) throw notFound('Film', id);
  return toFilm(row);
}

export function filmRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(writableBy('admin', 'bureau'));

  r.get('/', async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const query = ctx.db('films').select(cols).orderBy(['title', 'id']);
    if (q.q) query.whereILike('title', `%${likeText(q.q)}%`);
    if (q.category) query.where('category', q.category);
    res.json(await fetchPage(query, q, toFilm));
  });

  r.get('/:id', async (req, res) => {
    res.json(await findFilm(ctx.db, parseId(req.params.id)));
  });

  r.post('/', async (req, res) => {
    const body = parse(Create, req.body);
    const created = await ctx.db.transaction(async (trx) => {
      const [row] = await trx('films').insert(body).returning(cols);
      const film = toFilm(row);
      await recordAudit(trx, { entity: 'film', entityId: film.id, action: 'create', userId: currentUser(req).id, after: film });
      return film;
    });
    res.status(201).location(`/api/films/${created.id}`).json(created);
  });

  r.patch('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const body = parse(Patch, req.body);
    const updated = await ctx.db.transaction(async (trx) => {
      const before = await findFilm(trx, id);
      const [row] = await trx('films').where({ id }).update({ ...body, updated_at: trx.fn.now() }).returning(cols);
      const after = toFilm(row);
      await recordAudit(trx, { entity: 'film', entityId: id, action: 'update', userId: currentUser(req).id, before, after });
      return after;
    });
    res.json(updated);
  });

  return r;
}
