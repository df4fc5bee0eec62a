import { filmCategories, PROGRAMME_MAX, REPEAT_DAYS } from '../../domain/programme.js';
import { screeningStatuses } from '../../domain/status.js';
import { common, enumOf, idParam, integer, monthParam as month, page, pagingParams, problem, query, read, record, ref, text, write, type ApiPieceOf } from '../openapi/build.js';
// issue 22 sign-off: a locked month's writes are 409 …/period-locked
import { periodLockedOr } from '../periods/openapi.js';

const ifMatch = { name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'the ETag (version) you read; stale → 412. Optional.' };

export const screeningApi: ApiPieceOf = (config) => {
  const time = { type: 'string', format: 'date-time', description: `ISO 8601; output in ${config.timezone} with its offset; input without an offset is read in it` };
  const noRepeats = [
    `**No repeats in a village.** A film may not be in the programmes of two screenings of the same unit (a natural village's screening counts for its parent administrative village) whose starts are less than ${REPEAT_DAYS} days apart, neither cancelled nor rejected by the bureau.`,
    `Days are calendar days in ${config.timezone}: the local dates of the two starts are compared, whatever their hours, so the same date a year later (${REPEAT_DAYS} days) is allowed and ${REPEAT_DAYS - 1} days are a repeat, also across a month or a year boundary there.`,
    'A create, or a change of the programme, the village or the start, or one bringing a cancelled screening back, that would repeat a film is a 409 naming `programme`, its detail naming the film, the date and the other screening (by id when the writer may see it; a screening of another partner is named as such) — unless the screening as stored carries a `repeatReason`, which is kept.',
    'Writers of one unit take turns (a lock per unit in the same transaction): of two requests making the same repeat at once, one is stored and the other gets the 409. An accepted plan obeys the same rule.',
  ].join(' ');
  const fields = {
    villageId: integer,
    teamId: integer,
    programme: {
      type: 'array',
      items: integer,
      maxItems: PROGRAMME_MAX,
      uniqueItems: true,
      description: `the films shown, in order: up to ${PROGRAMME_MAX} distinct film ids, empty while not yet chosen. An unknown film is a 400 naming programme.N`,
    },
    filmId: {
      type: ['integer', 'null'],
      description: 'on input shorthand for `programme: [filmId]` (null: an empty programme); sent with a programme that differs, a 400 naming programme. On output the first film of the programme, or null',
    },
    repeatReason: {
      type: ['string', 'null'],
      maxLength: 500,
      description: `why a film of the programme is shown again in the unit within ${REPEAT_DAYS} days: with it the no-repeat rule lets the screening be stored (and the programme report lists it); without it such a write is a 409`,
    },
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
          ...write(`Plan or report a screening (admin; a partner for its own teams). Bureau: 403.\n\n${noRepeats}`, ref('NewScreening'), '201', ref('Screening'), {
            '409': periodLockedOr('The team has another screening starting less than 3 hours away; a film of the programme repeats in the unit (errors name `programme`, the detail the other screening and the film); or the Idempotency-Key was used with another body'),
          }),
        },
      },
      '/api/screenings/{id}': {
        get: { operationId: 'getScreening', tags: ['screenings'], ...read('One screening; ETag is its version', ref('Screening'), [idParam], { '404': problem("Unknown id, another partner's, or (to a projectionist) another team's or outside this month and the last") }) },
        patch: {
          operationId: 'updateScreening',
          tags: ['screenings'],
          parameters: [idParam, ifMatch],
          ...write('Change or correct a screening (completed ones too; the audit log keeps both). Leaving completed drops the audience, leaving cancelled drops the reason. A projectionist reports its own team\'s: status, audience, cancelReason and notes (and version); any other field is 403, each named in `errors`.\n\n' + noRepeats, ref('ScreeningPatch'), '200', ref('Screening'), {
            '403': problem('The bureau; a projectionist changing a field other than status, audience, cancelReason or notes'),
            '404': problem('Unknown id'),
            '409': periodLockedOr('Double booking, or a film of the programme repeats in the unit (errors name `programme`)'),
            '412': problem('If-Match (or body version) is stale'),
          }),
        },
        delete: {
          operationId: 'deleteScreening',
          tags: ['screenings'],
          summary: 'Delete a scheduled or cancelled screening',
          parameters: [idParam, ifMatch],
          responses: { '204': { description: 'Deleted' }, ...common, '404': problem('Unknown id'), '409': periodLockedOr('A completed screening is corrected, never deleted'), '412': problem('Stale If-Match') },
        },
      },
    },
    schemas: {
      Screening: record({
        ...fields,
        villageName: text,
        villageLat: { type: 'number', description: "the village's latitude (WGS 84), for a map of the screenings" },
        villageLng: { type: 'number', description: "the village's longitude" },
        townshipId: integer,
        teamName: text,
        partnerId: integer,
        filmTitle: { type: ['string', 'null'], description: 'the title of the first film of the programme' },
        films: {
          type: 'array',
          items: record({ title: text, category: enumOf(filmCategories), minutes: { type: ['integer', 'null'] } }),
          description: 'the films of the programme, in its order',
        },
        version: { type: 'integer', description: 'also the ETag' },
        createdAt: time,
        updatedAt: time,
        reportedAt: { ...time, type: ['string', 'null'], description: 'when it was reported completed; null unless completed' },
        verification: { oneOf: [ref('Verification'), { type: 'null' }], description: 'its evidence (DOMAIN.md "Evidence and verification"); null unless completed' },
        locked: {
          type: 'boolean',
          description:
            'its county-month is signed off and locked (DOMAIN.md "Periods and settlement"): every change of it, its evidence or its decision is 409 …/period-locked until a bureau reopens the month; its verification stays as it was locked',
        },
      }),
      NewScreening: { type: 'object', additionalProperties: false, required: ['villageId', 'teamId', 'startsAt'], properties: fields },
      ScreeningPatch: { type: 'object', additionalProperties: false, properties: { ...fields, version: { type: 'integer', description: 'the version you edited; stale → 412' } } },
    },
  };
};
