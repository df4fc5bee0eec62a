import { filmCategories } from '../../domain/programme.js';
import { MAX_REQUESTED_FILMS, REPORT_SCREENING_DAYS, REPORT_TEXT_MAX, REQUEST_COMMENT_MAX, reportKinds } from '../../domain/voice.js';
import { common, countyTime, enumOf, idParam, integer, json, nullableInteger, nullableText, object, problem, ref, text, type ApiPieceOf } from '../openapi/build.js';
import { VILLAGER_BODY_BYTES } from './public-schemas.js';

// The village page's operations (server/voice/public-routes.ts, no sign-in) and its link
// (server/voice/link-routes.ts): DOMAIN.md "Villagers' voice". The limits are read from the
// configuration, so the document says what this server takes.

export const villagePublicApi: ApiPieceOf = (config) => {
  const time = countyTime(config);
  const month = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: `YYYY-MM in the county zone (${config.timezone})` };
  const token = { name: 'token', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' }, description: "the village page's token (its /v/<token> link, the 公示's QR code); anything else, or a rotated one, is a 404" };
  const minutes = (m: number) => `${m / 60_000} minutes`;
  const limit = (what: string, l: { max: number; windowMs: number }, names: string) =>
    `At most ${l.max} ${what} per client address in ${minutes(l.windowMs)} (${names}, VILLAGER_RATE_WINDOW_MINUTES), counted in the database (every server together) under a salted hash of the address, before the body or the token is read: a 429 with Retry-After stores nothing.`;
  const phone = `A phone is the confirmations' device cookie (film2131_device, path /api), set when it has none; only an HMAC of it under the server's salt and the unit is kept.`;
  const body = (schema: string) => ({ required: true, ...json(ref(schema)) });
  const refused = {
    '404': problem('Unknown, malformed or rotated token'),
    '413': problem(`Body over ${VILLAGER_BODY_BYTES / 1024} KB`),
    '415': problem('A body that is not JSON'),
    '429': problem('Too many from this address: see Retry-After; nothing stored'),
  };
  const request = object({ month, filmIds: { type: 'array', items: integer }, comment: nullableText }, { required: ['month', 'filmIds', 'comment'] });
  const link = object({ url: { type: 'string', format: 'uri', description: '<origin>/v/<token>, the origin as the request reached this server (TRUST_PROXY)' }, token: text }, { required: ['url', 'token'] });
  const linkResponses = { '400': problem('A bad id'), ...common, '404': problem('No such village, or outside your counties') };
  const who = 'the admin; a bureau user inside its area; a partner working the county (its contracts\' counties, or every county while it has none, as a single county runs); a projectionist 403';
  return {
    paths: {
      '/api/public/villages/{token}': {
        get: {
          operationId: 'getVillagePage',
          tags: ['voice'],
          summary: "What a unit's village page (/v/<token>) shows, no sign-in: the unit, its county's supervision phone, its screenings of this month and next, the catalogue to request from, this phone's request of the month",
          description: [
            `\`screenings\`: not cancelled, starting in this month or the next (county zone), in start order: the unit's own and, for an administrative village, those of its natural villages.`,
            `\`catalogue\`: the films licensed today in the county's calendar (not retired; today inside availableFrom..availableTo, both ends inside, either open).`,
            `\`request\`: this phone's request of the current month, or null. ${phone} Cache-Control: no-store.`,
          ].join('\n\n'),
          security: [],
          parameters: [token],
          responses: { '200': { description: 'OK', ...json(ref('VillagePage')) }, '404': refused['404'] },
        },
      },
      '/api/public/villages/{token}/requests': {
        post: {
          operationId: 'createFilmRequest',
          tags: ['voice'],
          summary: `A villager's film request (点单), no sign-in: 1 to ${MAX_REQUESTED_FILMS} films of the catalogue licensed today, one a phone, unit and month — a later one replaces it`,
          description: [
            `The request belongs to the month, in the county zone (${config.timezone}), in which it is made; the planner reads it for that month's and the next month's plans. The same phone again in that month replaces its request (200, \`replaced: true\`); two at once leave one row.`,
            `A film unknown, retired or not licensed today: 400 naming \`filmIds\`. ${phone}`,
            limit('requests', config.requestRate, 'REQUEST_RATE_MAX'),
          ].join('\n\n'),
          security: [],
          parameters: [token],
          requestBody: body('NewFilmRequest'),
          responses: {
            '201': { description: 'A new request', ...json(ref('FilmRequestAnswer')) },
            '200': { description: "This phone's earlier request of the month, replaced", ...json(ref('FilmRequestAnswer')) },
            '400': problem('Invalid body: one `errors` entry per bad field'),
            ...refused,
          },
        },
      },
      '/api/public/villages/{token}/reports': {
        post: {
          operationId: 'createVillagerReport',
          tags: ['voice'],
          summary: 'A villager reports a problem (反映问题), no sign-in: not_held, late or other, optionally naming a screening, with text',
          description: [
            `\`screeningId\` may name a screening of the unit (its own, and for an administrative village those of its natural villages) that is not cancelled and started within the last ${REPORT_SCREENING_DAYS} days (not in the future): anything else is a 400 naming \`screeningId\`.`,
            '`not_held` on a completed screening flags it `villager_dispute` (critical) at once, until the bureau decides it (POST /api/screenings/{id}/review); on one not yet reported, once it is reported completed. Nothing sent here changes a screening otherwise.',
            limit('reports', config.reportRate, 'REPORT_RATE_MAX'),
          ].join('\n\n'),
          security: [],
          parameters: [token],
          requestBody: body('NewVillagerReport'),
          responses: {
            '201': { description: 'Stored', ...json(object({ id: integer, kind: enumOf(reportKinds), screeningId: nullableInteger, createdAt: time }, { required: ['id', 'kind', 'screeningId', 'createdAt'] })) },
            '400': problem('Invalid body: one `errors` entry per bad field'),
            ...refused,
          },
        },
      },
      '/api/villages/{id}/link': {
        get: {
          operationId: 'getVillageLink',
          tags: ['voice'],
          summary: `The unit's village page link, for its 公示 (QR code): ${who}`,
          parameters: [idParam],
          responses: { '200': { description: 'OK', ...json(link) }, ...linkResponses },
        },
        post: {
          operationId: 'createVillageLink',
          tags: ['voice'],
          summary: `A new village page link for the unit: the old one is a 404 from now on (a leaked or misused link); audit-logged with the tokens' first digits only. ${who}`,
          parameters: [idParam],
          responses: { '200': { description: 'The new link', ...json(link) }, ...linkResponses },
        },
      },
    },
    schemas: {
      VillagePage: object(
        {
          unit: object({ id: integer, name: text, township: text, county: nullableText }, { required: ['id', 'name', 'township', 'county'] }),
          month,
          supervisionPhone: { ...nullableText, description: "监督电话: the county's, inherited from the nearest area above that has one; null: none set" },
          screenings: {
            type: 'array',
            items: object(
              { id: integer, startsAt: time, team: text, programme: { type: 'array', items: object({ title: text, category: enumOf(filmCategories) }, { required: ['title', 'category'] }) } },
              { required: ['id', 'startsAt', 'team', 'programme'] },
            ),
          },
          catalogue: {
            type: 'array',
            items: object({ id: integer, title: text, category: enumOf(filmCategories), minutes: nullableInteger, year: nullableInteger }, { required: ['id', 'title', 'category', 'minutes', 'year'] }),
          },
          request: { oneOf: [request, { type: 'null' }] },
        },
        { required: ['unit', 'month', 'supervisionPhone', 'screenings', 'catalogue', 'request'] },
      ),
      NewFilmRequest: object(
        {
          filmIds: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: MAX_REQUESTED_FILMS, uniqueItems: true },
          comment: { type: ['string', 'null'], maxLength: REQUEST_COMMENT_MAX, description: 'trimmed; empty is none; stored and answered as text' },
        },
        { required: ['filmIds'], additionalProperties: false },
      ),
      FilmRequestAnswer: { ...request, properties: { ...(request.properties as object), replaced: { type: 'boolean' } }, required: ['month', 'filmIds', 'comment', 'replaced'] },
      NewVillagerReport: object(
        {
          kind: enumOf(reportKinds),
          screeningId: { type: ['integer', 'null'], minimum: 1 },
          text: { type: ['string', 'null'], maxLength: REPORT_TEXT_MAX, description: 'trimmed; empty is none; stored and answered as text' },
        },
        { required: ['kind'], additionalProperties: false },
      ),
    },
  };
};
