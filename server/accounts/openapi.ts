import { roles } from '../auth/user.js';
import { countyTime, enumOf, idParam, page, pagingParams, problem, query, read, record, ref, text, write, type ApiPieceOf } from '../openapi/build.js';

const password = { type: 'string', minLength: 8, maxLength: 200 };

export const userApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/users': {
      get: {
        operationId: 'listUsers',
        tags: ['users'],
        ...read("Users: the admin's every account; a partner's, the projectionists of its own teams", page('User'), [query('role', enumOf(roles)), query('teamId', { type: 'integer', minimum: 1 }), ...pagingParams]),
      },
      post: {
        operationId: 'createUser',
        tags: ['users'],
        ...write(
          "Create a user (the admin any account; a partner a projectionist of one of its own teams, and no other account: 403; another partner's team is 400 `no such team` to it)",
          ref('NewUser'),
          '201',
          ref('User'),
          { '403': problem('A partner creating anything but a projectionist'), '409': problem('Username taken') },
        ),
      },
    },
    '/api/users/{id}': {
      patch: {
        operationId: 'updateUser',
        tags: ['users'],
        parameters: [idParam],
        ...write(
          "Reset a user's password, disable or enable a user (the admin any; a partner its own teams' projectionists, any other account is 404 to it). Disabling signs the user out everywhere and refuses their sign-in (401); someone else's reset signs them out too",
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
      partnerId: { type: ['integer', 'null'], description: "a partner user's company; a projectionist's, its team's (read through the team)" },
      areaId: { type: ['integer', 'null'], description: 'a bureau user\'s area: it sees and writes only inside it (null: the whole deployment)' },
      teamId: { type: ['integer', 'null'], description: "a projectionist's one team: it works that team's phone page (/report) and no other route (403); null for every other role" },
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
        partnerId: { type: ['integer', 'null'], description: "required for role partner; for a projectionist it may be given, and must then be its team's partner; null for the other roles" },
        teamId: { type: ['integer', 'null'], description: 'required for role projectionist, and only for it: the team whose phone page it works' },
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
