import { filmColumns, filmHeaderNames } from '../../../domain/film-columns.js';
import { categoryNamesZh } from '../../../domain/programme.js';
import { booleanParam, common, countyTime, enumOf, idParam, integer, nullable, nullableInteger, nullableText, page, pagingParams, problem, query, read, record, ref, text, write, type ApiPieceOf, type Schema } from '../../openapi/build.js';
import { categories } from './schemas.js';
import { THEME_LENGTH, THEMES_MAX } from './import-rows.js';

const date = { type: 'string', format: 'date' };
const nullableDate = { type: ['string', 'null'], format: 'date' };

const importCounts: Record<string, Schema> = {
  created: integer,
  updated: integer,
  unchanged: integer,
  dryRun: { type: 'boolean' },
  encoding: enumOf(['utf-8', 'gb18030', null], { description: 'what a CSV was read as (null: nothing but ASCII, or a workbook)' }),
  errors: {
    type: 'array',
    description: 'the first 1,000 refused rows; row counts data rows from 1 (0: the header or the file as a whole); message in the request\'s language (Accept-Language)',
    items: {
      type: 'object',
      required: ['row', 'column', 'code', 'params', 'message'],
      properties: { row: { type: 'integer', minimum: 0 }, column: text, code: ref('ImportErrorCode'), params: { type: 'object' }, message: text, path: { type: 'string', description: 'in a 400 only: rows.<row>.<column>' } },
    },
  },
  errorCount: integer,
};

const headerList = filmColumns.map((c) => `\`${c}\`: ${filmHeaderNames[c].names.join(', ')}`).join('; ');
const categoryList = categories.map((c) => `${c} (${categoryNamesZh[c]})`).join(', ');

export const filmApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/films': {
      get: {
        operationId: 'listFilms',
        tags: ['registry'],
        ...read('Films, by title', page('Film'), [
          query('q', text, 'a part of the title or of the code'),
          query('category', enumOf(categories)),
          query('availableOn', date, 'licensed that day: inside the licence window (both ends inclusive, either open) and not retired'),
          query('theme', text, 'films with this theme'),
          ...pagingParams,
        ]),
      },
      post: { operationId: 'createFilm', tags: ['registry'], ...write('Create a film (admin, bureau)', ref('NewFilm'), '201', ref('Film'), { '409': problem('Another film has this code (errors name `code`)') }) },
    },
    '/api/films/{id}': {
      get: { operationId: 'getFilm', tags: ['registry'], ...read('One film', ref('Film'), [idParam], { '404': problem('Unknown id') }) },
      patch: {
        operationId: 'updateFilm',
        tags: ['registry'],
        parameters: [idParam],
        ...write('Change a film, retire it (retiredAt) or bring it back (retiredAt: null) (admin, bureau)', ref('FilmPatch'), '200', ref('Film'), { '404': problem('Unknown id'), '409': problem('Another film has this code (errors name `code`)') }),
      },
    },
    '/api/films/import': {
      post: {
        operationId: 'importFilms',
        tags: ['registry'],
        summary: 'Import a film catalogue from CSV or XLSX (admin, bureau)',
        description: [
          'The body is the file itself (not a form). CSV: UTF-8 with or without a BOM, or GBK/GB18030 (detected). XLSX: the first worksheet with cells, read like a CSV. Other files are refused with 415 as the village import refuses them.',
          `The first line names the columns, in any order, in English or Chinese (case, spaces and brackets ignored; other columns ignored): ${headerList}. title and category are required columns.`,
          `category: ${categoryList}, in English or Chinese. minutes 1 to 1000, year 1900 to 2100 (a unit after the number, 分钟 or 年, is read). Dates as YYYY-MM-DD (also 2026/5/1, 2026年5月1日, a workbook's date cell). themes: separated by ; or 、 (at most ${THEMES_MAX}, each at most ${THEME_LENGTH} characters).`,
          'A row with a code updates the film with that code; else the film with that title (case-insensitive) and year; else it creates a film. A column the file leaves out leaves the film\'s value as it is; an empty cell clears it. Two rows that name one film are refused (duplicate_film).',
          'All or nothing: any refused row refuses the whole file (400 with every row error, `path` rows.<row>.<column>, and the counts of the other rows). dryRun checks and counts only. A re-import of the same file answers unchanged = every row and writes nothing. Each created or changed film is one audit row.',
        ].join('\n\n'),
        parameters: [booleanParam('dryRun', 'check and count only: nothing is stored')],
        requestBody: {
          required: true,
          content: { 'text/csv': { schema: { type: 'string' } }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
        },
        responses: {
          '200': { description: 'Imported (or, with dryRun, what would be)', content: { 'application/json': { schema: { type: 'object', properties: importCounts } } } },
          '400': { description: 'Refused, nothing stored', content: { 'application/problem+json': { schema: { type: 'object', properties: { type: text, title: text, status: integer, detail: text, ...importCounts } } } } },
          ...common,
          '413': problem('Body over 200 MB (code too_large)'),
          '415': problem('Neither CSV nor XLSX (by its Content-Type, its Content-Encoding or its first bytes); errors[0].code says which'),
        },
      },
    },
  },
  schemas: {
    Film: record({
      title: text,
      category: enumOf(categories),
      minutes: nullableInteger,
      year: nullableInteger,
      code: { ...nullableText, description: 'the national catalogue number, unique when given' },
      availableFrom: { ...nullableDate, description: 'the licence window\'s first day (null: open)' },
      availableTo: { ...nullableDate, description: 'the licence window\'s last day, inclusive (null: open)' },
      themes: { type: 'array', items: text },
      retiredAt: nullable(countyTime(config)),
    }),
    NewFilm: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'category'],
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 200 },
        category: enumOf(categories),
        minutes: { type: ['integer', 'null'], minimum: 1, maximum: 1000 },
        year: { type: ['integer', 'null'], minimum: 1900, maximum: 2100 },
        code: { type: ['string', 'null'], maxLength: 50, description: 'unique when given (409 naming code); empty means none' },
        availableFrom: nullableDate,
        availableTo: { ...nullableDate, description: 'on or after availableFrom (400 naming availableTo)' },
        themes: { type: ['array', 'null'], maxItems: THEMES_MAX, items: { type: 'string', minLength: 1, maxLength: THEME_LENGTH } },
        retiredAt: { ...nullable(countyTime(config)), description: 'a retired film is licensed on no day' },
      },
    },
    FilmPatch: { $ref: '#/components/schemas/NewFilm', required: [] },
  },
});
