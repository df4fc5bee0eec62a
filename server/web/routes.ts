import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { deploymentCounty } from '../areas/county.js';
import type { AppContext } from '../context.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** What the pages need to know of the server's configuration; public, nothing secret in it. */
export function webRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/app-config.json', async (_req, res) => {
    const { fixBeforeHours, fixAfterHours } = ctx.config.evidence;
    // The county's name for the pages' titles: the deployment's one county (server/areas/county.ts), or null.
    const county = await deploymentCounty(ctx.db);
    res.json({
      timezone: ctx.config.timezone,
      // The base map every map draws (server/tiles/presets.ts, web/src/shared/base-map.ts): its
      // layers, base first, and what the phone page keeps of it for use without signal.
      baseMap: { preset: ctx.config.tiles.preset, layers: ctx.config.tiles.layers, offline: ctx.config.tiles.offline },
      county,
      // The field page offers a position fix only while one can back a screening (the fix_time check).
      fixWindow: { beforeHours: fixBeforeHours, afterHours: fixAfterHours },
      // The plan's programme picker says whether a programme counts as one 场 (domain/programme.ts qualifies).
      longFilmMinutes: ctx.config.evidence.longFilmMinutes,
    });
  });
  // The field page's service worker: asked for again on every visit, so a new build reaches the phones.
  r.get('/sw.js', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').sendFile(path.join(dist, 'sw.js'));
  });
  // The villagers' confirmation page of a screening's QR code; the page reads its token from the path.
  r.get('/c/:token', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').sendFile(path.join(dist, 'confirm.html'));
  });
  // A unit's village page (DOMAIN.md "Villagers' voice"), no sign-in; the page reads its token from the path.
  r.get('/v/:token', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').sendFile(path.join(dist, 'village.html'));
  });
  return r;
}
