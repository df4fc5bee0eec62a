import { unitStatuses } from '../../domain/status.js';
import { levels } from '../../domain/units.js';
import { areaLevels, groupLevels } from '../areas/schemas.js';
import { common, enumOf, idParam, integer, json, monthParam as month, nullableInteger, nullableText, object, problem, query, read, ref, text, type ApiPieceOf, type Schema } from '../openapi/build.js';
import { MonthQuery } from './schemas.js';

const level = query('level', enumOf(levels, { default: 'administrative' }), 'administrative counts its natural villages\' screenings; natural counts natural villages only');
const township = query('townshipId', { type: 'integer', minimum: 1 }, 'only this township; an unknown id counts no units (an empty result, not a 400)');
const format = query('format', enumOf(MonthQuery.shape.format.unwrap().options), 'csv (UTF-8 with a BOM, for Excel), or send Accept: text/csv. Written as the pages show it: statuses and kinds in Chinese (已放映, 已排期, 逾期未报, 盲点; 行政村, 自然村), coverage as a whole percentage (46%), village codes as ="…" so Excel keeps them text. The JSON keeps coverage exact.');
const area = query('areaId', { type: 'integer', minimum: 1 }, 'only the units inside this province, prefecture or county (GET /api/areas). Default: a bureau user\'s own area, else the whole deployment. An area the user may not see (outside its area or contracts) is 404');
const groupBy = query(
  'groupBy',
  enumOf(groupLevels),
  'one row per area (or township) of this level inside areaId, in `groups` instead of `townships`; must lie below the area\'s level (400 otherwise). Every such area is a row, also one without units; totals are the sum of the rows. Units whose township lies in no county form one row with id null, only when the whole deployment is asked.',
);
const csv = { 'text/csv': { schema: { type: 'string' } } };
const status = enumOf(unitStatuses);
/** A unit's status in a month; null: not a unit that month. */
const statusOrNull = enumOf([...unitStatuses, null]);
// The coverage answers are kept by the server (server/coverage/cache.ts) and revalidated by ETag.
const ifNoneMatch = { name: 'If-None-Match', in: 'header', schema: { type: 'string' }, description: 'the ETag of an answer you hold: 304 while it is still the answer' };
const notModified = { '304': { description: 'Not modified: the answer you hold (If-None-Match) is still the answer' } };
const kept =
  ' Always current: the server keeps an answer only until a committed write to the registry or the screenings, or the start of a scheduled screening of the period, changes it. ETag names the bytes (If-None-Match → 304); gzip when accepted.';

const counts: Record<string, Schema> = {
  units: integer,
  covered: { type: 'integer', description: 'units with a completed screening the bureau has not rejected (a rejected one counts as nothing, like a cancelled one)' },
  planned: integer,
  overdue: integer,
  gap: integer,
  verified: { type: 'integer', description: 'units covered by a backed screening: verified by its evidence, or accepted by the bureau (≤ covered)' },
  coverage: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description:
      'covered / units, unrounded (0 when there are no units; the CSV shows a whole percentage). With COVERAGE_HEADLINE=verified the server counts verified / units instead; the default, reported, keeps DOMAIN.md\'s covered / units so that the figure does not drop while evidence is still arriving — verified stands beside it.',
  },
};

/** What every coverage summary opens with: the month, the zone it is counted in, the level, the area asked. */
const head: Record<string, Schema> = {
  month: text,
  timezone: text,
  level: enumOf(levels),
  area: { type: ['object', 'null'], properties: { id: integer, code: text, name: text, level: enumOf(areaLevels) }, description: 'null: the whole deployment' },
};

