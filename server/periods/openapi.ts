import { approvalLevels, periodActions, periodStates, PERIOD_REASON_MAX } from '../../domain/periods.js';
import { common, countyTime, enumOf, integer, json, monthPattern, nullable, object, page, pagingParams, problem, query, ref, text, type ApiPieceOf } from '../openapi/build.js';

// The sign-off of a county-month (DOMAIN.md "Periods and settlement", issue 22): GET /api/periods
// and POST /api/periods/{countyId}/{month}/{action}, and the 409 …/period-locked problem every
// write of a locked month's screenings, evidence or decisions answers (referenced by
// server/screenings/openapi.ts and server/evidence/openapi.ts through `periodLockedOr`).

/** The problem type of a write refused because its county-month is locked. */
export const PERIOD_LOCKED_TYPE = 'https://film2131.example/problems/period-locked';

/**
 * A 409 response that is `description`, or the locked month's problem (schema PeriodLocked):
 * for the write operations of screenings, their evidence and decisions.
 */
export const periodLockedOr = (description: string | null) => ({
  description: `${description ? `${description}; or ` : ''}the screening's county-month (or, for a create or a move, the month it would lie in) is signed off and locked: type ${PERIOD_LOCKED_TYPE}, its \`period\` member names the county and month (schema PeriodLocked), errors name \`period\`. Nothing is written; a bureau reopens the month first.`,
  content: { 'application/problem+json': { schema: description ? { anyOf: [ref('Problem'), ref('PeriodLocked')] } : ref('PeriodLocked') } },
});

const month = { type: 'string', pattern: monthPattern };

