import { countyTime, enumOf, idParam, integer, nullable, nullableInteger, nullableText, page, pagingParams, problem, query, read, record, ref, remove, text, write, type ApiPieceOf } from '../../openapi/build.js';
import { kinds, villageSchemas } from './schemas.js';

export const villageApi: ApiPieceOf = (config) => {
  const retired = villageSchemas(config.timezone).ListQuery.shape.retired.unwrap().options;
  return {
    paths: {
      '/api/villages': {
        get: {
          operationId: 'listVillages',
          tags: ['registry'],
          ...read('Villages', page('Village'), [
            query('townshipId', integer),
            query('parentId', integer, 'natural villages of this administrative village'),
            query('kind', enumOf(kinds)),
            query('q', text, 'name contains, or code starts with'),
            query('retired', enumOf(retired, { default: 'all' }), 'retired villages are listed unless retired=false'),
            ...pagingParams,
          ]),
        },
        post: { operationId: 'createVillage', tags: ['registry'], ...write('Create a village (admin, bureau)', ref('NewVillage'), '201', ref('Village'), { '409': problem('Duplicate code') }) },
      },
      '/api/villages/{id}': {
        get: { operationId: 'getVillage', tags: ['registry'], ...read('One village', ref('Village'), [idParam], { '404': problem('Unknown id') }) },
        patch: {
          operationId: 'updateVillage',
          tags: ['registry'],
          parameters: [idParam],
          ...write('Change a village (admin, bureau). Setting kind=administrative drops the parent.', ref('VillagePatch'), '200', ref('Village'), {
            '404': problem('Unknown id'),
            '409': problem('Duplicate code, or an administrative village with natural villages may not become natural or move township'),
          }),
        },
        delete: { operationId: 'deleteVillage', tags: ['registry'], ...remove('Delete a village nothing refers to (admin, bureau); retire it instead to keep history') },
      },
    },
    schemas: {
      Village: record({
        name: text,
        townshipId: integer,
        townshipName: text,
        kind: enumOf(kinds),
        parentId: nullableInteger,
        code: nullableText,
        lat: { type: 'number' },
        lng: { type: 'number' },
        positionApproximate: { type: 'boolean', description: 'true for guessed positions (the demo county); replace with surveyed ones' },
        retiredAt: nullable(countyTime(config)),
      }),
      NewVillage: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'townshipId', 'kind', 'lat', 'lng'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          townshipId: integer,
          kind: enumOf(kinds),
          parentId: { type: ['integer', 'null'], description: 'required for natural (an administrative village of the same township); none for administrative. One outside the user\'s counties is no such village' },
          code: { type: ['string', 'null'], pattern: '^[0-9]{12}$', description: 'unique when given' },
          lat: { type: 'number', minimum: -90, maximum: 90 },
          lng: { type: 'number', minimum: -180, maximum: 180 },
          positionApproximate: { type: 'boolean', default: false },
          retiredAt: { ...nullable(countyTime(config)), description: "a unit of month M unless retiredAt is at or before M's first instant" },
        },
      },
      VillagePatch: { $ref: '#/components/schemas/NewVillage', required: [] },
    },
  };
};
