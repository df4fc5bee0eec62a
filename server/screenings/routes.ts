import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import { fetchPage } from '../db/page.js';
import { ifMatchOf, setVersionTag } from '../http/etag.js';
import { checkKey } from '../http/idempotency.js';
import { parse, parseId } from '../http/validate.js';
import { monthRange, whereInMonth } from '../months.js';
import { screeningMapper, selectScreenings } from './queries.js';
import { screeningSchemas } from './schemas.js';
import { changeOnce, type ScreeningContext } from './change.js';
import { createChange, deleteScreening, explainClash, getScreening, newState, updateScreening } from './service.js';

export function screeningRoutes(ctx: AppContext): Router {
  const r = Router();
  const zone = ctx.config.timezone;
  const { Create, Patch, ListQuery } = screeningSchemas(zone);
  const toScreening = screeningMapper(zone);
  const context = (req: Request): ScreeningContext => ({ db: ctx.db, user: currentUser(req), zone, now: ctx.config.now(), evidence: ctx.config.evidence });
  // The bureau watches; the partner (its own teams) and the admin plan and report; a projectionist
  // reports its own team's (the fields of a report only: service.ts updateScreening).
  const writers = allow('admin', 'partner');
  const reporters = allow('admin', 'partner', 'projectionist');

  r.get('/', async (req, res) => {
    const q = parse(ListQuery, req.query, 'query');
    const query = selectScreenings(ctx.db, context(req)).orderBy(['s.starts_at', 's.id']);
    if (q.month) whereInMonth(query, 's.starts_at', monthRange(q.month, zone));
    if (q.villageId) query.where('s.village_id', q.villageId);
    if (q.teamId) query.where('s.team_id', q.teamId);
    if (q.townshipId) query.where('v.township_id', q.townshipId);
    if (q.status) query.where('s.status', q.status);
    res.json(await fetchPage(query, q, toScreening));
  });

  r.get('/:id', async (req, res) => {
    const screening = await getScreening(context(req), parseId(req.params.id));
    setVersionTag(res, screening.version);
    res.json(screening);
  });

  r.post('/', writers, async (req, res) => {
    const c = context(req);
    const key = checkKey(req.get('idempotency-key'));
    const body = parse(Create, req.body);
    const answer = await explainClash(c, () => newState(body), undefined, () =>
      changeOnce(c, key, req.body, 201, (trx, changes) => changes.apply(trx, createChange(c, body))),
    );
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    setVersionTag(res, answer.body.version);
    res.status(answer.status).location(`/api/screenings/${answer.body.id}`).json(answer.body);
  });

  r.patch('/:id', reporters, async (req, res) => {
    const id = parseId(req.params.id);
    const body = parse(Patch, req.body);
    const updated = await updateScreening(context(req), ifMatchOf(req), id, body);
    setVersionTag(res, updated.version);
    res.json(updated);
  });

  r.delete('/:id', writers, async (req, res) => {
    await deleteScreening(context(req), ifMatchOf(req), parseId(req.params.id));
    res.status(204).end();
  });

  return r;
}
