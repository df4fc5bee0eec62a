import { reportKinds, reportStates } from '../../domain/voice.js';
import { enumOf, idParam, integer, monthPattern, nullable, nullableInteger, nullableText, object, page, pagingParams, problem, query, read, record, text, write, type ApiPieceOf, type Schema } from '../openapi/build.js';
import { REPORT_NOTE_MAX } from './bureau-schemas.js';

// The signed-in side of the villagers' voice (DOMAIN.md "Villagers' voice"): the requests per unit,
// the problem reports and their handling, an area's supervision phone.

const month = { type: 'string', pattern: monthPattern };
const time = { type: 'string', format: 'date-time' };
const area = query('areaId', integer, 'only the villages of the counties inside this area; an area the reader may not see is a 404, as one that does not exist');

const setting = object(
  {
    value: { ...nullableText, description: 'the phone, or null: none set here nor above' },
    areaId: { ...nullableInteger, description: 'the area whose setting it is: this one, or the nearest above it' },
    areaName: nullableText,
  },
  { required: ['value', 'areaId', 'areaName'] },
);
// issue 22 statements: the money settings (DOMAIN.md "Periods and settlement"), each inherited on its own.
const yuanValue = { type: 'number', minimum: 0, multipleOf: 0.01, description: 'yuan, at most two decimals' };
const sharesValue = object(
  { central: { type: 'number', minimum: 0, maximum: 1 }, province: { type: 'number', minimum: 0, maximum: 1 }, prefecture: { type: 'number', minimum: 0, maximum: 1 }, county: { type: 'number', minimum: 0, maximum: 1 } },
  { required: ['central', 'province', 'prefecture', 'county'], description: 'the four budget levels\' shares of a screening\'s subsidy, summing to 1' },
);
const roundValue = enumOf(['month', 'quarter', 'half']);
const planValue = { type: 'integer', minimum: 1, maximum: 366 };
const inherited = (value: Schema, what: string) =>
  object(
    {
      value,
      areaId: { ...nullableInteger, description: `the area whose ${what} it is: this one, or the nearest above it; null: the deployment's default` },
      areaName: nullableText,
    },
    { required: ['value', 'areaId', 'areaName'] },
  );
const moneySettings = {
  subsidyPerScreening: inherited(yuanValue, 'rate per paid screening'),
  costShares: inherited(sharesValue, 'cost shares'),
  filmFeePerFilm: inherited(yuanValue, 'film fee per film'),
  annualPlanPerUnit: inherited(planValue, 'annual plan per unit'),
  paymentRound: inherited(roundValue, 'payment round'),
};
const moneyPut = {
  subsidyPerScreening: nullable(yuanValue),
  costShares: nullable(sharesValue),
  filmFeePerFilm: nullable(yuanValue),
  annualPlanPerUnit: nullable(planValue),
  paymentRound: nullable(roundValue),
};
const settings: Schema = object(
  { areaId: integer, supervisionPhone: setting, ...moneySettings },
  { required: ['areaId', 'supervisionPhone', 'subsidyPerScreening', 'costShares', 'filmFeePerFilm', 'annualPlanPerUnit', 'paymentRound'] },
);

