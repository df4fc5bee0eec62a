import type { Router } from 'express';
import type { AppContext } from '../context.js';
import { currentUser, writableBy } from '../auth/guard.js';
import { resourceRoutes } from '../http/resource.js';
import { parse, parseId } from '../http/validate.js';
import { campaignCoverage, campaignLetters } from './coverage.js';
import { CampaignCoverageQuery, campaignSchemas, CampaignStatusesQuery } from './schemas.js';
import { campaignReferences, campaigns, findCampaign } from './service.js';

/** /api/campaigns: the records (bureau in its area and admin write), and each one's coverage. */
export function campaignRoutes(ctx: AppContext): Router {
  const r = resourceRoutes(
    ctx,
    { path: '/api/campaigns', schemas: campaignSchemas, guard: writableBy('admin', 'bureau'), references: (db, user) => (body) => campaignReferences(db, user, body) },
    campaigns,
  );
  const zone = ctx.config.timezone;
  r.get('/:id/coverage', async (req, res) => {
    const user = currentUser(req);
    const campaign = await findCampaign(ctx.db, user, zone, parseId(req.params.id));
    res.json(await campaignCoverage(ctx.db, ctx.coverage, zone, user, campaign, parse(CampaignCoverageQuery, req.query, 'query')));
  });
  r.get('/:id/coverage/statuses', async (req, res) => {
    const user = currentUser(req);
    const campaign = await findCampaign(ctx.db, user, zone, parseId(req.params.id));
    res.json(await campaignLetters(ctx.db, ctx.coverage, zone, user, campaign, parse(CampaignStatusesQuery, req.query, 'query')));
  });
  return r;
}
