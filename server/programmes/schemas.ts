import { z } from 'zod';
import { groupLevels } from '../areas/schemas.js';
import { id } from '../http/validate.js';
import { monthSchema } from '../months.js';

/** The years a target may be set for (the table's check: 2000..2100). */
export const TARGET_YEARS = { min: 2000, max: 2100 } as const;

/** A year in a path or a query: digits only, 2000..2100. */
export const targetYear = z.preprocess(
  (v) => (typeof v === 'string' && /^[0-9]{1,6}$/.test(v) ? Number(v) : v),
  z.number({ error: 'must be a year from 2000 to 2100' }).int('must be a year from 2000 to 2100').min(TARGET_YEARS.min, 'must be a year from 2000 to 2100').max(TARGET_YEARS.max, 'must be a year from 2000 to 2100'),
);

export const TargetPath = z.object({ id, year: targetYear });

/** A share: 0..1, or null to clear the area's own setting (it then inherits). */
const share = z.number({ error: 'must be a number from 0 to 1, or null' }).min(0, 'must be a number from 0 to 1, or null').max(1, 'must be a number from 0 to 1, or null').nullable().optional();

/** PUT /api/areas/:id/targets/:year: either share, or both; a share left out keeps its setting. */
export const TargetsBody = z.strictObject({ scienceShare: share, newFilmShare: share });
export type TargetsPatch = z.output<typeof TargetsBody>;

const format = z.enum(['json', 'csv', 'xlsx'], { error: 'must be json, csv or xlsx' }).default('json');

/** /api/reports/programme: a month or a year (not both; neither: the current month), an area, a grouping, a format. */
export const ProgrammeReportQuery = z
  .object({
    month: monthSchema.optional(),
    year: targetYear.optional(),
    areaId: id.optional(),
    groupBy: z.enum(groupLevels, { error: 'must be province, prefecture, county or township' }).optional(),
    format,
  })
  .superRefine((q, ctx) => {
    if (q.month !== undefined && q.year !== undefined) ctx.addIssue({ code: 'custom', path: ['year'], message: 'give month or year, not both' });
  });
export type ProgrammeReportQ = z.output<typeof ProgrammeReportQuery>;
