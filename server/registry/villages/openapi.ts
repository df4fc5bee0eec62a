import { countyTime, idParam, nullable, page, pagingParams, problem, query, read, ref, remove, write, type ApiPieceOf } from '../../openapi/build.js';
import { kinds } from './schemas.js';

export const villageApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/villages': {
      get: {
        tags: ['registry'],
        ...read('Villages', page('Village'), [
          query('townshipId', { type: 'integer' }),
          query('parentId', { type: 'integer' }, 'natural villages of this administrative village'),
          query('kind', { enum: [...kinds] }),
          query('q', { type: 'string' }, 'name contains, or code starts with'),
          query('retired', { enum: ['true', 'false', 'all'], default: 'all' }, 'retired villages are listed unless retired=false'),
          ...pagingParams,
        ]),
      },
      post: { tags: ['registry'], ...write('Create a village (admin, bureau)', ref('NewVillage'), '201', ref('Village'), { '409': problem('Duplicate code') }) },
    },
    '/api/villages/{id}': {
      get: { tags: ['registry'], ...read('One village', ref('Village'), [idParam], { '404': problem('Unknown id') }) },
      patch: {
        tags: ['registry'],
        parameters: [idParam],
        ...write('Change a village (admin, bureau). Setting kind=administrative drops the parent.', ref('VillagePatch'), '200', ref('Village'), {
          '404': problem('Unknown id'),
          '409': problem('Duplicate code, or an administrative village with natural villages may not become natural or move township'),
        }),
      },
      delete: { tags: ['registry'], ...remove('Delete a village nothing refers to (admin, bureau); retire it instead to keep history') },
    },
  },
  schemas: {
    Village: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        townshipId: { type: 'integer' },
        townshipName: { type: 'string' },
        kind: { enum: [...kinds] },
        parentId: { type: ['integer', 'null'] },
        code: { type: ['string', 'null'] },
        lat: { type: 'number' },
        lng: { type: 'number' },
        positionApproximate: { type: 'boolean', description: 'true for guessed positions (the demo county); replace with surveyed ones' },
        retiredAt: nullable(countyTime(config)),
      },
    },
    NewVillage: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'townshipId', 'kind', 'lat', 'lng'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        townshipId: { type: 'integer' },
        kind: { enum: [...kinds] },
        parentId: { type: ['integer', 'null'], description: 'required for natural (an administrative village of the same township); none for administrative' },
        code: { type: ['string', 'null'], pattern: '^[0-9]{12}$', description: 'unique when given' },
        lat: { type: 'number', minimum: -90, maximum: 90 },
        lng: { type: 'number', minimum: -180, maximum: 180 },
        positionApproximate: { type: 'boolean', default: false },
        retiredAt: { ...nullable(countyTime(config)), description: "a unit of month M unless retiredAt is at or before M's first instant" },
      },
    },
    VillagePatch: { $ref: '#/components/schemas/NewVillage', required: [] },
  },
});
