import { areaApi } from '../areas/openapi.js';
import { contractApi } from '../contracts/openapi.js';
import { campaignApi } from '../campaigns/openapi.js';
import type { Config } from '../config.js';
import { userApi } from '../accounts/openapi.js';
import { auditApi } from '../audit/openapi.js';
import { sessionApi } from '../auth/openapi.js';
import { coverageApi } from '../coverage/openapi.js';
import { evidenceApi } from '../evidence/openapi.js';
import { importApi } from '../imports/openapi.js';
import { planApi } from '../plans/openapi.js';
import { targetApi } from '../programmes/openapi.js';
import { filmApi } from '../registry/films/openapi.js';
import { partnerApi } from '../registry/partners/openapi.js';
import { teamApi } from '../registry/teams/openapi.js';
import { townshipApi } from '../registry/townships/openapi.js';
import { villageApi } from '../registry/villages/openapi.js';
import { reportApi } from '../reports/openapi.js';
import { screeningApi } from '../screenings/openapi.js';
import { villagePublicApi } from '../voice/public-openapi.js';
import { json, type ApiPieceOf } from './build.js';
// The villagers' voice (issue 21): the printed 公示.
import { posterApi } from '../voice/poster-openapi.js';
import { voiceBureauApi } from '../voice/bureau-openapi.js';
// issue 22 sign-off
import { periodApi } from '../periods/openapi.js';
// issue 22 statements
import { statementApi } from '../statements/openapi.js';
// issue 23 base maps
import { tileApi } from '../tiles/openapi.js';

// Hand-kept OpenAPI 3.1 document, one piece per feature (server/<feature>/openapi.ts) put together
// here. test/api/openapi.test.ts proves every mounted route is in it and every path in it is
// mounted, so the two cannot drift apart silently.

