import { Router } from 'express';
import { villageVisible } from '../areas/scope.js';
import { currentUser } from '../auth/guard.js';
import type { AppContext } from '../context.js';
import { sendTables, wantsCsv } from '../http/csv.js';
import { notFound } from '../http/problem.js';
import { parse, parseId } from '../http/validate.js';
import { monthOrCurrent } from '../months.js';
import { unitDetail } from './detail.js';
import { gapTables, gapVillages } from './gaps.js';
import { AreasQuery, GapsQuery, StatusesQuery, SummaryQuery, UnitQuery, UnitsQuery, VillagesQuery, YearQuery } from './schemas.js';
import { sendsKept } from './send.js';
import { AnswerSpecs } from './specs.js';

/** /api/coverage: answers read off the server's one Coverage (./specs.ts), kept as bytes until they change (./cache.ts). */
export function coverageRoutes(ctx: AppContext): Router {
  const r = Router();
  const { coverage } = ctx;
  const specs = new AnswerSpecs(ctx);
  const sends = sendsKept(coverage);

  r.get('/', sends((req, query) => specs.summary(currentUser(req), parse(SummaryQuery, query, 'query'), wantsCsv(req, query))));
  r.get('/areas', sends((req, query) => specs.places(currentUser(req), parse(AreasQuery, query, 'query'))));
  r.get('/villages', sends((req, query) => specs.villages(currentUser(req), parse(VillagesQuery, query, 'query'), wantsCsv(req, query))));
  r.get('/year', sends((req, query) => specs.year(currentUser(req), parse(YearQuery, query, 'query'), wantsCsv(req, query))));
  r.get('/units', sends((req, query) => specs.units(currentUser(req), parse(UnitsQuery, query, 'query'))));
  r.get('/statuses', sends((req, query) => specs.statuses(currentUser(req), parse(StatusesQuery, query, 'query'))));

  /** The month's gap units to download, with when each was last shown a film (not kept: read afresh). */
  r.get('/gaps', async (req, res) => {
    const q = parse(GapsQuery, req.query, 'query');
    const { name, title, body } = await gapVillages(ctx, currentUser(req), q);
    await sendTables(res, q.format, name, body, () => gapTables(body), { title, zone: ctx.config.timezone });
  });

  /** The map's popup: one unit's status and screenings in the month (not kept: read afresh). */
  r.get('/villages/:id', async (req, res) => {
    const q = parse(UnitQuery, req.query, 'query');
    const now = ctx.config.now();
    const detail = await unitDetail(ctx.db, coverage, parseId(req.params.id), monthOrCurrent(q.month, ctx.config.timezone, now), now, q.level, ctx.config.timezone);
    if (!detail || !(await villageVisible(ctx.db, currentUser(req), detail.id))) throw notFound('Unit', req.params.id);
    res.json(detail);
  });

  return r;
}
