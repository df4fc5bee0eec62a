import type { Config } from '../config.js';

// Hand-kept OpenAPI 3.1 document. test/api/openapi.test.ts proves every mounted route is in it
// and every path in it is mounted, so the two cannot drift apart silently.

import { common, idParam, json, page, pagingParams, problem, query, read, ref, remove, write, type Schema } from './build.js';
import { screeningPaths, screeningSchemas } from './screenings.js';
import { planPaths } from './plans.js';
import { importPaths } from './imports.js';
import { reportPaths } from './reports.js';

export function openApiDocument(config: Config) {
  const time = { type: 'string', format: 'date-time', description: `ISO 8601; output carries the county offset; input without an offset is read in ${config.timezone}` };
  const nullable = (s: Schema) => ({ ...s, type: [s.type as string, 'null'] });
  return {
    openapi: '3.1.0',
    info: {
      title: 'film2131',
      version: '0.1.0',
      description: [
        'Villages and screenings of the rural film "2131 project" (one screening per village per month).',
        '',
        `Months are local to the county (${config.timezone}). Errors are application/problem+json with one \`errors\` entry per bad field.`,
        'Sign in with `POST /api/session`; send the token as `Authorization: Bearer <token>`, or let the browser carry the cookie.',
        'A cookie-authenticated write must carry an `Origin` matching this server (or `Sec-Fetch-Site: same-origin`).',
        'Request bodies are strict: an unknown field is a 400 naming it, so typos are not silently ignored.',
        'Lists answer `{items, total}` with `limit` (default 100, max 1000) and `offset`.',
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { cookie: [] }],
    tags: ['session', 'users', 'registry', 'screenings', 'coverage', 'audit', 'ops'].map((name) => ({ name })),
    paths: {
      ...screeningPaths(config),
      ...planPaths(config),
      ...importPaths(config),
      ...reportPaths(config),
      '/healthz': {
        get: {
          tags: ['ops'],
          summary: 'Liveness and database check',
          security: [],
          responses: { '200': { description: 'Database answers', ...json({ type: 'object', properties: { status: { const: 'ok' } } }) }, '503': { description: 'Database does not answer' } },
        },
      },
      '/api/session': {
        post: {
          tags: ['session'],
          summary: 'Sign in: sets an httpOnly SameSite=Lax cookie and returns a bearer token',
          security: [],
          requestBody: { required: true, ...json(ref('SignIn')) },
          responses: {
            '201': { description: 'Signed in', ...json(ref('Session')) },
            '400': problem('Missing username or password'),
            '401': problem('Wrong username or password'),
            '429': problem('Too many failed sign-ins from this IP or for this username; see Retry-After'),
          },
        },
        get: { tags: ['session'], ...read('The signed-in user', { type: 'object', properties: { user: ref('User') } }) },
        delete: { tags: ['session'], summary: 'Sign out: revokes this session', responses: { '204': { description: 'Signed out' }, ...common } },
      },
      '/api/users': {
        get: { tags: ['users'], ...read('Users (admin only)', page('User'), [query('role', { enum: ['admin', 'bureau', 'partner'] }), ...pagingParams]) },
        post: { tags: ['users'], ...write('Create a user (admin only)', ref('NewUser'), '201', ref('User'), { '409': problem('Username taken') }) },
      },
      '/api/partners': {
        get: { tags: ['registry'], ...read('Partners (a partner sees only itself)', page('Partner'), pagingParams) },
        post: { tags: ['registry'], ...write('Create a partner (admin, bureau)', ref('NewPartner'), '201', ref('Partner'), { '409': problem('Name taken') }) },
      },
      '/api/partners/{id}': { get: { tags: ['registry'], ...read('One partner', ref('Partner'), [idParam], { '404': problem('Unknown id') }) } },
      '/api/townships': {
        get: { tags: ['registry'], ...read('Townships', page('Township'), [query('q', { type: 'string' }, 'name contains, or code starts with'), ...pagingParams]) },
        post: { tags: ['registry'], ...write('Create a township (admin, bureau)', ref('NewTownship'), '201', ref('Township'), { '409': problem('Duplicate code') }) },
      },
      '/api/townships/{id}': {
        get: { tags: ['registry'], ...read('One township', ref('Township'), [idParam], { '404': problem('Unknown id') }) },
        patch: { tags: ['registry'], parameters: [idParam], ...write('Change a township (admin, bureau)', ref('TownshipPatch'), '200', ref('Township'), { '404': problem('Unknown id'), '409': problem('Duplicate code') }) },
        delete: { tags: ['registry'], ...remove('Delete a township without villages (admin, bureau)') },
      },
      '/api/villages': {
        get: {
          tags: ['registry'],
          ...read('Villages', page('Village'), [
            query('townshipId', { type: 'integer' }),
            query('parentId', { type: 'integer' }, 'natural villages of this administrative village'),
            query('kind', { enum: ['administrative', 'natural'] }),
            query('q', { type: 'string' }, 'name contains, or code starts with'),
            query('retired', { enum: ['true', 'false', 'all'], default: 'all' }, 'retired villages are listed unless retired=false'),
            ...pagingParams,
          ]),
        },
        post: { tags: ['registry'], ...write('Create a village (admin, bureau)', ref('NewVillage'), '201', ref('Village'), { '409': problem('Duplicate code') }) },
      },
      '/api/villages/{id}': {
        get: { tags: ['registry'], ...read('One village', ref('Village'), [idParam], { '404': problem('Unknown id') }) },
        patch: {
          tags: ['registry'],
          parameters: [idParam],
          ...write('Change a village (admin, bureau). Setting kind=administrative drops the parent.', ref('VillagePatch'), '200', ref('Village'), {
            '404': problem('Unknown id'),
            '409': problem('Duplicate code, or an administrative village with natural villages may not become natural or move township'),
          }),
        },
        delete: { tags: ['registry'], ...remove('Delete a village nothing refers to (admin, bureau); retire it instead to keep history') },
      },
      '/api/teams': {
        get: { tags: ['registry'], ...read('Teams (a partner sees its own)', page('Team'), [query('partnerId', { type: 'integer' }), query('q', { type: 'string' }), ...pagingParams]) },
        post: { tags: ['registry'], ...write("Create a team (admin; a partner for itself, partnerId may be left out)", ref('NewTeam'), '201', ref('Team'), { '409': problem('Name taken within the partner') }) },
      },
      '/api/teams/{id}': {
        get: { tags: ['registry'], ...read('One team (another partner\'s team is 404 to a partner)', ref('Team'), [idParam], { '404': problem('Unknown id') }) },
        patch: { tags: ['registry'], parameters: [idParam], ...write('Change a team (admin; a partner its own)', ref('TeamPatch'), '200', ref('Team'), { '404': problem('Unknown id') }) },
      },
      '/api/films': {
        get: { tags: ['registry'], ...read('Films', page('Film'), [query('q', { type: 'string' }), query('category', { enum: ['feature', 'science', 'other'] }), ...pagingParams]) },
        post: { tags: ['registry'], ...write('Create a film (admin, bureau)', ref('NewFilm'), '201', ref('Film')) },
      },
      '/api/films/{id}': {
        get: { tags: ['registry'], ...read('One film', ref('Film'), [idParam], { '404': problem('Unknown id') }) },
        patch: { tags: ['registry'], parameters: [idParam], ...write('Change a film (admin, bureau)', ref('FilmPatch'), '200', ref('Film'), { '404': problem('Unknown id') }) },
      },
      '/api/audit': {
        get: {
          tags: ['audit'],
          ...read('Audit log, newest first (admin, bureau)', page('AuditEntry'), [
            query('entity', { enum: ['partner', 'township', 'village', 'team', 'film', 'user', 'screening'] }),
            query('id', { type: 'integer' }, 'the entity id'),
            query('userId', { type: 'integer' }, 'who made the change'),
            ...pagingParams,
          ]),
        },
      },
      '/api/openapi.json': { get: { tags: ['ops'], summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/api/docs': { get: { tags: ['ops'], summary: 'Interactive API documentation', security: [], responses: { '200': { description: 'HTML' } } } },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/session' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'film2131_session' },
      },
      schemas: {
        ...screeningSchemas(config),
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'errors'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        SignIn: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } },
        Session: { type: 'object', properties: { token: { type: 'string' }, expiresAt: time, user: ref('User') } },
        User: {
          type: 'object',
          properties: { id: { type: 'integer' }, username: { type: 'string' }, role: { enum: ['admin', 'bureau', 'partner'] }, partnerId: { type: ['integer', 'null'] } },
        },
        NewUser: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password', 'role'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 50, pattern: '^[\\p{L}\\p{N}._@-]+$' },
            password: { type: 'string', minLength: 8, maxLength: 200 },
            role: { enum: ['admin', 'bureau', 'partner'] },
            partnerId: { type: ['integer', 'null'], description: 'required for role partner, and only for it' },
          },
        },
        Partner: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
        NewPartner: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 } } },
        Township: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, code: { type: ['string', 'null'], pattern: '^[0-9]{9}$' } } },
        NewTownship: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, code: { type: ['string', 'null'], pattern: '^[0-9]{9}$', description: 'unique' } },
        },
        TownshipPatch: { $ref: '#/components/schemas/NewTownship', required: [] },
        Village: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            name: { type: 'string' },
            townshipId: { type: 'integer' },
            townshipName: { type: 'string' },
            kind: { enum: ['administrative', 'natural'] },
            parentId: { type: ['integer', 'null'] },
            code: { type: ['string', 'null'] },
            lat: { type: 'number' },
            lng: { type: 'number' },
            positionApproximate: { type: 'boolean', description: 'true for guessed positions (the demo county); replace with surveyed ones' },
            retiredAt: nullable(time),
          },
        },
        NewVillage: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'townshipId', 'kind', 'lat', 'lng'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            townshipId: { type: 'integer' },
            kind: { enum: ['administrative', 'natural'] },
            parentId: { type: ['integer', 'null'], description: 'required for natural (an administrative village of the same township); none for administrative' },
            code: { type: ['string', 'null'], pattern: '^[0-9]{12}$', description: 'unique when given' },
            lat: { type: 'number', minimum: -90, maximum: 90 },
            lng: { type: 'number', minimum: -180, maximum: 180 },
            positionApproximate: { type: 'boolean', default: false },
            retiredAt: { ...nullable(time), description: 'a unit of month M unless retiredAt is at or before M\'s first instant' },
          },
        },
        VillagePatch: { $ref: '#/components/schemas/NewVillage', required: [] },
        Team: {
          type: 'object',
          properties: { id: { type: 'integer' }, name: { type: 'string' }, partnerId: { type: 'integer' }, baseVillageId: { type: ['integer', 'null'] }, phone: { type: ['string', 'null'] } },
        },
        NewTeam: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            partnerId: { type: 'integer', description: 'required for admin; a partner may leave it out' },
            baseVillageId: { type: ['integer', 'null'] },
            phone: { type: ['string', 'null'] },
          },
        },
        TeamPatch: { $ref: '#/components/schemas/NewTeam' },
        Film: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, category: { enum: ['feature', 'science', 'other'] }, minutes: { type: ['integer', 'null'] } } },
        NewFilm: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'category'],
          properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, category: { enum: ['feature', 'science', 'other'] }, minutes: { type: ['integer', 'null'], minimum: 1, maximum: 1000 } },
        },
        FilmPatch: { $ref: '#/components/schemas/NewFilm', required: [] },
        AuditEntry: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            entity: { type: 'string' },
            entityId: { type: 'integer' },
            action: { enum: ['create', 'update', 'delete'] },
            user: { type: ['object', 'null'], properties: { id: { type: 'integer' }, username: { type: 'string' } } },
            at: time,
            before: { type: ['object', 'null'] },
            after: { type: ['object', 'null'] },
          },
        },
      },
    },
  };
}
