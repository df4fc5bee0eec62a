import { idParam, page, pagingParams, problem, read, ref, write, type ApiPieceOf } from '../../openapi/build.js';

export const partnerApi: ApiPieceOf = () => ({
  paths: {
    '/api/partners': {
      get: { tags: ['registry'], ...read('Partners (a partner sees only itself)', page('Partner'), pagingParams) },
      post: { tags: ['registry'], ...write('Create a partner (admin, bureau)', ref('NewPartner'), '201', ref('Partner'), { '409': problem('Name taken') }) },
    },
    '/api/partners/{id}': {
      get: { tags: ['registry'], ...read('One partner', ref('Partner'), [idParam], { '404': problem('Unknown id') }) },
      patch: { tags: ['registry'], parameters: [idParam], ...write('Rename a partner (admin, bureau)', ref('NewPartner'), '200', ref('Partner'), { '404': problem('Unknown id'), '409': problem('Name taken') }) },
    },
  },
  schemas: {
    Partner: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    NewPartner: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 } } },
  },
});
