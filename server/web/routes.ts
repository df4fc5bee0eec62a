import { Router } from 'express';
import type { AppContext } from '../context.js';

/** What the pages need to know of the server's configuration; public, nothing secret in it. */
export function webRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/app-config.json', (_req, res) => {
    res.json({ timezone: ctx.config.timezone, tileUrl: ctx.config.tiles.url, tileAttribution: ctx.config.tiles.attribution });
  });
  return r;
}
