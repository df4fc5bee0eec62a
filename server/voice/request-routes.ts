import { Router } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { parse } from '../http/validate.js';
import { RequestsQuery } from './bureau-schemas.js';
import { listRequests } from './requests.js';

/** GET /api/requests (the villagers' film requests, most requested first) — DOMAIN.md "Villagers' voice". */
export function requestRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/', allow('admin', 'bureau', 'partner'), async (req, res) => {
    const caller = { db: ctx.db, user: currentUser(req), zone: ctx.config.timezone };
    res.json(await listRequests(caller, parse(RequestsQuery, req.query, 'query'), ctx.config.now()));
  });
  return r;
}
