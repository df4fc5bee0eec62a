import { unitStatuses, verificationStates } from '../../domain/status.js';
import { levels } from '../../domain/units.js';
import { common, enumOf, monthPattern, problem, query, type ApiPieceOf, type Schema } from '../openapi/build.js';
import { MonthReportQuery } from './schemas.js';
import { filmCategories } from '../../domain/programme.js';
import { groupLevels } from '../areas/schemas.js';
import { effectiveTargetsSchema } from '../programmes/openapi.js';
import { reportKinds, reportStates } from '../../domain/voice.js';
// issue 22 progress
import { progressPaths } from './progress-openapi.js';

const month = query('month', { type: 'string', pattern: monthPattern }, 'YYYY-MM in the county zone; default: the current month');
const level = query('level', enumOf(levels, { default: 'administrative' }));
const area = query('areaId', { type: 'integer', minimum: 1 }, 'only this province, prefecture or county (GET /api/areas). Default: a bureau user\'s own area, else the whole deployment. An area the user may not see is 404');
const format = query('format', enumOf(MonthReportQuery.shape.format.unwrap().options, { default: 'json' }), 'csv: UTF-8 with a BOM, each table a section under its 【title】, apart by a blank line; xlsx: one sheet per table. Chinese headers, statuses in Chinese, coverage as a percentage (a whole one in CSV, exact with a % format in XLSX); months still to come are 未到期, not gaps. Every download opens with its title, the county and the period (the first line of the CSV, the first row of each sheet) and is named after the county (Content-Disposition). The county: the one county the request counts (the county of a bureau user, an asked county, the only county of the deployment), else the asked area\'s name. Times: XLSX date cells of the county\'s wall clock (format yyyy-mm-dd hh:mm); CSV ISO 8601 with the county\'s offset, as the JSON. States, statuses and count headings in the words of the pages (one glossary for both). Teams in the order a Chinese reader expects (pinyin, numerals by value: 第一, 第二, 第三).');
const int = { type: 'integer' };
/** A listed screening's programme, in order (the CSV and XLSX: its titles joined by 、 under 放映节目). */
const films: Schema = {
  type: 'array',
  description: "the screening's programme, in order",
  items: { type: 'object', properties: { id: int, title: { type: 'string' }, category: { type: 'string' }, minutes: { type: ['integer', 'null'] } } },
};
const counts: Record<string, Schema> = { units: int, covered: int, planned: int, overdue: int, gap: int, coverage: { type: 'number', description: 'covered / units, as /api/coverage' } };
const statuses = { type: 'array', minItems: 12, maxItems: 12, items: enumOf([...unitStatuses, null]) };


const share = (of: string) => ({ type: ['number', 'null'], minimum: 0, maximum: 1, description: `${of} / qualifying; null without a qualifying screening` });
const programmeCounts: Record<string, Schema> = {
  screenings: { ...int, description: 'completed screenings the bureau has not rejected, starting in the period (county zone)' },
  qualifying: { ...int, description: 'those whose programme qualifies as one 场: a long film (minutes ≥ LONG_FILM_MINUTES, default 60, in any category but other) or at least 3 science films' },
  withScience: { ...int, description: 'qualifying ones whose programme holds a science film' },
  scienceShare: share('withScience'),
  withNewFilm: { ...int, description: "qualifying ones whose programme holds a new film: a film whose year ≥ Y − 1, Y the screening's year in the county zone" },
  newFilmShare: share('withNewFilm'),
  repeats: { ...int, description: 'screenings stored with a repeatReason (a film shown again in the unit within 365 days)' },
};
const targets = { oneOf: [effectiveTargetsSchema, { type: 'null' }] };

function report(operationId: string, summary: string, params: unknown[], schema: Schema) {
  return {
    operationId,
    tags: ['reports'],
    summary,
    parameters: params,
    responses: {
      '200': {
        description: 'OK',
        content: {
          'application/json': { schema },
          'text/csv': { schema: { type: 'string' } },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
        },
      },
      '400': problem('Bad month, year, level or format'),
      ...common,
      '404': problem('No such area for this user'),
    },
  };
}

