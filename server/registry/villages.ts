import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { recordAudit } from '../audit/log.js';
import { currentUser, writableBy } from '../auth/guard.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { formatTime, timeSchema } from '../months.js';
import { paging } from '../http/paging.js';
import { notFound } from '../http/problem.js';
import { id, likeText, optionalText, parse, parseAll, parseId, requiredText } from '../http/validate.js';
import { unknownIds } from '../db/references.js';
import { checkVillageShape } from './villageRules.js';

const kinds = ['administrative', 'natural'] as const;

function schemas(zone: string) {
  const fields = {
    name: requiredText(100),
    townshipId: id,
    kind: z.enum(kinds, { error: 'must be administrative or natural' }),
    parentId: id.nullish().transform((v) => v ?? null),
    code: optionalText(12).pipe(z.string().regex(/^\d{12}$/, 'must be 12 digits').nullable()),
    lat: z.number({ error: 'must be a number' }).min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
    lng: z.number({ error: 'must be a number' }).min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
    positionApproximate: z.boolean().default(false),
    retiredAt: timeSchema(zone).nullish().transform((v) => v ?? null),
  };
  return {
    Create: z.strictObject(fields),
    Patch: z.strictObject({ ...fields, positionApproximate: z.boolean() }).partial(),
    ListQuery: z.object({
      townshipId: id.optional(),
      parentId: id.optional(),
      kind: z.enum(kinds, { error: 'must be administrative or natural' }).optional(),
      q: z.string().trim().max(100).optional(),
      retired: z.enum(['true', 'false', 'all'], { error: 'must be true, false or all' }).default('all'),
      ...paging,
    }),
  };
}

const columns = ['v.id', 'v.name', 'v.township_id', 't.name as township_name', 'v.kind', 'v.parent_id', 'v.code', 'v.lat', 'v.lng', 'v.position_approximate', 'v.retired_at'];

interface Row {
  id: number;
  name: string;
  township_id: number;
  township_name: string;
  kind: (typeof kinds)[number];
  parent_id: number | null;
  code: string | null;
  lat: number;
  lng: number;
  position_approximate: boolean;
  retired_at: Date | null;
}

export function villageMapper(zone: string) {
  return (r: Row) => ({
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

const select = (db: Db) => db('villages as v').join('townships as t', 't.id', 'v.township_id').select(columns);

export function villageRoutes(ctx: AppContext): Router {
  const r = Router();
  const { Create, Patch, ListQuery } = schemas(ctx.config.timezone);
  const toVillage = villageMapper(ctx.config.timezone);

  async function findVillage(db: Db, id: number) {
    const row = await select(db).where('v.id', id).first();
    if (!row) throw notFound('Village', id);
    return toVillage(row);
  }

  const references = (body: Record<string, unknown>) =>
    unknownIds(ctx.db, body, { townshipId: ['townships', 'no such township'], parentId: ['villages', 'no such village'] });

  r.use(writableBy('admin', 'bureau'));

  r.get('/', async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const query = select(ctx.db).orderBy([{ column: 'v.code', nulls: 'last' }, 'v.name', 'v.id']);
    if (q.townshipId) query.where('v.township_id', q.townshipId);
    if (q.parentId) query.where('v.parent_id', q.parentId);
    if (q.kind) query.where('v.kind', q.kind);
    if (q.retired === 'true') query.whereNotNull('v.retired_at');
    if (q.retired === 'false') query.whereNull('v.retired_at');
    if (q.q) {
      const text = likeText(q.q);
      query.where((w) => w.whereILike('v.name', `%${text}%`).orWhere('v.code', 'like', `${text}%`));
    }
    res.json(await fetchPage(query, q, toVillage));
  });

  r.get('/:id', async (req, res) => {
    res.json(await findVillage(ctx.db, parseId(req.params.id)));
  });

  r.post('/', async (req, res) => {
    const body = await parseAll(Create, req.body, references);
    const created = await ctx.db.transaction(async (trx) => {
      await checkVillageShape(trx, body);
      const [{ id }] = await trx('villages').insert(toColumns(body)).returning('id');
      const village = await findVillage(trx, id);
      await recordAudit(trx, { entity: 'village', entityId: id, action: 'create', userId: currentUser(req).id, after: village });
      return village;
    });
    res.status(201).location(`/api/villages/${created.id}`).json(created);
  });

  r.patch('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const body = await parseAll(Patch, req.body, references);
    const updated = await ctx.db.transaction(async (trx) => {
      // Lock the row: two edits of one village's parent or kind must not interleave.
      await trx('villages').where({ id }).forUpdate().first('id');
      const before = await findVillage(trx, id);
      const next = {
        kind: body.kind ?? before.kind,
        townshipId: body.townshipId ?? before.townshipId,
        // Turning administrative drops the parent unless the client sent one (which is then refused).
        parentId: body.parentId !== undefined ? body.parentId : body.kind === 'administrative' ? null : before.parentId,
      };
      await checkVillageShape(trx, next, id);
      await trx('villages').where({ id }).update({ ...toColumns({ ...body, ...next }), updated_at: trx.fn.now() });
      const after = await findVillage(trx, id);
      await recordAudit(trx, { entity: 'village', entityId: id, action: 'update', userId: currentUser(req).id, before, after });
      return after;
    });
    res.json(updated);
  });

  r.delete('/:id', async (req, res) => {
    const id = parseId(req.params.id);
    await ctx.db.transaction(async (trx) => {
      const before = await findVillage(trx, id);
      await trx('villages').where({ id }).delete();
      await recordAudit(trx, { entity: 'village', entityId: id, action: 'delete', userId: currentUser(req).id, before });
    });
    res.status(204).end();
  });

  return r;
}

function toColumns(v: Partial<z.output<ReturnType<typeof schemas>['Create']>>) {
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
