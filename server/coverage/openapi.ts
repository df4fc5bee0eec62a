import { common, idParam, json, monthParam as month, problem, query, read, ref, type ApiPieceOf, type Schema } from '../openapi/build.js';

const level = query('level', { enum: ['administrative', 'natural'], default: 'administrative' }, 'administrative counts its natural villages\' screenings; natural counts natural villages only');
const township = query('townshipId', { type: 'integer', minimum: 1 }, 'only this township; an unknown id counts no units (an empty result, not a 400)');
const format = query('format', { enum: ['json', 'csv'] }, 'csv (UTF-8 with a BOM, for Excel), or send Accept: text/csv. Written as the pages show it: statuses and kinds in Chinese (已放映, 已排期, 逾期未报, 盲点; 行政村, 自然村), coverage as a whole percentage (46%), village codes as ="…" so Excel keeps them text. The JSON keeps coverage exact.');
const area = query('areaId', { type: 'integer', minimum: 1 }, 'only the units inside this province, prefecture or county (GET /api/areas). Default: a bureau user\'s own area, else the whole deployment. An area the user may not see (outside its area or contracts) is 404');
const groupBy = query(
  'groupBy',
  { enum: ['province', 'prefecture', 'county', 'township'] },
  'one row per area (or township) of this level inside areaId, in `groups` instead of `townships`; must lie below the area\'s level (400 otherwise). Every such area is a row, also one without units; totals are the sum of the rows. Units whose township lies in no county form one row with id null, only when the whole deployment is asked.',
);
const csv = { 'text/csv': { schema: { type: 'string' } } };
const status = { enum: ['covered', 'planned', 'overdue', 'gap'] };
// The coverage answers are kept by the server (server/coverage/cache.ts) and revalidated by ETag.
const ifNoneMatch = { name: 'If-None-Match', in: 'header', schema: { type: 'string' }, description: 'the ETag of an answer you hold: 304 while it is still the answer' };
const notModified = { '304': { description: 'Not modified: the answer you hold (If-None-Match) is still the answer' } };
const kept =
  ' Always current: the server keeps an answer only until a committed write to the registry or the screenings, or the start of a scheduled screening of the period, changes it. ETag names the bytes (If-None-Match → 304); gzip when accepted.';

const counts: Record<string, Schema> = {
  units: { type: 'integer' },
  covered: { type: 'integer', description: 'units with a completed screening the bureau has not rejected (a rejected one counts as nothing, like a cancelled one)' },
  planned: { type: 'integer' },
  overdue: { type: 'integer' },
  gap: { type: 'integer' },
  verified: { type: 'integer', description: 'units covered by a backed screening: verified by its evidence, or accepted by the bureau (≤ covered)' },
  coverage: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description:
      'covered / units, unrounded (0 when there are no units; the CSV shows a whole percentage). With COVERAGE_HEADLINE=verified the server counts verified / units instead; the default, reported, keeps DOMAIN.md\'s covered / units so that the figure does not drop while evidence is still arriving — verified stands beside it.',
  },
};

