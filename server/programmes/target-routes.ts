import { Router } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { parse } from '../http/validate.js';
import { TargetPath, TargetsBody } from './schemas.js';
import { readTargets, writeTargets } from './target-service.js';

/** /api/areas/:id/targets/:year (DOMAIN.md "Targets"): everyone in scope reads; the admin and the bureau (inside its area) write. */
export function targetRoutes(ctx: AppContext): Router {
  const r = Router();
  const caller = (req: Parameters<typeof currentUser>[0]) => ({ db: ctx.db, user: currentUser(req), zone: ctx.config.timezone });
  r.get('/:id/targets/:year', async (req, res) => {
    const p = parse(TargetPath, req.params, 'path parameter');
    res.json(await readTargets(caller(req), p.id, p.year));
  });
  r.put('/:id/targets/:year', allow('admin', 'bureau'), async (req, res) => {
    const p = parse(TargetPath, req.params, 'path parameter');
    const body = parse(TargetsBody, req.body);
    res.json(await writeTargets(caller(req), p.id, p.year, body));
  });
  return r;
}
