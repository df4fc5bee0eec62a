import { Router, type Request } from 'express';
import { shiftMonth } from '../../domain/months.js';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { invalidField } from '../http/problem.js';
import { parse } from '../http/validate.js';
import { currentMonth } from '../months.js';
import { PeriodsQuery, StepBody, StepPath } from './schemas.js';
import { listPeriods, takeStep, type PeriodContext } from './service.js';

/** GET /api/periods and POST /api/periods/:countyId/:month/:action — DOMAIN.md "Periods and settlement". */
export function periodRoutes(ctx: AppContext): Router {
  const r = Router();
  const context = (req: Request): PeriodContext => ({ db: ctx.db, user: currentUser(req), zone: ctx.config.timezone, now: ctx.config.now(), levels: ctx.config.approvalLevels });
  r.get('/', allow('admin', 'bureau', 'partner'), async (req, res) => {
    const c = context(req);
    const q = parse(PeriodsQuery, req.query, 'query');
    res.json(await listPeriods(c, { ...q, month: q.month ?? shiftMonth(currentMonth(c.zone, c.now), -1) }));
  });
  r.post('/:countyId/:month/:action', allow('admin', 'bureau', 'partner'), async (req, res) => {
    const { countyId, month, action } = parse(StepPath, req.params, 'path parameter');
    const { reason = null } = parse(StepBody, req.body ?? {});
    if ((action === 'return' || action === 'reopen') && !reason) throw invalidField('reason', `required to ${action} a month`);
    res.json(await takeStep(context(req), countyId, month, action, reason));
  });
  return r;
}
