import { booleanParam, common, enumOf, problem, query, ref, type ApiPieceOf, type Schema } from '../openapi/build.js';
import { encodings } from './decode.js';
import { importCodes } from './codes.js';
import { columns, headerNames, ignoredHeaders } from './columns.js';

const counts: Record<string, Schema> = {
  created: { type: 'integer' },
  updated: { type: 'integer' },
  unchanged: { type: 'integer' },
  retired: { type: 'integer', description: 'retired by this run; in a dry run, what retireMissing=true would retire' },
  townshipsCreated: { type: 'integer' },
  newTownships: {
    type: 'array',
    description: 'the townships this run creates (in a dry run: would create), the first 1,000: code, the name the file gives it, and how many of the file\'s villages it gets',
    items: { type: 'object', properties: { code: { type: 'string' }, name: { type: ['string', 'null'] }, villages: { type: 'integer' } } },
  },
  missing: { type: 'array', description: 'the first 1,000 villages (with a code, not retired) of the file\'s townships that the file leaves out', items: { type: 'object', properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, townshipName: { type: 'string' } } } },
  missingTotal: { type: 'integer' },
  dryRun: { type: 'boolean' },
  encoding: enumOf([...encodings, null], { description: 'what the body was read as (null: nothing but ASCII)' }),
  errors: {
    type: 'array',
    description: 'the first 1,000 refused rows; row counts data rows from 1 (0: the header or the file as a whole)',
    items: {
      type: 'object',
      required: ['row', 'column', 'code', 'params', 'message'],
      properties: {
        row: { type: 'integer', minimum: 0 },
        column: { type: 'string' },
        code: ref('ImportErrorCode'),
        params: { type: 'object', additionalProperties: { type: ['string', 'integer'] }, description: 'the values the message names, by name (e.g. {"digits": 12})' },
        message: { type: 'string', description: 'in English, made from the code and its params' },
        path: { type: 'string', description: 'in a 400 only: rows.<row>.<column>' },
      },
    },
  },
  errorCount: { type: 'integer' },
};

/** The problem of a file refused whole (415, 413, some 400s): one entry naming the file. */
const fileProblem = (description: string) => ({
  description,
  content: {
    'application/problem+json': {
      schema: {
        allOf: [
          ref('Problem'),
          { properties: { errors: { items: { properties: { path: { const: 'file' }, code: ref('ImportErrorCode'), params: { type: 'object' } } } } } },
        ],
      },
    },
  },
});

const codeList = Object.entries(importCodes)
  .map(([code, c]) => `- \`${code}\`: ${c.when} — “${c.en}”`)
  .join('\n');

const headerList = columns
  .map((c) => {
    const { names, fallback = [] } = headerNames[c];
    return `\`${c}\`: ${names.join(', ')}${fallback.length ? ` (when the file has none of those: ${fallback.join(', ')})` : ''}`;
  })
  .join('; ');

