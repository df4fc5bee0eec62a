import { Router } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { parseId } from '../http/validate.js';
import { rotateVillageLink, villageLink } from './link.js';

/** GET/POST /api/villages/:id/link (a unit's village page link; POST rotates it) — DOMAIN.md "Villagers' voice". */
export function villageLinkRoutes(ctx: AppContext): Router {
  const r = Router();
  // Those who work the county; the projectionist is refused before (server/auth/confine.ts).
  const workers = allow('admin', 'bureau', 'partner');
  // The origin as the confirmation link's (server/screenings/evidence-routes.ts): the address asked, under TRUST_PROXY.
  const origin = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}`;

  r.get('/:id/link', workers, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await villageLink(ctx.db, currentUser(req), parseId(req.params.id), origin(req)));
  });

  r.post('/:id/link', workers, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await rotateVillageLink(ctx.db, currentUser(req), parseId(req.params.id), origin(req)));
  });

  return r;
}
