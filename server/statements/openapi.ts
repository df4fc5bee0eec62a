import { verificationStates } from '../../domain/status.js';
import { common, enumOf, idParam, integer, nullable, nullableInteger, object, page, pagingParams, problem, query, read, ref, text, write, type ApiPieceOf, type Schema } from '../openapi/build.js';

// /api/statements (DOMAIN.md "Periods and settlement"): issue a county's round, list, read as JSON, CSV or XLSX.

const round = { type: 'string', pattern: '^[0-9]{4}-(Q[1-4]|H[12]|0[1-9]|1[0-2])$', description: '2026-Q1 (quarter), 2026-H1 (half year) or 2026-03 (month)' };
const yuan = { type: 'number', multipleOf: 0.01, description: 'yuan, two decimals' };
const time = { type: 'string', format: 'date-time' };
const shares = object({ central: yuan, province: yuan, prefecture: yuan, county: yuan }, { description: "each budget level's share of the gross (largest remainder: they add up to the gross to the fen)" });
const amounts = object({ count: integer, films: integer, gross: yuan, shares, filmFees: yuan, net: yuan });
const line = object({
  screeningId: integer,
  month: text,
  startsAt: time,
  villageId: integer,
  villageName: text,
  unitId: { ...integer, description: 'the administrative village the screening counts for (a natural village: its parent)' },
  unitName: text,
  townshipName: text,
  teamName: text,
  partnerId: integer,
  partnerName: text,
  contractId: nullableInteger,
  films: { type: 'array', items: text, description: "the programme's titles in order" },
});
const summaryProps = {
  id: integer,
  number: { ...text, description: 'the statement number: county code, round, id' },
  countyId: integer,
  countyCode: text,
  countyName: text,
  round,
  issuedAt: time,
  issuedBy: nullable(text),
  supersedesId: nullableInteger,
  supersededById: nullableInteger,
  current: { type: 'boolean' },
  totals: amounts,
};
const group = object({ contractId: nullableInteger, partnerId: integer, partnerName: text, ...(amounts.properties as Record<string, Schema>) });
const statement = object({
  ...summaryProps,
  months: { type: 'array', items: text },
  settings: object({ subsidyPerScreening: yuan, costShares: object({ central: { type: 'number' }, province: { type: 'number' }, prefecture: { type: 'number' }, county: { type: 'number' } }), filmFeePerFilm: yuan, from: { type: 'object', description: 'whose each setting was (an area name; null: the default)' } }, { description: 'the settings used, frozen at the issue' }),
  groups: { type: 'array', items: group, description: 'one per partner contract (the contract covering the county that month)' },
  paid: { type: 'array', items: { allOf: [line, object({ amount: yuan, filmFees: yuan })] } },
  extra: { type: 'array', items: line, description: "backed screenings of a unit-month already paid: listed, not paid" },
  pending: { type: 'array', items: { allOf: [line, object({ verification: enumOf(verificationStates) })] }, description: 'neither verified nor decided: not paid' },
  rejected: { type: 'array', items: { allOf: [line, object({ reason: text })] } },
  differences: nullable(
    object({
      supersedesId: integer,
      added: { type: 'array', items: line },
      removed: { type: 'array', items: line },
      groups: { type: 'array', items: object({ contractId: nullableInteger, partnerId: integer, partnerName: text, before: nullable(amounts), after: nullable(amounts) }) },
      totals: nullable(object({ before: amounts, after: amounts })),
      settingsChanged: { type: 'boolean' },
    }),
  ),
  partial: { type: 'boolean', description: "true for a partner: only its own contracts' groups and screenings, totals over them" },
});

export const statementApi: ApiPieceOf = () => ({
  paths: {
    '/api/statements': {
      get: {
        operationId: 'listStatements',
        tags: ['statements'],
        ...read(
          'The statements issued, newest first, current and superseded (admin: all; a bureau user: of the counties inside its area; a partner: of the counties it holds contracts in; a projectionist 403).',
          page('StatementSummary'),
          [query('countyId', integer), query('round', round), ...pagingParams],
        ),
      },
      post: {
        operationId: 'createStatement',
        tags: ['statements'],
        ...write(
          "Issue the statement of a county's round (admin; a bureau user for a county inside its area, else 404; a partner or a projectionist 403). Every month of the round must be locked: else 409 (type …/round-not-locked) with one error `months.YYYY-MM` a month that is not, and `months: [{month, state}]`. Per administrative unit (a natural village counts for its parent) and month the first screening by start that is accepted, or verified and not decided, is paid; the unit-month's further ones listed, not paid; pending and rejected listed apart. Per partner contract: count, gross = count × subsidyPerScreening, each level's share by costShares (to the fen), film fees = films of the paid programmes × filmFeePerFilm, net. The settings used are frozen into it. Issuing a round again supersedes the current statement and lists the differences. Audit-logged (entity statement).",
          object({ countyId: integer, round }, { required: ['countyId', 'round'], additionalProperties: false }),
          '201',
          ref('Statement'),
          { '404': problem('No such county for this user'), '409': problem('A month of the round is not locked') },
        ),
      },
    },
    '/api/statements/{id}': {
      get: {
        operationId: 'getStatement',
        tags: ['statements'],
        summary: 'One statement as issued (never changed), as JSON, or as CSV (UTF-8 with a BOM, Chinese headings, yuan as "350.00") or XLSX (sheets 汇总, 计补贴场次, 待核实及不计补贴, 变更). A partner reads its own part only. The A4 page is /statement?id=N.',
        parameters: [idParam, query('format', enumOf(['json', 'csv', 'xlsx']))],
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': { schema: ref('Statement') },
              'text/csv': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            },
          },
          '400': problem('A bad id or format'),
          ...common,
          '404': problem('No such statement for this user'),
        },
      },
    },
  },
  schemas: { StatementSummary: object(summaryProps), Statement: statement },
});
