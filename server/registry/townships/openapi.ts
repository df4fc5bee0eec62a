import { idParam, nullableInteger, page, pagingParams, problem, query, read, record, ref, remove, text, write, type ApiPieceOf } from '../../openapi/build.js';

export const townshipApi: ApiPieceOf = () => ({
  paths: {
    '/api/townships': {
      get: {
        operationId: 'listTownships',
        tags: ['registry'],
        ...read('Townships (a scoped user: those in its counties)', page('Township'), [query('q', text, 'name contains, or code starts with'), query('countyId', { type: 'integer', minimum: 1 }, 'the townships of this county'), ...pagingParams]),
      },
      post: { operationId: 'createTownship', tags: ['registry'], ...write('Create a township (admin, bureau)', ref('NewTownship'), '201', ref('Township'), { '409': problem('Duplicate code') }) },
    },
    '/api/townships/{id}': {
      get: { operationId: 'getTownship', tags: ['registry'], ...read('One township', ref('Township'), [idParam], { '404': problem('Unknown id') }) },
      patch: { operationId: 'updateTownship', tags: ['registry'], parameters: [idParam], ...write('Change a township (admin, bureau)', ref('TownshipPatch'), '200', ref('Township'), { '404': problem('Unknown id'), '409': problem('Duplicate code') }) },
      delete: { operationId: 'deleteTownship', tags: ['registry'], ...remove('Delete a township without villages (admin, bureau)') },
    },
  },
  schemas: {
    Township: record({ name: text, code: { type: ['string', 'null'], pattern: '^[0-9]{9}$' }, countyId: nullableInteger }),
    NewTownship: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        code: { type: ['string', 'null'], pattern: '^[0-9]{9}$', description: 'unique' },
        countyId: { type: ['integer', 'null'], description: 'its county (an area of level county); required of a scoped bureau user, inside its area' },
      },
    },
    TownshipPatch: { $ref: '#/components/schemas/NewTownship', required: [] },
  },
});
