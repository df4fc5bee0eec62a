import { Router } from 'express';
import type { AppContext } from '../context.js';

/** GET/POST /api/villages/:id/link (a unit's village page link; POST rotates it) — DOMAIN.md "Villagers' voice". */
export function villageLinkRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
