import { idParam, page, pagingParams, problem, read, record, ref, text, write, type ApiPieceOf } from '../../openapi/build.js';

export const partnerApi: ApiPieceOf = () => ({
  paths: {
    '/api/partners': {
      get: { operationId: 'listPartners', tags: ['registry'], ...read('Partners (a partner sees only itself)', page('Partner'), pagingParams) },
      post: { operationId: 'createPartner', tags: ['registry'], ...write('Create a partner (admin, bureau)', ref('NewPartner'), '201', ref('Partner'), { '409': problem('Name taken') }) },
    },
    '/api/partners/{id}': {
      get: { operationId: 'getPartner', tags: ['registry'], ...read('One partner', ref('Partner'), [idParam], { '404': problem('Unknown id') }) },
      patch: { operationId: 'updatePartner', tags: ['registry'], parameters: [idParam], ...write('Rename a partner (admin, bureau)', ref('NewPartner'), '200', ref('Partner'), { '404': problem('Unknown id'), '409': problem('Name taken') }) },
    },
  },
  schemas: {
    Partner: record({ name: text }),
    NewPartner: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 } } },
  },
});
