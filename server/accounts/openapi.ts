import { roles } from '../auth/user.js';
import { countyTime, enumOf, idParam, nullableInteger, page, pagingParams, problem, query, read, record, ref, text, write, type ApiPieceOf } from '../openapi/build.js';

const password = { type: 'string', minLength: 8, maxLength: 200 };

export const userApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/users': {
      get: { operationId: 'listUsers', tags: ['users'], ...read('Users (admin only)', page('User'), [query('role', enumOf(roles)), ...pagingParams]) },
      post: { operationId: 'createUser', tags: ['users'], ...write('Create a user (admin only)', ref('NewUser'), '201', ref('User'), { '409': problem('Username taken') }) },
    },
    '/api/users/{id}': {
      patch: {
        operationId: 'updateUser',
        tags: ['users'],
        parameters: [idParam],
        ...write(
          "Reset a user's password, disable or enable a user (admin only). Disabling signs the user out everywhere and refuses their sign-in (401); someone else's reset signs them out too",
          ref('UserPatch'),
          '200',
          ref('User'),
          { '404': problem('Unknown id'), '409': problem('Disabling your own account, or the last admin who can sign in') },
        ),
      },
    },
  },
  schemas: {
    User: record({
      username: text,
      role: enumOf(roles),
      partnerId: nullableInteger,
      areaId: { type: ['integer', 'null'], description: 'a bureau user\'s area: it sees and writes only inside it (null: the whole deployment)' },
      disabled: { type: 'boolean', description: 'a disabled user cannot sign in' },
      passwordChangedAt: { ...countyTime(config), description: 'when the password was last set or reset' },
    }),
    NewUser: {
      type: 'object',
      additionalProperties: false,
      required: ['username', 'password', 'role'],
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[\\p{L}\\p{N}._@-]+$' },
        password,
        role: enumOf(roles),
        partnerId: { type: ['integer', 'null'], description: 'required for role partner, and only for it' },
        areaId: { type: ['integer', 'null'], description: 'bureau only: the province, prefecture or county it watches (null: the whole deployment)' },
      },
    },
    UserPatch: {
      type: 'object',
      additionalProperties: false,
      properties: {
        password: { ...password, description: 'a new password, as for a new user' },
        disabled: { type: 'boolean' },
        areaId: { type: ['integer', 'null'], description: 'move a bureau user to another area (null: the whole deployment)' },
      },
    },
  },
});