/** What no feature owns: the health check, the shape of every error, and this document itself. */
const health: ApiPieceOf = () => ({
  paths: {
    '/healthz': {
      get: {
        operationId: 'getHealth',
        tags: ['ops'],
        summary: 'Liveness and database check',
        security: [],
        responses: { '200': { description: 'Database answers', ...json({ type: 'object', properties: { status: { const: 'ok' } } }) }, '503': { description: 'Database does not answer' } },
      },
    },
  },
  schemas: {
    Problem: {
      type: 'object',
      description: 'An error (RFC 9457). `title`, `detail` and `errors[].message` are in the language of the request\'s Accept-Language: zh-CN, or English by default.',
      required: ['type', 'title', 'status', 'detail', 'errors'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
});
const docs: ApiPieceOf = () => ({
  paths: {
    '/api/openapi.json': { get: { operationId: 'getOpenApiDocument', tags: ['ops'], summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    '/api/docs': { get: { operationId: 'getApiDocs', tags: ['ops'], summary: 'Interactive API documentation', security: [], responses: { '200': { description: 'HTML' } } } },
  },
});

/** Every tag an operation names, in the order a reader meets them, each saying what it groups. */
const tags = [
  { name: 'session', description: 'Sign in and out; who is signed in.' },
  { name: 'users', description: "Accounts, their roles (admin, bureau, partner, projectionist), a bureau user's area and a projectionist's team. The admin manages every account; a partner the projectionists of its own teams. A projectionist's account reaches only its team's phone-page operations — listScreenings, getScreening, updateScreening (status, audience, cancelReason, notes), the fix, the photo upload and the confirmation link — for its team's screenings of this month and the last; every other operation is 403 to it." },
  { name: 'areas', description: 'Provinces, prefectures and counties of the national division codes, and the contracts that give a partner a county for some months.' },
  { name: 'registry', description: 'Townships, villages (administrative and natural), partners, teams and films; the village import from CSV or GeoJSON.' },
  { name: 'screenings', description: 'Screenings planned, reported completed or cancelled: one a village a month is the promise.' },
  { name: 'plans', description: 'The month\'s plan: a draft for the gap units, its acceptance, a team\'s run sheet and calendar feed.' },
  { name: 'evidence', description: 'What backs a completed screening: position fixes, photos, villagers\' confirmations, the checks\' flags and the bureau\'s review.' },
  { name: 'campaigns', description: 'Campaigns (主题放映): films every unit of an area should be shown over a span of months, and how far they have reached.' },
  { name: 'coverage', description: 'Each unit\'s status in a month (covered, planned, overdue, gap) and the coverage per township or area, for the map and its exports.' },
  { name: 'reports', description: 'The bureau\'s month and year reports and the subsidy statement, as JSON, CSV or XLSX.' },
  { name: 'audit', description: 'Who changed what, when, with the record before and after.' },
  { name: 'ops', description: 'Health check and this document.' },
  // Villagers' voice (issue 21).
  { name: 'voice', description: "Villagers' voice: each unit's village page (no sign-in) with its film requests (点单) and problem reports (反映问题), the page's link, the bureau's handling of the reports, and the areas' supervision phone." },
  // issue 22 sign-off
  { name: 'periods', description: "The sign-off of each county-month: the partners submit, the bureaus of APPROVAL_LEVELS approve (or return) in turn, and the locked month refuses every change of its screenings, evidence and decisions (409 …/period-locked) until a bureau reopens it." },
  // issue 22 statements
  { name: 'statements', description: "A county's settlement statement of a payment round (DOMAIN.md \"Periods and settlement\"): issued once every month of the round is locked, never changed, superseded by issuing again; JSON, CSV, XLSX and the A4 page /statement." },
];

// In the order the document has always listed its paths and schemas: a client, or a fuzzer's
// seed, that walks the document sees it as before.
const pieces: ApiPieceOf[] = [screeningApi, coverageApi, planApi, importApi, reportApi, health, sessionApi, userApi, partnerApi, areaApi, targetApi, contractApi, townshipApi, villageApi, teamApi, filmApi, campaignApi, auditApi, evidenceApi, docs,
  // Villagers' voice (issue 21).
  villagePublicApi,
  posterApi,
  voiceBureauApi,
  // issue 22 sign-off
  periodApi,
  // issue 22 statements
  statementApi,
  // issue 23 base maps
  tileApi,
];

/** The pieces' paths (or schemas) in one object; a name two pieces both define is a mistake. */
function merge(parts: (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of parts.flatMap((part) => Object.entries(part ?? {}))) {
    if (name in out) throw new Error(`OpenAPI: ${name} is defined by two pieces`);
    out[name] = value;
  }
  return out;
}

export function openApiDocument(config: Config) {
  const all = pieces.map((piece) => piece(config));
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
        'A body is JSON: `application/json` or any `application/*+json`, UTF-8, plain or compressed with gzip, deflate or br; anything else is a 415 naming `Content-Type` (or `Content-Encoding`). Credentials are checked before the body is read: bad ones are a 401 whatever the body.',
        'Text must be storable: U+0000 or a lone UTF-16 surrogate in a field is a 400 naming it. A path parameter that is not valid percent-encoded UTF-8 is a 400 naming `id`. A field left out is named with the message `required`.',
        'Lists answer `{items, total}` with `limit` (default 100, max 1000) and `offset`.',
        '`Accept-Language` chooses the language of an error\'s `title`, `detail` and each `errors[].message`: `zh-CN` (any `zh`) answers in Simplified Chinese, anything else or none in English (the messages this document quotes). The answer carries `Content-Language` and `Vary: Accept-Language`; `type`, `status` and each `path` are the same in both. An import\'s row errors carry a stable `code` and its `params` besides.',
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { cookie: [] }],
    tags,
    paths: merge(all.map((p) => p.paths)),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/session' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'film2131_session' },
      },
      schemas: merge(all.map((p) => p.schemas)),
    },
  };
}