export const periodApi: ApiPieceOf = (config) => {
  const time = countyTime(config);
  const levels = config.approvalLevels.join(',');
  return {
    paths: {
      '/api/periods': {
        get: {
          operationId: 'listPeriods',
          tags: ['periods'],
          summary: 'The county-months of one month in scope, one row per county (by code)',
          description: [
            'One row per county the caller may see (a bureau: the counties of its area; a partner: the counties of its contracts; the admin: all), counties by code, each with its sign-off state for the month.',
            'A county with no step yet is `open`. `partners` lists the partners whose teams screened in the county that month (not cancelled), or, when none did, those holding a contract for it; a partner sees only its own entry there (and `unreported` counts its own teams\' screenings only).',
            '`actions` are the steps the caller may take now, as the page offers them; the step itself checks again.',
            `APPROVAL_LEVELS here: ${levels} (the levels that approve in turn, lowest first).`,
          ].join('\n\n'),
          parameters: [
            query('month', month, 'YYYY-MM, in the county zone; default: the last month that has ended (the current one minus one)'),
            query('areaId', { type: 'integer' }, 'only the counties inside this area (itself a county, or a prefecture or province above them); an area outside the caller\'s scope is a 404'),
            query('state', enumOf(periodStates), 'only the county-months in this state'),
            ...pagingParams,
          ],
          responses: {
            '200': { description: 'OK', ...json(page('Period')) },
            '400': problem('A bad query parameter (month not YYYY-MM, state not one of the states, a bad areaId, limit or offset), named in `errors`'),
            ...common,
            '403': problem('A projectionist'),
            '404': problem('areaId is unknown, or outside the caller\'s area'),
          },
        },
      },
      '/api/periods/{countyId}/{month}/{action}': {
        post: {
          operationId: 'updatePeriod',
          tags: ['periods'],
          summary: 'Take one step of a county-month\'s sign-off: submit, approve, return or reopen',
          description: [
            'open ─submit─▶ submitted ─approve (each level of APPROVAL_LEVELS in turn)─▶ approved … ─▶ locked; submitted or approved ─return (reason)─▶ returned ─submit─▶ …; locked ─reopen (reason)─▶ open.',
            '**submit**: once the month has ended in the county zone and none of the caller\'s screenings of it is still scheduled. Where several partners\' teams screened in the county that month, each submits its own and the month is `submitted` when all have (until then it stays open or returned, and `partners[].submitted` says who has). A month no partner screened in is submitted by a partner holding a contract for it, or by the county bureau (a bureau of the county, the whole deployment, or the admin).',
            '**approve** and **return**: by the bureau of the level the month awaits (`awaiting`): a bureau whose area is at that level and contains the county; a whole-deployment bureau and the admin act for any level. A screening planned in the month after its submission (still scheduled) blocks the approval with a 409 listing it. Approved at every level of APPROVAL_LEVELS, the month is `locked`. A return needs a `reason` and clears every submission and approval: each partner submits again.',
            '**reopen**: a locked month, by a bureau at or above an approving level (or the admin), with a `reason`: the month goes back to `open` (not to submitted), every submission and approval cleared.',
            'Each step is kept in `steps` (with its level, user and reason) and written to the audit log (entity `period`, id the county). Steps on one county take turns with each other and with every write of its screenings and evidence: a write racing the approval that locks the month lands before it or is refused.',
          ].join('\n\n'),
          parameters: [
            { name: 'countyId', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 2147483647 }, description: 'the county (an area at county level)' },
            { name: 'month', in: 'path', required: true, schema: month, description: 'YYYY-MM, in the county zone' },
            { name: 'action', in: 'path', required: true, schema: enumOf(periodActions) },
          ],
          requestBody: { required: false, ...json(ref('PeriodStepBody')) },
          responses: {
            '200': { description: 'The county-month after the step', ...json(ref('Period')) },
            '400': problem('A bad path parameter (countyId, month or action) or body; a return or reopening without a `reason` (named `reason`)'),
            ...common,
            '403': problem("A projectionist; a partner approving, returning or reopening; a bureau of another level than the one the month awaits (a prefecture bureau cannot approve the county's step); a bureau other than the county's submitting a month no partner screened in"),
            '404': problem("Unknown county, or outside the caller's scope"),
            '409': problem(
              'The step is out of order for the month\'s state (errors name `state`: e.g. approving an open month, reopening one not locked, submitting twice); the month has not ended in the county zone (errors name `month`); screenings of the month are still scheduled (one error `screenings.N` each, naming the screening, its village, start and team); a partner submitting a month its teams did not screen in, or without a contract when nobody screened (errors name `countyId`)',
            ),
            '413': problem('Body over 1 MB'),
            '415': problem('A body that is not JSON'),
          },
        },
      },
    },
    schemas: {
      PeriodStepBody: object({ reason: { type: ['string', 'null'], maxLength: PERIOD_REASON_MAX, description: 'why: required (not blank) to return and to reopen; kept with the step' } }, { additionalProperties: false }),
      Period: object(
        {
          countyId: integer,
          countyName: text,
          countyCode: text,
          month: { ...month, description: 'YYYY-MM, in the county zone' },
          state: enumOf(periodStates),
          awaiting: { enum: [...approvalLevels, null], description: 'the level whose approval the month waits for (null unless submitted or approved in part)' },
          approvedLevels: { type: 'array', items: enumOf(approvalLevels), description: 'the levels that have approved, in order' },
          ended: { type: 'boolean', description: 'the month has ended in the county zone (a submission waits for it)' },
          unreported: { type: 'integer', minimum: 0, description: "screenings of the month still scheduled (a partner: its own teams' only): what stops a submission" },
          partners: {
            type: 'array',
            description: 'the partners whose teams screened in the county that month, or (none did) those holding a contract for it; a partner sees only its own entry',
            items: object({ id: integer, name: text, screened: { type: 'boolean' }, submitted: { type: 'boolean' } }, { required: ['id', 'name', 'screened', 'submitted'] }),
          },
          actions: { type: 'array', items: enumOf(periodActions), description: 'the steps the caller may take now' },
          steps: { type: 'array', items: ref('PeriodStep'), description: 'every step taken, oldest first (reopened months keep their history)' },
        },
        { required: ['countyId', 'countyName', 'countyCode', 'month', 'state', 'awaiting', 'approvedLevels', 'ended', 'unreported', 'partners', 'actions', 'steps'] },
      ),
      PeriodStep: object(
        {
          action: enumOf(periodActions),
          level: { enum: [...approvalLevels, null], description: 'the level that approved, returned or reopened (null: a submission)' },
          partnerId: { ...nullable(integer), description: 'the partner that submitted (null: the county bureau, or not a submission)' },
          userId: nullable(integer),
          userName: nullable(text),
          at: time,
          reason: nullable(text),
        },
        { required: ['action', 'level', 'partnerId', 'userId', 'userName', 'at', 'reason'] },
      ),
      PeriodLocked: {
        allOf: [ref('Problem')],
        type: 'object',
        description: `409 ${PERIOD_LOCKED_TYPE}: a write of a screening, its evidence (fix, photo, villager's confirmation) or its review decision whose county-month is signed off and locked (DOMAIN.md "Periods and settlement"), checked by the database inside the write's own transaction; errors: [{path: 'period'}]. Nothing is written.`,
        required: ['period'],
        properties: { type: { const: PERIOD_LOCKED_TYPE }, status: { const: 409 }, period: object({ countyId: integer, month: { ...month } }, { required: ['countyId', 'month'] }) },
      },
    },
  };
};
