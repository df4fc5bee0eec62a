import { idParam, integer, nullable, object, problem, text, type ApiPieceOf, type Schema } from '../openapi/build.js';
import { TARGET_YEARS } from './schemas.js';

const share = (what: string): Schema => ({
  ...object({
    value: { type: ['number', 'null'], minimum: 0, maximum: 1, description: `the effective ${what} (0..1); null: none set on the area nor above it` },
    areaId: { type: ['integer', 'null'], description: 'the area whose setting it is: the area itself, or the nearest one above that sets it; null: none' },
    areaName: nullable(text),
  }),
  required: ['value', 'areaId', 'areaName'],
});

/** The effective targets of an area for a year, each share inherited on its own (DOMAIN.md "Targets"). */
export const effectiveTargetsSchema: Schema = {
  ...object({
    scienceShare: share('share of qualifying completed screenings whose programme holds a science film'),
    newFilmShare: share('share of qualifying completed screenings whose programme holds a film of the year or the year before'),
  }),
  required: ['scienceShare', 'newFilmShare'],
};

const answer: Schema = { ...object({ year: integer, areaId: integer, ...(effectiveTargetsSchema.properties as Record<string, Schema>) }), required: ['year', 'areaId', 'scienceShare', 'newFilmShare'] };
const yearParam = { name: 'year', in: 'path', required: true, schema: { type: 'integer', minimum: TARGET_YEARS.min, maximum: TARGET_YEARS.max }, description: `${TARGET_YEARS.min}..${TARGET_YEARS.max}; anything else is a 400 naming year` };
const shareBody = { type: ['number', 'null'], minimum: 0, maximum: 1 };

export const targetApi: ApiPieceOf = () => ({
  paths: {
    '/api/areas/{id}/targets/{year}': {
      get: {
        operationId: 'getAreaTargets',
        tags: ['areas'],
        summary:
          "An area's effective targets for a year (DOMAIN.md \"Targets\"): each share its own setting, else the nearest area's above it (county ← prefecture ← province), else null; `areaId` says where each comes from. Anyone who may see the area (a bureau user inside its area, a partner the areas holding its counties); outside it 404.",
        parameters: [idParam, yearParam],
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: answer } } }, '400': problem('A bad id or year'), '401': problem('Not signed in'), '403': problem('A projectionist'), '404': problem('No such area for this user') },
      },
      put: {
        operationId: 'updateAreaTargets',
        tags: ['areas'],
        summary:
          "Set an area's own targets for a year (admin; a bureau user inside its area, outside it 404; a partner 403). Each share 0..1, or null to clear it (the area then inherits it); a share left out keeps its setting. Answers the effective targets as GET does. Audit-logged as the area's change (`after.targets`).",
        parameters: [idParam, yearParam],
        requestBody: { required: true, content: { 'application/json': { schema: { ...object({ scienceShare: shareBody, newFilmShare: shareBody }), additionalProperties: false } } } },
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: answer } } },
          '400': problem('A share outside 0..1 (or not a number), an unknown field, a bad id or year: one `errors` entry per bad field'),
          '401': problem('Not signed in'),
          '403': problem('A partner or a projectionist (or a cookie-borne write from another origin)'),
          '404': problem('No such area for this user'),
        },
      },
    },
  },
});
