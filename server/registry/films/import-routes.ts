import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { allow, currentUser } from '../../auth/guard.js';
import { flag, formatOf, refuseBody } from '../../imports/routes.js';
import { parse } from '../../http/validate.js';
import { importFilms } from './import.js';
import { filmService } from './service.js';

const Query = z.object({ dryRun: flag });

/** POST /api/films/import: mounted before the JSON parser (server/app.ts rawBodyRouters), so the body is read here, as a stream. */
export function filmImportRoutes(ctx: AppContext): Router {
  const r = Router();
  const films = filmService(ctx.config.timezone);
  r.post('/', allow('admin', 'bureau'), async (req, res) => {
    const q = parse(Query, req.query, 'query');
    refuseBody(req);
    const caller = { db: ctx.db, user: currentUser(req), zone: ctx.config.timezone };
    res.json(await importFilms(caller, films, req, { format: formatOf(req, false), dryRun: q.dryRun }));
  });
  return r;
}
