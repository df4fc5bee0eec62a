import { screeningStatuses } from '../../domain/status.js';
import { common, enumOf, idParam, integer, monthParam as month, page, pagingParams, problem, query, read, record, ref, text, write, type ApiPieceOf } from '../openapi/build.js';

const ifMatch = { name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'the ETag (version) you read; stale → 412. Optional.' };

export const screeningApi: ApiPieceOf = (config) => {
  const time = { type: 'string', format: 'date-time', description: `ISO 8601; output in ${config.timezone} with its offset; input without an offset is read in it` };
  const fields = {
    villageId: integer,
    teamId: integer,
    filmId: { type: ['integer', 'null'] },
    startsAt: time,
    status: enumOf(screeningStatuses, { default: 'scheduled' }),
    audience: { type: ['integer', 'null'], minimum: 0, description: 'required for completed (which also needs a start in the past); only for completed' },
    cancelReason: { type: ['string', 'null'], maxLength: 500, description: 'required for cancelled' },
    notes: { type: ['string', 'null'], maxLength: 2000 },
  };
  return {
    paths: {
      '/api/screenings': {
        get: {
          operationId: 'listScreenings',
          tags: ['screenings'],
          ...read("Screenings, by start time (a partner sees its own teams' only; a projectionist its one team's of this month and the last, in the county zone: any other is not there for it)", page('Screening'), [
            month,
            query('villageId', { type: 'integer' }),
            query('teamId', { type: 'integer' }),
            query('townshipId', { type: 'integer' }),
            query('status', enumOf(screeningStatuses)),
            ...pagingParams,
          ]),
        },
        post: {
          operationId: 'createScreening',
          tags: ['screenings'],
          parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 200 }, description: 'per user, kept at least 24 h: a retry returns the first answer (with Idempotent-Replayed: true); the same key with another body is 409' }],
          ...write('Plan or report a screening (admin; a partner for its own teams). Bureau: 403.', ref('NewScreening'), '201', ref('Screening'), {
            '409': problem('The team has another screening starting less than 3 hours away, or the Idempotency-Key was used with another body'),
          }),
        },
      },
      '/api/screenings/{id}': {
        get: { operationId: 'getScreening', tags: ['screenings'], ...read('One screening; ETag is its version', ref('Screening'), [idParam], { '404': problem("Unknown id, another partner's, or (to a projectionist) another team's or outside this month and the last") }) },
        patch: {
          operationId: 'updateScreening',
          tags: ['screenings'],
          parameters: [idParam, ifMatch],
          ...write('Change or correct a screening (completed ones too; the audit log keeps both). Leaving completed drops the audience, leaving cancelled drops the reason. A projectionist reports its own team\'s: status, audience, cancelReason and notes (and version); any other field is 403, each named in `errors`.', ref('ScreeningPatch'), '200', ref('Screening'), {
            '403': problem('The bureau; a projectionist changing a field other than status, audience, cancelReason or notes'),
            '404': problem('Unknown id'),
            '409': problem('Double booking'),
            '412': problem('If-Match (or body version) is stale'),
          }),
        },
        delete: {
          operationId: 'deleteScreening',
          tags: ['screenings'],
          summary: 'Delete a scheduled or cancelled screening',
          parameters: [idParam, ifMatch],
          responses: { '204': { description: 'Deleted' }, ...common, '404': problem('Unknown id'), '409': problem('A completed screening is corrected, never deleted'), '412': problem('Stale If-Match') },
        },
      },
    },
    schemas: {
      Screening: record({
        ...fields,
        villageName: text,
        townshipId: integer,
        teamName: text,
        partnerId: integer,
        filmTitle: { type: ['string', 'null'] },
        version: { type: 'integer', description: 'also the ETag' },
        createdAt: time,
        updatedAt: time,
        reportedAt: { ...time, type: ['string', 'null'], description: 'when it was reported completed; null unless completed' },
        verification: { oneOf: [ref('Verification'), { type: 'null' }], description: 'its evidence (DOMAIN.md "Evidence and verification"); null unless completed' },
      }),
      NewScreening: { type: 'object', additionalProperties: false, required: ['villageId', 'teamId', 'startsAt'], properties: fields },
      ScreeningPatch: { type: 'object', additionalProperties: false, properties: { ...fields, version: { type: 'integer', description: 'the version you edited; stale → 412' } } },
    },
  };
};