export const voiceBureauApi: ApiPieceOf = () => ({
  paths: {
    '/api/requests': {
      get: {
        operationId: 'listFilmRequests',
        tags: ['voice'],
        ...read(
          "The films villagers asked for (点单) in a month, per unit and film: `requests` counts the phones that named the film in their request of the month (a phone's later request replaced its earlier one: it counts once). As coverage counts units at the administrative level, a natural village's requests count for its administrative village (`villageId` is the unit). Most requested first, then by title. Admin: all; a bureau user: inside its area; a partner: its contract counties; a projectionist 403.",
          {
            ...page('FilmRequestCount'),
            properties: { ...(page('FilmRequestCount').properties as Record<string, Schema>), month },
          },
          [
            query('month', month, 'YYYY-MM, the local month (county zone) the requests were made in; default: the current month'),
            area,
            query('villageId', integer, 'a unit: its requests and its natural villages\'; a natural village: its own (under its unit). A village outside the reader\'s scope is no village: the list is empty'),
            ...pagingParams,
          ],
          { '404': problem('An area the reader may not see, or none') },
        ),
      },
    },
    '/api/villager-reports': {
      get: {
        operationId: 'listVillagerReports',
        tags: ['voice'],
        ...read(
          "The problem reports (反映问题) villagers sent from their village's page, newest first, with the screening each names (its verification and the bureau's decision). Admin: all; a bureau user: those of the villages inside its area; a partner: only those naming one of its own teams' screenings; a projectionist 403.",
          page('VillagerReport'),
          [
            query('month', month, 'the local month (county zone) the report was made in; default: every month'),
            area,
            query('state', enumOf(reportStates)),
            query('kind', enumOf(reportKinds)),
            query('villageId', integer, 'a unit, with its natural villages\' reports; a natural village, its own'),
            query('screeningId', integer),
            ...pagingParams,
          ],
          { '404': problem('An area the reader may not see, or none') },
        ),
      },
    },
    '/api/villager-reports/{id}': {
      get: {
        operationId: 'getVillagerReport',
        tags: ['voice'],
        ...read('One report, as the list has it', { $ref: '#/components/schemas/VillagerReport' }, [idParam], { '404': problem('Unknown id, or a report outside the reader\'s share') }),
      },
      patch: {
        operationId: 'updateVillagerReport',
        tags: ['voice'],
        parameters: [idParam],
        ...write(
          "The bureau's handling of a report (admin; a bureau user inside its area, outside it 404; a partner or a projectionist 403): its state — new, looking (being looked into), closed — and a note. Closing needs a note in the same request (else 400 naming `note`); a note left out keeps the one there, null or empty clears it (not when closing). Sets `handledBy` and `handledAt`. Any state may follow any other (a closed report may be looked into again). Audit-logged (entity `villager_report`).",
          {
            type: 'object',
            additionalProperties: false,
            required: ['state'],
            properties: { state: enumOf(reportStates), note: { ...nullable({ type: 'string', maxLength: REPORT_NOTE_MAX }), description: 'trimmed; required to close' } },
          },
          '200',
          { $ref: '#/components/schemas/VillagerReport' },
          { '404': problem('Unknown id, or a report outside the writer\'s area') },
        ),
      },
    },
    '/api/areas/{id}/settings': {
      get: {
        operationId: 'getAreaSettings',
        tags: ['areas'],
        ...read(
          "An area's effective settings, each its own, else the nearest area's above it (county ← prefecture ← province), else the default; `areaId` and `areaName` say whose (null: none set, or the deployment's default): the supervision phone (监督电话, default null) and the money settings of DOMAIN.md \"Periods and settlement\" — the subsidy per paid screening (yuan; default SUBSIDY_PER_SCREENING_YUAN), the cost shares of the four budget levels (default 0.5/0.2/0.2/0.1), the film fee per film of a paid screening's programme (yuan; default 0), the annual plan per unit (default 12) and the payment round (default quarter). Anyone who may see the area (a bureau user inside its area, a partner the areas holding its counties); outside it 404; a projectionist 403.",
          settings,
          [idParam],
          { '404': problem('No such area for this user') },
        ),
      },
      put: {
        operationId: 'updateAreaSettings',
        tags: ['areas'],
        parameters: [idParam],
        ...write(
          "Set any of an area's own settings (admin; a bureau user inside its area, outside it 404; a partner or a projectionist 403); a setting left out stays, null clears it (the area inherits it again), an empty body is 400. The phone: digits, spaces, hyphens, parentheses and a leading +, 3 to 40 characters (else 400 naming supervisionPhone; empty clears it). Yuan amounts with at most two decimals (else 400 naming the field); cost shares each 0..1 and summing to 1 (else 400 naming costShares). Answers the effective settings as GET does. Audit-logged as the area's change (`before.settings` and `after.settings`: the area's own values of the settings the request named).",
          { type: 'object', additionalProperties: false, minProperties: 1, properties: { supervisionPhone: nullable({ type: 'string', minLength: 3, maxLength: 40, pattern: '^\\+?[0-9 ()-]+$' }), ...moneyPut } },
          '200',
          settings,
          { '404': problem('No such area for this user') },
        ),
      },
    },
  },
  schemas: {
    FilmRequestCount: object(
      { villageId: integer, villageName: text, filmId: integer, title: text, category: text, requests: { type: 'integer', minimum: 1 } },
      { required: ['villageId', 'villageName', 'filmId', 'title', 'category', 'requests'] },
    ),
    VillagerReport: record({
      villageId: integer,
      villageName: text,
      townshipName: text,
      kind: enumOf(reportKinds),
      text: nullableText,
      state: enumOf(reportStates),
      note: nullableText,
      createdAt: time,
      handledAt: nullable(time),
      handledBy: { ...nullableText, description: 'the username of who last changed its state or note' },
      handledById: nullableInteger,
      screening: {
        oneOf: [
          object({
            id: integer,
            startsAt: time,
            teamName: text,
            status: enumOf(['scheduled', 'completed', 'cancelled']),
            verification: { ...nullable({ type: 'string' }), enum: ['verified', 'flagged', 'unverified', null], description: 'null unless completed' },
            decision: { ...nullable({ type: 'string' }), enum: ['accepted', 'rejected', null] },
          }),
          { type: 'null' },
        ],
      },
    }),
  },
});
