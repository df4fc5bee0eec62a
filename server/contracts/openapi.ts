import { idParam, integer, monthPattern, page, pagingParams, problem, query, read, record, ref, remove, write, type ApiPieceOf } from '../openapi/build.js';

const month = { type: 'string', pattern: monthPattern };

export const contractApi: ApiPieceOf = () => ({
  paths: {
    '/api/contracts': {
      get: {
        operationId: 'listContracts',
        tags: ['areas'],
        ...read('Contracts: which partner works which county in which months. A partner sees its own; a bureau user with an area those of its counties.', page('Contract'), [
          query('partnerId', { type: 'integer', minimum: 1 }),
          query('countyId', { type: 'integer', minimum: 1 }),
          ...pagingParams,
        ]),
      },
      post: {
        operationId: 'createContract',
        tags: ['areas'],
        ...write(
          'Create a contract (admin, bureau in its own counties). A partner holding contracts sees the registry of their counties only, and plans a screening only in a county and month one of them covers (400 on villageId otherwise); a partner holding none works the whole deployment, as a single county runs.',
          ref('NewContract'),
          '201',
          ref('Contract'),
          { '409': problem('Overlaps another contract of the same partner for the same county') },
        ),
      },
    },
    '/api/contracts/{id}': {
      get: { operationId: 'getContract', tags: ['areas'], ...read('One contract', ref('Contract'), [idParam], { '404': problem('Unknown id') }) },
      patch: { operationId: 'updateContract', tags: ['areas'], parameters: [idParam], ...write('Move a contract\'s period (admin, bureau)', ref('ContractPatch'), '200', ref('Contract'), { '404': problem('Unknown id'), '409': problem('Overlap') }) },
      delete: { operationId: 'deleteContract', tags: ['areas'], ...remove('Delete a contract (admin, bureau)') },
    },
  },
  schemas: {
    Contract: record({ partnerId: integer, countyId: integer, from: month, to: { ...month, type: ['string', 'null'] } }),
    NewContract: {
      type: 'object',
      additionalProperties: false,
      required: ['partnerId', 'countyId', 'from'],
      properties: {
        partnerId: { type: 'integer' },
        countyId: { type: 'integer', description: 'an area of level county' },
        from: { ...month, description: 'first month (county zone)' },
        to: { ...month, type: ['string', 'null'], description: 'last month, inclusive; null or absent: open-ended' },
      },
    },
    ContractPatch: { type: 'object', additionalProperties: false, properties: { from: month, to: { ...month, type: ['string', 'null'] } } },
  },
});
