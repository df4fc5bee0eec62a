import { Router } from 'express';
import { allow, currentUser } from '../auth/guard.js';
import type { AppContext } from '../context.js';
import { parse } from '../http/validate.js';
import { currentMonth } from '../months.js';
import { PosterQuery, posters } from './poster.js';

/** /api/posters (what the printed 公示 of a unit or a township carries) — DOMAIN.md "Villagers' voice". */
export function posterRoutes(ctx: AppContext): Router {
  const r = Router();
  const zone = ctx.config.timezone;

  r.get('/', allow('admin', 'bureau', 'partner'), async (req, res) => {
    const q = parse(PosterQuery, req.query, 'query');
    const c = { db: ctx.db, user: currentUser(req), zone, origin: `${req.protocol}://${req.host}` };
    res.json(await posters(c, q, q.month ?? currentMonth(zone, ctx.config.now())));
  });

  return r;
}
