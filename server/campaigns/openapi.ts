import { levels } from '../../domain/units.js';
import { areaLevels, groupLevels } from '../areas/schemas.js';
import { enumOf, idParam, integer, monthPattern, nullable, object, page, pagingParams, problem, query, read, record, ref, remove, write, type ApiPieceOf, type Schema } from '../openapi/build.js';
import { MAX_CAMPAIGN_FILMS } from './schemas.js';

const month = { type: 'string', pattern: monthPattern };
const counts = { units: integer, covered: integer, gap: integer, coverage: { type: 'number', minimum: 0, maximum: 1, description: 'covered / units (0 without units)' } };
const areaRef = object({ id: integer, name: { type: 'string' }, level: enumOf(areaLevels) });
const level = query('level', enumOf(levels, { default: 'administrative' }), 'which villages are units; at the administrative level a natural village counts for its parent');
const area = query(
  'areaId',
  integer,
  'an area overlapping the campaign\'s (inside it, or holding it): counts the campaign\'s units in it; an area the reader may not see, or outside the campaign\'s, is a 404. Default: the narrower of the campaign\'s area and the reader\'s own',
);
const body = (required: string[]): Schema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    filmIds: { type: 'array', minItems: 1, maxItems: MAX_CAMPAIGN_FILMS, uniqueItems: true, items: integer, description: 'existing films, each once; a bad one is named filmIds.N' },
    from: { ...month, description: 'the first month of the span (county zone)' },
    to: { ...month, description: 'the last month of the span, inclusive; not before from (else 400 naming to)' },
    areaId: { ...nullable(integer), description: 'the campaign\'s area; null: the whole deployment (an admin\'s or an unscoped bureau user\'s only). A bureau user with an area names an area inside its own (else 400 naming areaId)' },
  },
});

export const campaignApi: ApiPieceOf = () => ({
  paths: {
    '/api/campaigns': {
      get: {
        operationId: 'listCampaigns',
        tags: ['campaigns'],
        ...read('Campaigns touching the reader\'s scope: a bureau user with an area those whose area contains or lies inside its own, a partner holding contracts those whose area holds one of its counties; both also those of the whole deployment (areaId null). Newest span first.', page('Campaign'), [
          query('month', month, 'only the campaigns running that month (from ≤ month ≤ to)'),
          query('areaId', integer, 'only the campaigns whose area contains or lies inside this area (a campaign of the whole deployment contains every area)'),
          ...pagingParams,
        ]),
      },
      post: { operationId: 'createCampaign', tags: ['campaigns'], ...write('Create a campaign (admin; bureau inside its area). Audit-logged.', body(['name', 'filmIds', 'from', 'to', 'areaId']), '201', ref('Campaign')) },
    },
    '/api/campaigns/{id}': {
      get: { operationId: 'getCampaign', tags: ['campaigns'], ...read('One campaign', ref('Campaign'), [idParam], { '404': problem('Unknown id, or a campaign not touching the reader\'s scope') }) },
      patch: {
        operationId: 'updateCampaign',
        tags: ['campaigns'],
        parameters: [idParam],
        ...write('Change a campaign (admin; bureau: one whose area lies inside its own, else 404). Audit-logged.', body([]), '200', ref('Campaign'), { '404': problem('Unknown id, or not the writer\'s') }),
      },
      delete: { operationId: 'deleteCampaign', tags: ['campaigns'], ...remove('Delete a campaign (admin; bureau: one whose area lies inside its own, else 404). Audit-logged.') },
    },
    '/api/campaigns/{id}/coverage': {
      get: {
        operationId: 'getCampaignCoverage',
        tags: ['campaigns'],
        ...read(
          'The campaign\'s coverage over its span: a unit is covered when one of its completed, not rejected screenings starting in the span (from the first instant of `from` to the first instant of the month after `to`, in the county zone) has a campaign film in its programme. Units: those of the campaign\'s area (and the reader\'s scope) not retired at the span\'s first instant. Totals are the sum of the groups, at every groupBy.',
          ref('CampaignCoverage'),
          [idParam, area, query('groupBy', enumOf(groupLevels), 'a level below the area (else 400); default: the level just below it'), level],
          { '404': problem('Unknown campaign or area for this reader, or an area outside the campaign\'s') },
        ),
      },
    },
    '/api/campaigns/{id}/coverage/statuses': {
      get: {
        operationId: 'getCampaignStatuses',
        tags: ['campaigns'],
        ...read(
          'For the map: one letter a village, in the order GET /api/coverage/units lists them for the same areaId and level — c: covered for the campaign, g: not yet, -: no unit of the campaign (outside its area or the reader\'s scope, retired before its span); `version` is /units\' own.',
          object({ campaignId: integer, level: enumOf(levels), version: { type: 'string' }, statuses: { type: 'string', pattern: '^[cg-]*$' } }),
          [idParam, query('areaId', integer, 'the area whose units are listed (as /api/coverage/units); 404 when the reader may not see it'), level],
          { '404': problem('Unknown campaign or area for this reader') },
        ),
      },
    },
  },
  schemas: {
    Campaign: record({
      name: { type: 'string' },
      filmIds: { type: 'array', items: integer },
      films: { type: 'array', items: object({ id: integer, title: { type: 'string' }, category: { type: 'string' } }) },
      from: month,
      to: month,
      areaId: nullable(integer),
      area: { oneOf: [areaRef, { type: 'null' }] },
      createdBy: nullable(integer),
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    }),
    CampaignCoverage: object(
      {
        campaign: object({ id: integer, name: { type: 'string' }, from: month, to: month, areaId: nullable(integer) }),
        level: enumOf(levels),
        area: { oneOf: [areaRef, { type: 'null' }] },
        groupBy: enumOf(groupLevels),
        totals: object(counts),
        groups: { type: 'array', items: object({ id: nullable(integer), code: nullable({ type: 'string' }), name: { type: 'string' }, level: enumOf(groupLevels), ...counts }) },
      },
      { required: ['campaign', 'area', 'groupBy', 'totals', 'groups'] },
    ),
  },
});

