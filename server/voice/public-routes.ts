import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../context.js';
import { deviceOf } from '../evidence/confirmations.js';
import { setDeviceCookie } from '../evidence/routes.js';
import { JSON_TYPES, jsonBody } from '../http/body.js';
import { HttpError } from '../http/problem.js';
import { rateLimit } from '../http/rateLimit.js';
import { parse } from '../http/validate.js';
import { VILLAGER_BODY_BYTES, VillagerReport, VillagerRequest } from './public-schemas.js';
import { reportProblem, requestFilms, villagePage, type VoiceContext } from './public.js';

// The village page's routes (DOMAIN.md "Villagers' voice"), no sign-in (a public router, like the
// confirmations): a write from any origin is fine, as no session rides on it. A phone is the
// confirmations' device cookie (film2131_device, path /api: one phone to both).

const small = express.json({ limit: VILLAGER_BODY_BYTES, type: JSON_TYPES, strict: false });

/** JSON or nothing (jsonBody's 415 otherwise), at most VILLAGER_BODY_BYTES. */
function villagerBody(req: Request, res: Response, next: NextFunction): void {
  if (req.headers['transfer-encoding'] === undefined && !(Number(req.headers['content-length'] ?? 0) > 0)) return next();
  if (!req.is(JSON_TYPES)) return jsonBody(req, res, next);
  small(req, res, (err?: { type?: string }) => next(err?.type === 'entity.too.large' ? new HttpError(413, 'A village page sends at most 4 KB of JSON.') : err));
}

export function publicVoiceRoutes(ctx: AppContext): Router {
  const r = Router();
  const now = () => ctx.config.now().toMillis();
  const c = (): VoiceContext => ({ db: ctx.db, zone: ctx.config.timezone, now: now(), evidence: ctx.config.evidence });
  const phone = (req: Request, res: Response) => {
    const device = deviceOf(req.get('cookie'));
    if (device.fresh) setDeviceCookie(res, device.id, ctx.config.cookieSecure);
    return device.id;
  };
  // Counted before anything is read, refused or not: guessing tokens costs the same; a 429 stores nothing.
  const limited = (bucket: string, limit: { max: number; windowMs: number }) => async (req: Request, _res: Response, next: NextFunction) => {
    await rateLimit(ctx.db, bucket, req.ip ?? '', limit, now());
    next();
  };

  r.get('/villages/:token', async (req, res) => {
    const page = await villagePage(c(), String(req.params.token), phone(req, res));
    res.setHeader('Cache-Control', 'no-store');
    res.json(page);
  });

  r.post('/villages/:token/requests', limited('villager_request', ctx.config.requestRate), villagerBody, async (req, res) => {
    const body = parse(VillagerRequest, req.body);
    const answer = await requestFilms(c(), String(req.params.token), phone(req, res), body);
    res.setHeader('Cache-Control', 'no-store');
    res.status(answer.status).json(answer.body);
  });

  r.post('/villages/:token/reports', limited('villager_report', ctx.config.reportRate), villagerBody, async (req, res) => {
    const body = parse(VillagerReport, req.body);
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(await reportProblem(c(), String(req.params.token), body));
  });

  return r;
}
