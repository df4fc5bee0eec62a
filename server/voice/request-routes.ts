import { Router } from 'express';
import type { AppContext } from '../context.js';

/** GET /api/requests (the villagers' film requests, most requested first) — DOMAIN.md "Villagers' voice". */
export function requestRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
