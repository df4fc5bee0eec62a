import { idParam, integer, nullableInteger, nullableText, page, pagingParams, problem, query, read, record, ref, text, write, type ApiPieceOf } from '../../openapi/build.js';

export const teamApi: ApiPieceOf = () => ({
  paths: {
    '/api/teams': {
      get: {
        operationId: 'listTeams',
        tags: ['registry'],
        ...read('Teams (a partner sees its own)', page('Team'), [query('partnerId', integer), query('q', text), ...pagingParams]),
        description:
          'In the order a Chinese reader expects: by partner (partnerId), then by name in pinyin with numerals by their value (第一放映队, 第二放映队, 第三放映队 … 第十放映队; 2 before 10), then by id. total counts every team of the filters; limit and offset page through that order.',
      },
      post: { operationId: 'createTeam', tags: ['registry'], ...write('Create a team (admin; a partner for itself, partnerId may be left out)', ref('NewTeam'), '201', ref('Team'), { '409': problem('Name taken within the partner') }) },
    },
    '/api/teams/{id}': {
      get: { operationId: 'getTeam', tags: ['registry'], ...read("One team (another partner's team is 404 to a partner)", ref('Team'), [idParam], { '404': problem('Unknown id') }) },
      patch: { operationId: 'updateTeam', tags: ['registry'], parameters: [idParam], ...write('Change a team (admin; a partner its own)', ref('TeamPatch'), '200', ref('Team'), { '404': problem('Unknown id') }) },
    },
  },
  schemas: {
    Team: record({ name: text, partnerId: integer, baseVillageId: nullableInteger, phone: nullableText }),
    NewTeam: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        partnerId: { type: 'integer', description: 'required for admin; a partner may leave it out' },
        baseVillageId: { type: ['integer', 'null'], description: 'where its routes start; a village outside the user\'s counties is a 400, as one that does not exist' },
        phone: { type: ['string', 'null'] },
      },
    },
    TeamPatch: { $ref: '#/components/schemas/NewTeam' },
  },
});
