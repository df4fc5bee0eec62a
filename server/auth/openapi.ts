import { roles } from './user.js';
import { common, countyTime, enumOf, json, problem, read, ref, type ApiPieceOf } from '../openapi/build.js';

export const sessionApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/session': {
      post: {
        operationId: 'createSession',
        tags: ['session'],
        summary: 'Sign in: sets an httpOnly SameSite=Lax cookie and returns a bearer token',
        security: [],
        requestBody: { required: true, ...json(ref('SignIn')) },
        responses: {
          '201': { description: 'Signed in', ...json(ref('Session')) },
          '400': problem('Missing username or password'),
          '401': problem('Wrong username or password; or the account is disabled (type …/problems/account-disabled)'),
          '429': problem('Too many failed sign-ins from this IP or for this username; see Retry-After'),
        },
      },
      get: { operationId: 'getSession', tags: ['session'], ...read('The signed-in user', { type: 'object', properties: { user: ref('SessionUser') } }) },
      delete: { operationId: 'deleteSession', tags: ['session'], summary: 'Sign out: revokes this session', responses: { '204': { description: 'Signed out' }, ...common } },
    },
  },
  schemas: {
    SignIn: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } },
    Session: { type: 'object', properties: { token: { type: 'string' }, expiresAt: countyTime(config), user: ref('SessionUser') } },
    SessionUser: {
      type: 'object',
      properties: { id: { type: 'integer' }, username: { type: 'string' }, role: enumOf(roles), partnerId: { type: ['integer', 'null'], description: "a partner's company; a projectionist's team's" }, teamId: { type: ['integer', 'null'], description: "a projectionist's one team (null for every other role)" }, areaId: { type: ['integer', 'null'], description: 'a bureau user\'s area (null: the whole deployment)' } },
    },
  },
});
