import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { parse, parseId } from '../http/validate.js';
import { acceptAll, decide, recheckMonth, reviewQueue } from './review.js';
import { evidenceSchemas } from './schemas.js';
import { addFix, type EvidenceContext } from './service.js';

// The evidence routes (DOMAIN.md "Evidence and verification"), in the routers app.ts mounts:
// under /api/screenings (fix, review) and /api/review.

function context(ctx: AppContext) {
  return (req: Request): EvidenceContext => ({
    db: ctx.db,
    user: currentUser(req),
    zone: ctx.config.timezone,
    now: ctx.config.now(),
    evidence: ctx.config.evidence,
  });
}

const schemas = (ctx: AppContext) => evidenceSchemas(ctx.config.timezone, () => ctx.config.now().toMillis());
// The phone reports; the bureau reviews.
const reporters = allow('admin', 'partner');
const reviewers = allow('admin', 'bureau');

/** /api/screenings/:id/… (signed in, JSON). */
export function screeningEvidenceRoutes(ctx: AppContext): Router {
  const r = Router();
  const { Fix, Review } = schemas(ctx);
  const c = context(ctx);

  r.post('/:id/fix', reporters, async (req, res) => {
    const id = parseId(req.params.id);
    const fix = await addFix(c(req), id, parse(Fix, req.body));
    res.status(201).json(fix);
  });

  r.post('/:id/review', reviewers, async (req, res) => {
    const id = parseId(req.params.id);
    const body = parse(Review, req.body);
    res.json(await decide({ ...c(req), now: ctx.config.now().toJSDate() }, id, body));
  });

  return r;
}

/** /api/review: the queue, a bulk accept, a month checked again. */
export function reviewRoutes(ctx: AppContext): Router {
  const r = Router();
  const { ReviewQuery, Accept, Recheck } = schemas(ctx);
  const zone = ctx.config.timezone;

  r.get('/', async (req, res) => {
    res.json(await reviewQueue({ db: ctx.db, user: currentUser(req), zone }, parse(ReviewQuery, req.query, 'query')));
  });

  r.post('/accept', reviewers, async (req, res) => {
    const body = parse(Accept, req.body);
    res.json(await acceptAll({ db: ctx.db, user: currentUser(req), zone, now: ctx.config.now().toJSDate() }, body.ids, body.reason));
  });

  r.post('/recheck', reviewers, async (req, res) => {
    const { month } = parse(Recheck, req.body);
    res.json(await recheckMonth(ctx.db, zone, month, ctx.config.evidence));
  });

  return r;
}
