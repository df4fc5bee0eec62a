import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.js';
import { jsonBody } from '../http/body.js';
import { rateLimit } from '../http/rateLimit.js';
import { parse } from '../http/validate.js';
import { confirm, confirmationView, DEVICE_COOKIE, deviceOf } from './confirmations.js';
import { evidenceSchemas } from './schemas.js';

// The villagers' routes (DOMAIN.md "Evidence and verification"): their confirmation of a screening
// through its QR link. The routes of the screening's own evidence and review are
// server/screenings/evidence-routes.ts.

/** A year, for the villagers' routes (/api/confirmations and /api/public: one phone to both); the page is ours, so SameSite=Lax carries it. */
export function setDeviceCookie(res: Response, id: string, secure: boolean): void {
  res.cookie(DEVICE_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure, path: '/api', maxAge: 365 * 24 * 3_600_000 });
}

/**
 * /api/confirmations/:token: the villagers' page's data and their confirmation, no sign-in (a
 * public router, like the calendar feed): a write from any origin is fine, as no session rides on it.
 */
export function confirmationRoutes(ctx: AppContext): Router {
  const r = Router();
  const { Confirmation } = evidenceSchemas(ctx.config.timezone, () => ctx.config.now().toMillis());
  const zone = ctx.config.timezone;
  const now = () => ctx.config.now().toMillis();
  const phone = (req: Request, res: Response) => {
    const device = deviceOf(req.get('cookie'));
    if (device.fresh) setDeviceCookie(res, device.id, ctx.config.cookieSecure);
    return device.id;
  };

  r.get('/:token', async (req, res) => {
    const view = await confirmationView(ctx.db, zone, String(req.params.token), phone(req, res), now());
    res.setHeader('Cache-Control', 'no-store');
    res.json(view);
  });

  r.post(
    '/:token',
    async (req, _res, next) => {
      // Counted before anything is read, refused or not: guessing tokens costs the same.
      await rateLimit(ctx.db, 'confirm', req.ip ?? '', ctx.config.confirmRate, now());
      next();
    },
    jsonBody,
    async (req, res) => {
      // An empty body is a confirmation without a rating or a comment.
      const body = parse(Confirmation, req.body ?? {});
      res.status(201).json(await confirm(ctx.db, zone, String(req.params.token), body, phone(req, res), now()));
    },
  );

  return r;
}
