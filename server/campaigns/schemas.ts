import { z } from 'zod';
import { isMonth } from '../../domain/months.js';
import { levels } from '../../domain/units.js';
import { groupLevels } from '../areas/schemas.js';
import { paging } from '../http/paging.js';
import { id, requiredText } from '../http/validate.js';
import { monthSchema } from '../months.js';

/** At most this many films a campaign (the table's check says the same). */
export const MAX_CAMPAIGN_FILMS = 50;

/** 1..50 films, each named once: a repeat is named by its own index (filmIds.N). */
const filmIds = z
  .array(id, { error: 'must be a list of film ids' })
  .min(1, 'must name at least one film')
  .max(MAX_CAMPAIGN_FILMS, 'must name at most 50 films')
  .superRefine((ids, ctx) => {
    ids.forEach((v, i) => {
      if (ids.indexOf(v) !== i) ctx.addIssue({ code: 'custom', path: [i], message: 'names this film twice' });
    });
  });

const fields = {
  name: requiredText(200),
  filmIds,
  /** The first month of the span and the last, inclusive, in the county zone. */
  from: monthSchema,
  to: monthSchema,
  /** The area every unit of which should be shown a film; null: the whole deployment. */
  areaId: id.nullable(),
};

/** Only two months are compared: a bad one is named on its own. */
const spanInOrder = (c: { from?: string; to?: string }) => !isMonth(c.from) || !isMonth(c.to) || c.to >= c.from;
const span = { error: 'must be the from month or later', path: ['to'] };

export const campaignSchemas = {
  Create: z.strictObject(fields).refine(spanInOrder, span),
  Patch: z.strictObject(fields).partial().refine(spanInOrder, span),
  ListQuery: z.object({ month: monthSchema.optional(), areaId: id.optional(), ...paging }),
};

/** /api/campaigns/:id/coverage: inside the campaign's area, an area of it; grouped by a level below. */
export const CampaignCoverageQuery = z.object({
  areaId: id.optional(),
  groupBy: z.enum(groupLevels, { error: 'must be province, prefecture, county or township' }).optional(),
  level: z.enum(levels, { error: 'must be administrative or natural' }).default('administrative'),
});
/** /api/campaigns/:id/coverage/statuses: one letter a unit, in the order of /api/coverage/units for the same area. */
export const CampaignStatusesQuery = CampaignCoverageQuery.omit({ groupBy: true });

export type NewCampaign = z.output<typeof campaignSchemas.Create>;
export type CampaignPatch = z.output<typeof campaignSchemas.Patch>;
export type CampaignQuery = z.output<typeof campaignSchemas.ListQuery>;
export type CampaignCoverageQ = z.output<typeof CampaignCoverageQuery>;
