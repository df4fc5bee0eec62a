import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import type { Caller } from '../auth/user.js';
import { parse, parseId } from '../http/validate.js';
import { ReportPatch, ReportsQuery } from './bureau-schemas.js';
import { findReport, handleReport, listReports } from './reports.js';

/** /api/villager-reports (the villagers' problem reports, and the bureau's handling) — DOMAIN.md "Villagers' voice". */
export function villagerReportRoutes(ctx: AppContext): Router {
  const r = Router();
  const caller = (req: Request): Caller => ({ db: ctx.db, user: currentUser(req), zone: ctx.config.timezone });
  r.get('/', allow('admin', 'bureau', 'partner'), async (req, res) => {
    res.json(await listReports(caller(req), parse(ReportsQuery, req.query, 'query')));
  });
  r.get('/:id', allow('admin', 'bureau', 'partner'), async (req, res) => {
    res.json(await findReport(caller(req), parseId(req.params.id)));
  });
  r.patch('/:id', allow('admin', 'bureau'), async (req, res) => {
    const id = parseId(req.params.id);
    res.json(await handleReport(caller(req), id, parse(ReportPatch, req.body)));
  });
  return r;
}
