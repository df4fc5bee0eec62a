import { groupLevels } from '../areas/schemas.js';
import { common, enumOf, problem, query, type Schema } from '../openapi/build.js';
import type { Config } from '../config.js';

// issue 22 progress: GET /api/reports/progress in the OpenAPI document (./openapi.ts spreads it in).

const int = { type: 'integer' };
const rate = (what: string): Schema => ({ type: ['number', 'null'], minimum: 0, description: what });

export function progressPaths(config: Config) {
  const late = config.evidence.lateReportHours;
  const figures: Record<string, Schema> = {
    units: { ...int, description: 'administrative units (the 2131 promise) of the group, not retired before the year began' },
    expected: { type: 'number', description: "what should have been held by now: Σ units × annualPlanPerUnit (each county's, inherited: GET /api/areas/:id/settings) × elapsedShare; two decimals" },
    held: { ...int, description: 'unit-months held: a unit\'s month counts once when a completed screening not rejected by the bureau starts in it (the coverage "covered"); a second screening in the same unit and month does not add' },
    progress: rate('held / expected (may pass 1); null while nothing is expected (a future year, 1 January, no units)'),
    completed: { ...int, description: 'completed screenings of the year (rejected ones too) starting in the group' },
    onTime: { ...int, description: `those reported within LATE_REPORT_HOURS (${late} h) of their start; one with no report time (a bulk load) is not late` },
    onTimeRate: rate('onTime / completed; null without a completed screening'),
    roundScreenings: { ...int, description: "completed screenings of the year's payment rounds (each county's paymentRound: month, quarter or half) that have begun: ended, or the current one" },
    bunched: { ...int, description: 'those starting in the last 5 days (county zone) of their round' },
    bunchingShare: rate('bunched / roundScreenings (突击放映); null without one'),
  };
  const body: Schema = {
    type: 'object',
    required: ['year', 'asOf', 'area', 'groupBy', 'totals', 'groups'],
    properties: {
      year: int,
      asOf: { type: 'string', description: 'the moment the figures are of, ISO 8601 with the county offset' },
      timezone: { type: 'string' },
      elapsedDays: { ...int, description: 'whole days of the year before today in the county zone (a past year: all of them; a future year: 0); today does not count' },
      daysInYear: { ...int, description: '365, or 366 in a leap year' },
      elapsedShare: { type: 'number', minimum: 0, maximum: 1, description: 'elapsedDays / daysInYear: where 100% of the plan should stand by now' },
      lateReportHours: int,
      bunchingDays: int,
      area: { type: ['object', 'null'], properties: { id: int, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } },
      place: { type: ['string', 'null'] },
      groupBy: enumOf(groupLevels),
      totals: { type: 'object', properties: figures, description: 'the sums over the groups' },
      groups: {
        type: 'array',
        description: 'every area (or township) of the groupBy level inside the area and scope, also one with no units; worst first: lowest progress first, those with nothing expected last, then by code',
        items: { type: 'object', properties: { id: { type: ['integer', 'null'] }, code: { type: ['string', 'null'] }, name: { type: 'string' }, level: enumOf(groupLevels), ...figures } },
      },
    },
  };
  return {
    '/api/reports/progress': {
      get: {
        operationId: 'getProgressReport',
        tags: ['reports'],
        summary: `Progress of the year (序时进度; admin, bureau; DOMAIN.md "Periods and settlement"): per group of units inside the area, what should have been held by now against what was, the on-time report rate and the bunching share. Year and days in ${config.timezone}.`,
        parameters: [
          query('year', { type: 'integer', minimum: 1970, maximum: 2999 }, 'default: the current year in the county zone'),
          query('areaId', { type: 'integer', minimum: 1 }, "only this province, prefecture or county. Default: a bureau user's own area, else the whole deployment. An area the user may not see is 404"),
          query('groupBy', enumOf(groupLevels), "the level of the groups; must lie below the area's (400 naming groupBy). Default: the level just below the area (the deployment's provinces)"),
          query('format', enumOf(['json', 'csv', 'xlsx'], { default: 'json' }), 'csv or xlsx: one table 序时进度, Chinese headers, rates as percentages'),
        ],
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': { schema: body },
              'text/csv': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            },
          },
          '400': problem('Bad year, groupBy or format'),
          ...common,
          '404': problem('No such area for this user'),
        },
      },
    },
  };
}
