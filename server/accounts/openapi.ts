import { roles } from '../auth/user.js';
import { page, pagingParams, problem, query, read, ref, write, type ApiPieceOf } from '../openapi/build.js';

export const userApi: ApiPieceOf = () => ({
  paths: {
    '/api/users': {
      get: { tags: ['users'], ...read('Users (admin only)', page('User'), [query('role', { enum: [...roles] }), ...pagingParams]) },
      post: { tags: ['users'], ...write('Create a user (admin only)', ref('NewUser'), '201', ref('User'), { '409': problem('Username taken') }) },
    },
  },
  schemas: {
    User: {
      type: 'object',
      properties: { id: { type: 'integer' }, username: { type: 'string' }, role: { enum: [...roles] }, partnerId: { type: ['integer', 'null'] } },
    },
    NewUser: {
      type: 'object',
      additionalProperties: false,
      required: ['username', 'password', 'role'],
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[\\p{L}\\p{N}._@-]+$' },
        password: { type: 'string', minLength: 8, maxLength: 200 },
        role: { enum: [...roles] },
        partnerId: { type: ['integer', 'null'], description: 'required for role partner, and only for it' },
      },
    },
  },
});