export const importApi: ApiPieceOf = () => ({
  paths: {
    '/api/villages/import': {
      post: {
        operationId: 'importVillages',
        tags: ['registry'],
        summary: 'Import the village registry from CSV, XLSX or GeoJSON (admin, bureau)',
        description: [
          'The body is the file itself (not a form), up to 200 MB, read as a stream.',
          'CSV (`text/csv`, also text/plain or application/vnd.ms-excel): UTF-8 with or without a BOM, or GB18030 (detected: valid UTF-8 is UTF-8).',
          'XLSX (a workbook as Excel saves it, sent as its own type, octet-stream or any CSV type: it is known by its bytes): the first worksheet with cells, read like a CSV; a title line above the header (fewer than two cells) is skipped. Older workbooks (XLS, ODS) are refused with 415.',
          `The first line names the columns, in any order, in English or as a county clerk's sheet does (序号, 乡镇, 村委会, 村代码, 经度, 纬度). Case, spaces (full-width too), brackets of either width and _ - . / 、 * : are ignored; a header with a bracketed note that matches nothing (经度（°）) is matched without it. Other columns are ignored (${ignoredHeaders.join(', ')} and any other). Accepted names: ${headerList}.`,
          'GeoJSON (`application/geo+json` or `application/json`): a FeatureCollection of Point features whose properties use the same names; the point gives lng, lat. An untyped or octet-stream body starting with `{` is GeoJSON, else CSV.',
          'Each row is upserted by its 12-digit village code. Its township is matched by the 9-digit township code; without a township code column (or with the cell empty) the township is the village code\'s first 9 digits. A township code the registry lacks is created, in the same transaction, named by the file\'s township_name (乡镇) — its first row that gives one; when no row gives one, the row is refused (`new_township_needs_name`, column township_name). `newTownships` lists them, in a dry run too.',
          'A bureau user with an area imports into its own counties only: every township, village and parent code must begin with one of its counties\' codes (else the row error `outside_area`, for another county\'s code and a code of no county alike); retireMissing and the dry run\'s missing list look at its counties\' townships only.',
          'kind: administrative (行政村, 社区, 村委会, 居委会) or natural (自然村, 村民小组); empty means natural when parent_code is given, else administrative. A natural village names its administrative parent (in the file or the registry) in the same township.',
          'lat/lng: decimal WGS-84 degrees; a new village without them is refused (no guessed position); an existing one keeps its position. Given positions clear positionApproximate.',
          'A village in the file that was retired is restored. A township\'s name is not changed by an import.',
          'One transaction: any refused row refuses the whole file (400 with every row error and the counts of the rest). A re-import of the same file answers unchanged = every row and writes nothing. Each created or changed village is one audit row.',
          'New villages are inserted and changed ones updated: a village created by hand, while the import runs, under one of the file\'s new codes makes the import a 409 (nothing stored; import again). An import that creates or changes 50,000 villages or more, and at least half of the registry it leaves (the national file into an empty registry), writes them with the villages\' indexes and foreign keys set aside, then rebuilds and validates them whole, in its transaction: from its writing to its commit, other requests that read or write the villages (and the townships, when they were free to lock at once) wait.',
          'A file that is not text is recognised by its first bytes, whatever its Content-Type, and refused with 415 saying what it is: an Excel workbook (save it as CSV UTF-8 first), an image, a PDF or Word document, an archive, a shapefile, XML/KML/HTML, UTF-16 text, other binary data.',
          'Every error entry carries a stable `code` and its `params` beside the English `message`, so a client can say it in its reader\'s language. Text taken from the file (headers, the CSV reader\'s detail) is shown back as printable characters only, cut short.',
        ].join('\n\n'),
        parameters: [
          booleanParam('dryRun', 'check and count only: nothing is stored'),
          booleanParam('retireMissing', 'retire (retiredAt = now) the villages with a code in the file\'s townships that the file leaves out'),
          query('townshipCode', { type: 'string', pattern: '^[0-9]{9}$' }, 'import one township: fills an empty township_code, refuses another, and bounds retireMissing'),
        ],
        requestBody: {
          required: true,
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            'application/geo+json': { schema: { type: 'object', description: 'FeatureCollection of Point features' } },
          },
        },
        responses: {
          '200': { description: 'Imported (or, with dryRun, what would be)', content: { 'application/json': { schema: { type: 'object', properties: counts } } } },
          '400': {
            description: 'Refused, nothing stored: one errors entry per bad row and column, with the counts of the other rows',
            content: { 'application/problem+json': { schema: { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, ...counts } } } },
          },
          ...common,
          '409': problem('A village was created meanwhile, by hand, under one of the file\'s new codes: nothing stored, import again'),
          '413': fileProblem('Body over 200 MB (code too_large)'),
          '415': fileProblem('Neither CSV, XLSX nor GeoJSON: by its Content-Type (a multipart form, another type), its Content-Encoding, or its first bytes (a workbook, an image, a PDF, an archive…); the code says which'),
        },
      },
    },
  },
  schemas: {
    ImportErrorCode: {
      enum: Object.keys(importCodes),
      description: `What is wrong, stable for clients; each code with when it comes and its English message ({name}: a parameter in params):\n\n${codeList}`,
    },
  },
});
