import { Router } from 'express';
import type { AppContext } from '../context.js';

/** /api/villager-reports (the villagers' problem reports, and the bureau's handling) — DOMAIN.md "Villagers' voice". */
export function villagerReportRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
