import { Router } from 'express';
import type { AppContext } from '../context.js';

/** /api/posters (what the printed 公示 of a unit or a township carries) — DOMAIN.md "Villagers' voice". */
export function posterRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
