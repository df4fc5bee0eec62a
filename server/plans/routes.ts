import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { checkKey } from '../http/idempotency.js';
import { parse } from '../http/validate.js';
import { currentMonth } from '../months.js';
import { planSchemas } from './schemas.js';
import { runsheet } from './runsheet.js';
import { acceptPlan, draftPlan, type PlanContext } from './service.js';

export function planRoutes(ctx: AppContext): Router {
  const r = Router();
  const zone = ctx.config.timezone;
  const { Draft, Accept, RunsheetQuery } = planSchemas(zone);
  const context = (req: Request): PlanContext => ({ db: ctx.db, user: currentUser(req), zone, now: ctx.config.now(), coverage: ctx.coverage, evidence: ctx.config.evidence, longFilmMinutes: ctx.config.evidence.longFilmMinutes });

  // Drafting stores nothing: the bureau may look at what a plan would be; accepting is planning.
  r.post('/draft', allow('admin', 'bureau', 'partner'), async (req, res) => {
    res.json(await draftPlan(context(req), parse(Draft, req.body)));
  });

  r.post('/accept', allow('admin', 'partner'), async (req, res) => {
    const key = checkKey(req.get('idempotency-key'));
    const answer = await acceptPlan(context(req), parse(Accept, req.body), key, req.body);
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(answer.status).json(answer.body);
  });

  r.get('/runsheet', async (req, res) => {
    const q = parse(RunsheetQuery, req.query, 'query');
    const c = context(req);
    res.json(await runsheet(c, q.teamId, q.month ?? currentMonth(zone, c.now)));
  });

  return r;
}
