import { Router } from 'express';
import type { AppContext } from '../context.js';

/** GET/POST /api/statements, GET /api/statements/:id — DOMAIN.md "Periods and settlement". */
export function statementRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