export const reportApi: ApiPieceOf = (config) => ({
  paths: {
    // issue 22 progress
    ...progressPaths(config),
    '/api/reports/month': {
      get: report('getMonthReport', `Month report (admin, bureau): coverage per township and county (the numbers of /api/coverage), screenings held, audience, science share, per team. Months in ${config.timezone}.`, [month, level, area, format], {
        type: 'object',
        properties: {
          month: { type: 'string' },
          timezone: { type: 'string' },
          level: { type: 'string' },
          place: { type: ['string', 'null'], description: 'the county the report is of (or the area asked), as its titles name it; null: several counties and no area (全县)' },
          county: { type: 'object', properties: counts },
          townships: { type: 'array', items: { type: 'object', properties: { id: int, name: { type: 'string' }, ...counts } } },
          screenings: { type: 'object', properties: { held: { ...int, description: 'completed' }, cancelled: int, audience: int, scienceShare: { type: 'number', description: 'completed science films / completed' } } },
          teams: { type: 'array', items: { type: 'object', properties: { id: int, name: { type: 'string' }, partnerName: { type: 'string' }, held: int, audience: int } } },
        },
      }),
    },
    '/api/reports/year': {
      get: report('getYearReport', 'Year report (admin, bureau): coverage per month, per unit the 12 statuses (null: not a unit that month), the units covered 12/12', [query('year', int, 'default: the current year'), level, area, format], {
        type: 'object',
        properties: {
          year: int,
          level: { type: 'string' },
          months: {
            type: 'array',
            items: { type: 'object', properties: { month: { type: 'string' }, units: int, covered: int, coverage: { type: 'number' }, due: { type: 'boolean', description: 'false for a month that has not begun in the county zone: not yet due, its gaps are no failure' } } },
          },
          averageCoverage: { type: ['number', 'null'], description: 'the mean coverage of the months that are due (null before the year begins)' },
          villages: { type: 'array', items: { type: 'object', properties: { id: int, name: { type: 'string' }, townshipName: { type: 'string' }, statuses } } },
          fullYear: { type: 'array', items: int, description: 'ids of the units covered in all 12 months' },
        },
      }),
    },
    '/api/reports/programme': {
      get: report(
        'getProgrammeReport',
        `Programme report (admin, bureau, partner): what the programmes of the completed, not rejected screenings of a month or a year held, inside the area (a bureau user's own by default) — a partner's own teams' screenings in its counties only. Totals, one group per child area (or the groupBy level; default the level below the area: a county's townships), each with its effective targets for the period's year (a township its county's); the films shown most; the repeats with their reasons. totals equal the sum of the groups. Months in ${config.timezone}.`,
        [
          month,
          query('year', { type: 'integer', minimum: 2000, maximum: 2100 }, 'a whole year instead of a month (both: 400 naming year; neither: the current month)'),
          area,
          query('groupBy', enumOf(groupLevels), "a level below the area's (400 otherwise); default the level just below it, or the townships of the one county in scope"),
          format,
        ],
        {
          type: 'object',
          properties: {
            month: { type: 'string', description: 'the month asked (absent for a year)' },
            year: { ...int, description: 'the year asked (absent for a month)' },
            timezone: { type: 'string' },
            longFilmMinutes: { ...int, description: 'LONG_FILM_MINUTES, as counted' },
            area: { type: ['object', 'null'], properties: { id: int, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } },
            place: { type: ['string', 'null'] },
            groupBy: enumOf(groupLevels),
            totals: { type: 'object', properties: programmeCounts },
            targetArea: { type: ['object', 'null'], description: 'the area whose targets `targets` are: the area asked (or a bureau user\'s own); without one, the one county in scope if there is exactly one (a county\'s deployment, a partner of one county, whose townships are then the default groups); else null', properties: { id: int, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } },
            targets: { ...targets, description: "the effective targets of targetArea for the period's year; null without a targetArea" },
            groups: {
              type: 'array',
              items: { type: 'object', properties: { id: { type: ['integer', 'null'], description: 'null: townships in no county' }, code: { type: ['string', 'null'] }, name: { type: 'string' }, level: enumOf(groupLevels), ...programmeCounts, targets } },
            },
            films: { type: 'array', description: 'every film shown, most shown first (a screening counts once for each film of its programme)', items: { type: 'object', properties: { filmId: int, title: { type: 'string' }, category: enumOf(filmCategories), screenings: int } } },
            repeats: {
              type: 'array',
              description: "the screenings with a repeatReason, by start; each beside the earlier screening of the same unit (a natural village's counts for its parent), not cancelled nor rejected, fewer than 365 calendar days before, that showed a film of its programme (the programme's first such film, its latest showing); filmId and otherScreeningId null when none is found",
              items: {
                type: 'object',
                properties: {
                  screeningId: int,
                  filmId: { type: ['integer', 'null'] },
                  otherScreeningId: { type: ['integer', 'null'] },
                  reason: { type: 'string' },
                  villageName: { type: 'string' },
                  startsAt: { type: 'string', format: 'date-time' },
                  filmTitle: { type: ['string', 'null'] },
                  otherStartsAt: { type: ['string', 'null'], format: 'date-time' },
                },
              },
            },
          },
        },
      ),
    },
    '/api/reports/subsidy': {
      get: report('getSubsidyStatement', `Subsidy statement (admin, bureau): completed screenings per team × the county's rate (its inherited area setting subsidyPerScreening, else SUBSIDY_PER_SCREENING_YUAN ${config.subsidyPerScreeningYuan} yuan; perScreeningYuan names the asked county's, or the one all counties in scope share, else the default), at most one per administrative unit per month (a natural village counts for its parent): the first backed screening by start time (verified by its evidence, or accepted by the bureau) is paid, the unit's others listed as extra; units with no backed screening yet are pending, rejected screenings listed apart`, [month, area, format], {
        type: 'object',
        properties: {
          month: { type: 'string' },
          perScreeningYuan: { type: 'number' },
          teams: { type: 'array', items: { type: 'object', properties: { teamId: int, teamName: { type: 'string' }, partnerName: { type: 'string' }, counted: int, amountYuan: { type: 'number' } } } },
          totalYuan: { type: 'number' },
          extra: { type: 'array', items: { type: 'object', properties: { screeningId: int, villageName: { type: 'string' }, teamName: { type: 'string' }, startsAt: { type: 'string', format: 'date-time' }, films, reason: { const: 'second screening of the unit this month' } } } },
          pending: {
            type: 'array',
            description: 'completed screenings of units with no backed screening yet: paid once verified or accepted (先放后补)',
            items: { type: 'object', properties: { screeningId: int, villageName: { type: 'string' }, teamName: { type: 'string' }, startsAt: { type: 'string', format: 'date-time' }, films, state: enumOf(verificationStates) } },
          },
          pendingYuan: { type: 'number', description: 'what the pending would be paid once backed: one screening a unit' },
          rejectedYuan: { type: 'number', description: "what the rejected are not paid: one screening a unit that nothing else pays" },
          rejected: { type: 'array', description: 'screenings the bureau rejected: they count for nothing', items: { type: 'object', properties: { screeningId: int, villageName: { type: 'string' }, teamName: { type: 'string' }, startsAt: { type: 'string', format: 'date-time' }, films, reason: { type: 'string' } } } },
        },
      }),
    },
    '/api/reports/villagers': {
      get: report(
        'getVillagersReport',
        `What villagers said in a month (admin, bureau, partner; DOMAIN.md "Villagers' voice"), inside the area (a bureau user's own by default): the films requested (点单: the requests made in the month, in ${config.timezone}, of villages in scope; each film counted once for each request naming it), most requested first; per team, over its completed screenings starting in the month, the villagers' confirmations and ratings (1–5) and their mean; the problem reports (反映问题) made in the month by kind and state. A partner reads the requests of the villages of its counties (as GET /api/requests), but only its own teams' confirmations and the reports on its own teams' screenings (as GET /api/villager-reports); a projectionist is refused.`,
        [month, area, format],
        {
          type: 'object',
          properties: {
            month: { type: 'string' },
            timezone: { type: 'string' },
            area: { type: ['object', 'null'], properties: { id: int, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } },
            place: { type: ['string', 'null'] },
            requests: {
              type: 'object',
              properties: {
                requests: { ...int, description: 'requests made in the month (one a phone, unit and month)' },
                villages: { ...int, description: 'units with at least one request' },
                films: { type: 'array', items: { type: 'object', properties: { filmId: int, title: { type: 'string' }, category: enumOf(filmCategories), requests: { ...int, description: 'requests naming the film' } } } },
              },
            },
            confirmations: {
              type: 'object',
              properties: {
                teams: {
                  type: 'array',
                  description: 'the teams with a completed screening in the month inside the scope, by partner and name',
                  items: {
                    type: 'object',
                    properties: {
                      teamId: int,
                      teamName: { type: 'string' },
                      partnerName: { type: 'string' },
                      screenings: { ...int, description: 'completed screenings starting in the month' },
                      confirmed: { ...int, description: 'those a villager confirmed' },
                      confirmations: { ...int, description: 'confirmations of them (one a phone)' },
                      ratings: { ...int, description: 'confirmations with a rating' },
                      averageRating: { type: ['number', 'null'], description: 'the mean rating (1–5); null without one' },
                    },
                  },
                },
                totals: { type: 'object', description: 'the sums over the teams; averageRating over every rating', properties: { screenings: int, confirmed: int, confirmations: int, ratings: int, averageRating: { type: ['number', 'null'] } } },
              },
            },
            reports: {
              type: 'object',
              properties: {
                total: int,
                byState: { type: 'object', properties: Object.fromEntries(reportStates.map((s) => [s, int])) },
                byKind: { type: 'array', items: { type: 'object', properties: { kind: enumOf(reportKinds), ...Object.fromEntries(reportStates.map((s) => [s, int])), total: int } } },
              },
            },
          },
        },
      ),
    },
  },
});
