import { Router } from 'express';
import type { AppContext } from '../context.js';

/** GET/PUT /api/areas/:id/settings (the supervision phone, inherited downward) — DOMAIN.md "Villagers' voice". */
export function areaSettingsRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