export const coverageApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/coverage': {
      get: {
        tags: ['coverage'],
        ...read(`Coverage of a month per township — or, with groupBy, per province, prefecture, county or township of an area — worst and best alike (months in ${config.timezone}). A scoped user (a bureau user with an area, a partner holding contracts) counts only its own counties.${kept}`, ref('Coverage'), [month, level, township, area, groupBy, format, ifNoneMatch]),
        responses: { '200': { description: 'OK', content: { ...json({ oneOf: [ref('Coverage'), ref('CoverageByArea')] }).content, ...csv } }, ...notModified, '400': problem('Bad month, level, township or groupBy'), '404': problem('No such area for this user'), ...common },
      },
    },
    '/api/coverage/villages': {
      get: {
        tags: ['coverage'],
        summary: `Units of a month as GeoJSON points with their status (or CSV), by township and code.${kept}`,
        parameters: [month, level, township, area, query('status', status), format, ifNoneMatch],
        responses: { '200': { description: 'FeatureCollection', content: { 'application/geo+json': { schema: ref('CoverageFeatures') }, ...csv } }, ...notModified, '400': problem('Bad query'), ...common },
      },
    },
    '/api/coverage/villages/{id}': {
      get: { tags: ['coverage'], ...read("One unit's month: status, its screenings (at the administrative level with its natural villages'), last completed one before the month", ref('UnitMonth'), [idParam, month, level], { '404': problem('No such unit at this level') }) },
    },
    '/api/coverage/year': {
      get: {
        tags: ['coverage'],
        summary: `Twelve months of coverage, and per unit the status of each month (null: not a unit that month).${kept}`,
        parameters: [query('year', { type: 'integer' }, 'default: the current year'), level, township, area, format, ifNoneMatch],
        responses: { '200': { description: 'OK', content: { ...json(ref('CoverageYear')).content, ...csv } }, ...notModified, '400': problem('Bad query'), ...common },
      },
    },
    '/api/coverage/units': {
      get: {
        tags: ['coverage'],
        ...read('Every village of a level inside the area and the user\'s scope (retired ones too), columnar, ordered by id; version changes with any change to villages, townships or areas. Revalidate with If-None-Match (304).', ref('Units'), [level, area, ifNoneMatch], notModified),
      },
    },
    '/api/coverage/areas': {
      get: {
        tags: ['coverage'],
        ...read(
          'Where the children of an area lie, for a drill-down map: per child area (or township) its units, the mean position of its units and their bounds; the path from the user\'s root to the area (the breadcrumb). No month: it changes only with the registry, so a map fetches it once per area and then only the counts (GET /api/coverage?groupBy) when the month changes. groupBy defaults to the level below the area (below the whole deployment: its provinces, or its townships when it has no areas).',
          ref('AreaPlaces'),
          [level, area, groupBy, ifNoneMatch],
          { ...notModified, '404': problem('No such area for this user') },
        ),
      },
    },
    '/api/coverage/statuses': {
      get: {
        tags: ['coverage'],
        ...read(`One letter per unit in the order of /units for the same areaId: c covered, p planned, o overdue, g gap, - not a unit (retired, or outside townshipId); and beside it, \`verified\`, 1 where a backed screening (verified by its evidence, or accepted by the bureau) covers the unit, 0 where none does. Refetch /units when version differs.${kept}`, ref('Statuses'), [month, level, township, area, ifNoneMatch], notModified),
      },
    },
  },
  schemas: {
    CoverageByArea: {
      type: 'object',
      properties: {
        month: { type: 'string' },
        timezone: { type: 'string' },
        level: { enum: ['administrative', 'natural'] },
        area: { type: ['object', 'null'], properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, level: { enum: ['province', 'prefecture', 'county'] } }, description: 'null: the whole deployment' },
        groupBy: { enum: ['province', 'prefecture', 'county', 'township'] },
        totals: { type: 'object', properties: counts, description: 'the sum of the groups' },
        groups: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: ['integer', 'null'] }, code: { type: ['string', 'null'] }, name: { type: 'string' }, level: { enum: ['province', 'prefecture', 'county', 'township'] }, ...counts } },
          description: 'by code',
        },
      },
    },
    AreaPlaces: {
      type: 'object',
      properties: {
        level: { enum: ['administrative', 'natural'] },
        version: { type: 'string' },
        area: { type: ['object', 'null'] },
        path: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } } },
        groupBy: { enum: ['province', 'prefecture', 'county', 'township'] },
        units: { type: 'integer' },
        groups: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: ['integer', 'null'] },
              code: { type: ['string', 'null'] },
              name: { type: 'string' },
              level: { type: 'string' },
              units: { type: 'integer' },
              lat: { type: ['number', 'null'] },
              lng: { type: ['number', 'null'] },
              bounds: { type: ['array', 'null'], description: '[[south, west], [north, east]] of its units' },
            },
          },
        },
      },
    },
    Coverage: {
      type: 'object',
      properties: {
        month: { type: 'string' },
        timezone: { type: 'string' },
        level: { enum: ['administrative', 'natural'] },
        totals: { type: 'object', properties: counts },
        townships: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, ...counts } } },
      },
    },
    CoverageFeatures: {
      type: 'object',
      properties: {
        type: { const: 'FeatureCollection' },
        features: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              type: { const: 'Feature' },
              geometry: { type: 'object', properties: { type: { const: 'Point' }, coordinates: { type: 'array', items: { type: 'number' }, description: '[lng, lat]' } } },
              properties: {
                type: 'object',
                properties: { id: { type: 'integer' }, name: { type: 'string' }, code: { type: ['string', 'null'] }, townshipId: { type: 'integer' }, townshipName: { type: 'string' }, kind: { type: 'string' }, status: { enum: ['covered', 'planned', 'overdue', 'gap'] }, screenings: { type: 'integer', description: 'screenings of the month that are not cancelled (nor rejected by the bureau)' }, verified: { type: 'boolean', description: 'a backed screening (verified, or accepted) covers the unit' } },
              },
            },
          },
        },
      },
    },
    UnitMonth: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, status: { enum: ['covered', 'planned', 'overdue', 'gap', null] }, screenings: { type: 'array', items: { type: 'object', properties: { verification: { type: ['object', 'null'], description: "a completed screening's state (verified, flagged, unverified) and the bureau's decision (accepted, rejected, null)" } } } }, lastCompleted: { type: ['object', 'null'] } } },
    CoverageYear: {
      type: 'object',
      properties: {
        year: { type: 'integer' },
        level: { type: 'string' },
        months: { type: 'array', items: { type: 'object', properties: { month: { type: 'string' }, units: { type: 'integer' }, covered: { type: 'integer' }, verified: { type: 'integer' }, coverage: { type: 'number' } } } },
        villages: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, townshipId: { type: 'integer' }, statuses: { type: 'array', minItems: 12, maxItems: 12, items: { enum: ['covered', 'planned', 'overdue', 'gap', null] } } } } },
      },
    },
    Units: { type: 'object', properties: { level: { type: 'string' }, version: { type: 'string' }, townships: { type: 'array', items: { type: 'object' } }, units: { type: 'object', description: 'columns id, name, code, townshipId, kind, lat, lng' } } },
    Statuses: { type: 'object', properties: { month: { type: 'string' }, level: { type: 'string' }, version: { type: 'string' }, statuses: { type: 'string' }, verified: { type: 'string', description: '1 or 0 per unit (- where none), in the order of statuses' } } },
  },
});