export const coverageApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/coverage': {
      get: {
        operationId: 'getCoverage',
        tags: ['coverage'],
        ...read(`Coverage of a month per township — or, with groupBy, per province, prefecture, county or township of an area — worst and best alike (months in ${config.timezone}). A scoped user (a bureau user with an area, a partner holding contracts) counts only its own counties.${kept}`, ref('Coverage'), [month, level, township, area, groupBy, format, ifNoneMatch]),
        responses: { '200': { description: 'OK', content: { ...json({ oneOf: [ref('Coverage'), ref('CoverageByArea')] }).content, ...csv } }, ...notModified, '400': problem('Bad month, level, township or groupBy'), '404': problem('No such area for this user'), ...common },
      },
    },
    '/api/coverage/villages': {
      get: {
        operationId: 'getCoverageVillages',
        tags: ['coverage'],
        summary: `Units of a month as GeoJSON points with their status (or CSV), by township and code.${kept}`,
        parameters: [month, level, township, area, query('status', status), format, ifNoneMatch],
        responses: { '200': { description: 'FeatureCollection', content: { 'application/geo+json': { schema: ref('CoverageFeatures') }, ...csv } }, ...notModified, '400': problem('Bad query'), ...common },
      },
    },
    '/api/coverage/gaps': {
      get: {
        operationId: 'getCoverageGaps',
        tags: ['coverage'],
        summary: `The month's gap units (nothing held, planned or overdue; a cancelled or rejected screening is nothing) inside the area and the user's scope, by township and code, with the start of each one's last completed screening before the month (not rejected; at the administrative level its natural villages' count). Read afresh, not kept.`,
        parameters: [month, level, township, area, query('format', enumOf(['json', 'csv', 'xlsx'], { default: 'json' }), 'csv: UTF-8 with a BOM, its first line the title (the county, as the reports name it, and the month), then a blank line, then one table headed in Chinese and English; the last screening as ISO 8601 with the county\'s offset (2026-10-03T19:00:00.000+08:00: what a script parses without guessing a zone, as the JSON says it). xlsx: one sheet, the title in its first row, the last screening a date cell of the county\'s wall clock (format yyyy-mm-dd hh:mm; Excel has no zones), village codes as text. Both are downloads (Content-Disposition) named after the county, the area\'s code if asked, the month and the level.')],
        responses: {
          '200': {
            description: 'OK',
            content: {
              ...json(object({
                month: text,
                timezone: text,
                level: enumOf(levels),
                place: { type: ['string', 'null'], description: 'the county the answer is of (or the area asked); null: several counties and no area' },
                items: { type: 'array', items: object({ id: integer, name: text, code: nullableText, townshipName: text, lastScreening: { type: ['string', 'null'], format: 'date-time', description: 'null: never shown a film before the month' } }) },
                total: integer,
              })).content,
              ...csv,
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            },
          },
          '400': problem('Bad month, level, township or format'),
          '404': problem('No such area for this user'),
          ...common,
        },
      },
    },
    '/api/coverage/villages/{id}': {
      get: { operationId: 'getCoverageVillage', tags: ['coverage'], ...read("One unit's month: status, its screenings (at the administrative level with its natural villages'), last completed one before the month", ref('UnitMonth'), [idParam, month, level], { '404': problem('No such unit at this level') }) },
    },
    '/api/coverage/year': {
      get: {
        operationId: 'getCoverageYear',
        tags: ['coverage'],
        summary: `Twelve months of coverage, and per unit the status of each month (null: not a unit that month).${kept}`,
        parameters: [query('year', { type: 'integer' }, 'default: the current year'), level, township, area, format, ifNoneMatch],
        responses: { '200': { description: 'OK', content: { ...json(ref('CoverageYear')).content, ...csv } }, ...notModified, '400': problem('Bad query'), ...common },
      },
    },
    '/api/coverage/units': {
      get: {
        operationId: 'getCoverageUnits',
        tags: ['coverage'],
        ...read('Every village of a level inside the area and the user\'s scope (retired ones too), columnar, ordered by id; version changes with any change to villages, townships or areas. Revalidate with If-None-Match (304).', ref('Units'), [level, area, ifNoneMatch], notModified),
      },
    },
    '/api/coverage/areas': {
      get: {
        operationId: 'getCoverageAreas',
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
        operationId: 'getCoverageStatuses',
        tags: ['coverage'],
        ...read(`One letter per unit in the order of /units for the same areaId: c covered, p planned, o overdue, g gap, - not a unit (retired, or outside townshipId); and beside it, \`verified\`, 1 where a backed screening (verified by its evidence, or accepted by the bureau) covers the unit, 0 where none does. Refetch /units when version differs.${kept}`, ref('Statuses'), [month, level, township, area, ifNoneMatch], notModified),
      },
    },
  },
  schemas: {
    CoverageByArea: object(
      {
        ...head,
        groupBy: enumOf(groupLevels),
        totals: object(counts, { description: 'the sum of the groups' }),
        groups: { type: 'array', items: object({ id: nullableInteger, code: nullableText, name: text, level: enumOf(groupLevels), ...counts }), description: 'by code' },
      },
      { required: ['month', 'level', 'groupBy', 'totals', 'groups'] },
    ),
    AreaPlaces: object({
      level: enumOf(levels),
      version: text,
      area: { type: ['object', 'null'] },
      path: { type: 'array', items: object({ id: integer, code: text, name: text, level: text }) },
      groupBy: enumOf(groupLevels),
      units: integer,
      groups: {
        type: 'array',
        items: object({
          id: nullableInteger,
          code: nullableText,
          name: text,
          level: text,
          units: integer,
          lat: { type: ['number', 'null'] },
          lng: { type: ['number', 'null'] },
          bounds: { type: ['array', 'null'], description: '[[south, west], [north, east]] of its units' },
        }),
      },
    }),
    Coverage: object({ ...head, totals: object(counts), townships: { type: 'array', items: object({ id: integer, name: text, ...counts }) } }, { required: ['month', 'level', 'totals', 'townships'] }),
    CoverageFeatures: object({
      type: { const: 'FeatureCollection' },
      features: {
        type: 'array',
        items: object({
          type: { const: 'Feature' },
          geometry: object({ type: { const: 'Point' }, coordinates: { type: 'array', items: { type: 'number' }, description: '[lng, lat]' } }),
          properties: object({
            id: integer,
            name: text,
            code: nullableText,
            townshipId: integer,
            townshipName: text,
            kind: text,
            status,
            screenings: { type: 'integer', description: 'screenings of the month that are not cancelled (nor rejected by the bureau)' },
            verified: { type: 'boolean', description: 'a backed screening (verified, or accepted) covers the unit' },
          }),
        }),
      },
    }),
    UnitMonth: object({
      id: integer,
      name: text,
      status: statusOrNull,
      screenings: {
        type: 'array',
        items: object({
          verification: { type: ['object', 'null'], description: "a completed screening's state (verified, flagged, unverified) and the bureau's decision (accepted, rejected, null)" },
          films: { type: 'array', items: { type: 'object' }, description: 'the programme in order: {id, title, category, minutes}; filmTitle is its first title' },
        }),
      },
      lastCompleted: { type: ['object', 'null'] },
    }),
    CoverageYear: object({
      year: integer,
      level: text,
      months: { type: 'array', items: object({ month: text, units: integer, covered: integer, verified: integer, coverage: { type: 'number' } }) },
      villages: { type: 'array', items: object({ id: integer, name: text, townshipId: integer, statuses: { type: 'array', minItems: 12, maxItems: 12, items: statusOrNull } }) },
    }),
    Units: object({ level: text, version: text, townships: { type: 'array', items: { type: 'object' } }, units: { type: 'object', description: 'columns id, name, code, townshipId, kind, lat, lng' } }),
    Statuses: object({ month: text, level: text, version: text, statuses: text, verified: { type: 'string', description: '1 or 0 per unit (- where none), in the order of statuses' } }),
  },
});
