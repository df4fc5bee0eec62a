import { Router } from 'express';
import type { AppContext } from '../context.js';

/** GET /api/public/villages/:token and the villagers' requests and reports (no sign-in) — DOMAIN.md "Villagers' voice". */
export function publicVoiceRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
