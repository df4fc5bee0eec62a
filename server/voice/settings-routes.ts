import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import type { Caller } from '../auth/user.js';
import { parse } from '../http/validate.js';
import { SettingsBody, SettingsPath } from './bureau-schemas.js';
import { readSettings, writeSettings } from './settings-service.js';

/**
 * GET/PUT /api/areas/:id/settings (the supervision phone and the money settings, each inherited
 * downward) — DOMAIN.md "Villagers' voice" and "Periods and settlement". Mounted before the areas' own router, whose guard lets only the admin write.
 */
export function areaSettingsRoutes(ctx: AppContext): Router {
  const r = Router();
  // The deployment's rate, where no area up the chain sets one (SUBSIDY_PER_SCREENING_YUAN).
  const rateFen = Math.round(ctx.config.subsidyPerScreeningYuan * 100);
  const caller = (req: Request): Caller => ({ db: ctx.db, user: currentUser(req), zone: ctx.config.timezone });
  r.get('/:id/settings', async (req, res) => {
    res.json(await readSettings(caller(req), parse(SettingsPath, req.params, 'path parameter').id, rateFen));
  });
  r.put('/:id/settings', allow('admin', 'bureau'), async (req, res) => {
    const { id } = parse(SettingsPath, req.params, 'path parameter');
    res.json(await writeSettings(caller(req), id, parse(SettingsBody, req.body), rateFen));
  });
  return r;
}
