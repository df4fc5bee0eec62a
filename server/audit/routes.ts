import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { allow } from '../auth/guard.js';
import { fetchPage } from '../db/page.js';
import { paging } from '../http/paging.js';
import { id, parse } from '../http/validate.js';
import { formatTime } from '../months.js';

const entities = ['partner', 'township', 'village', 'team', 'film', 'user', 'screening'] as const;
const ListQuery = z.object({
  entity: z.enum(entities, { error: `must be one of ${entities.join(', ')}` }).optional(),
  id: id.optional(),
  userId: id.optional(),
  ...paging,
});

export function auditRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(allow('admin', 'bureau'));

  /** Newest first: who changed what, with the record before and after. */
  r.get('/', async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const query = ctx.db('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.user_id')
      .select('a.id', 'a.entity', 'a.entity_id', 'a.action', 'a.user_id', 'u.username', 'a.at', 'a.before', 'a.after')
      .orderBy('a.id', 'desc');
    if (q.entity) query.where('a.entity', q.entity);
    if (q.id) query.where('a.entity_id', q.id);
    if (q.userId) query.where('a.user_id', q.userId);
    res.json(
      await fetchPage(query, q, (r: Record<string, unknown>) => ({
        id: r.id,
        entity: r.entity,
        entityId: r.entity_id,
        action: r.action,
        user: r.user_id ? { id: r.user_id, username: r.username } : null,
        at: formatTime(r.at as Date, ctx.config.timezone),
        before: r.before,
        after: r.after,
      })),
    );
  });

  return r;
}
