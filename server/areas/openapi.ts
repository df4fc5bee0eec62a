import { booleanParam, enumOf, idParam, nullableInteger, page, pagingParams, problem, query, read, record, ref, remove, text, write, type ApiPieceOf } from '../openapi/build.js';
import { areaLevels } from './schemas.js';

export const areaApi: ApiPieceOf = () => ({
  paths: {
    '/api/areas': {
      get: {
        operationId: 'listAreas',
        tags: ['areas'],
        ...read(
          'Provinces, prefectures and counties, by code. A bureau user with an area sees it and the areas below it; a partner holding contracts the areas holding its counties (and those above them); the others every area.',
          page('Area'),
          [
            query('level', enumOf(areaLevels)),
            query('parentId', { type: 'integer', minimum: 1 }, 'the areas directly below this one'),
            query('q', text, 'name contains, or code starts with'),
            ...pagingParams,
          ],
        ),
      },
      post: {
        operationId: 'createArea',
        tags: ['areas'],
        ...write('Create an area (admin). The code places it: 2 digits a province, 4 a prefecture under the province of its first 2, 6 a county under the prefecture of its first 4 (400 when that parent is missing). Townships with a code and no county join a new county of their first 6 digits.', ref('NewArea'), '201', ref('Area'), {
          '409': problem('Duplicate code'),
        }),
      },
    },
    '/api/areas/deployment-county': {
      get: {
        operationId: 'getDeploymentCounty',
        tags: ['areas'],
        ...read('The deployment\'s county: the one county when the registry has exactly one, else null (none yet, or a prefecture, province or nation of several). Reports name it in their titles; `/app-config.json` publishes it as `county` for the pages.', {
          type: 'object',
          required: ['county'],
          properties: { county: { oneOf: [ref('DeploymentCounty'), { type: 'null' }] } },
        }),
      },
      put: {
        operationId: 'updateDeploymentCounty',
        tags: ['areas'],
        ...write(
          'Name the deployment\'s county (admin), as the setup page does on the first day of a county installed from empty: its 6-digit national code and its name. Its province (the code\'s first 2 digits) and prefecture (first 4) are created when the registry lacks them, named from the national division codes the server carries (2023) or from `provinceName` / `prefectureName`, which are needed only for a code it does not know (400 naming them). Every township in no county whose code is none or begins with the county\'s code is placed in it (`townshipsPlaced`), and so is every township written later without a county while the deployment has this one county (registry, import, any client). 201 when created; the same code again renames the county (200); a deployment that already has another county, or several, is 409 naming `code` (the national hierarchy comes by POST /api/areas/import). Audit-logged as areas.',
          ref('NamedCounty'),
          '200',
          { type: 'object', required: ['county', 'townshipsPlaced'], properties: { county: ref('Area'), townshipsPlaced: { type: 'integer' } } },
          { '201': { description: 'Created', content: { 'application/json': { schema: { type: 'object', properties: { county: ref('Area'), townshipsPlaced: { type: 'integer' } } } } } }, '409': problem('The deployment already has another county') },
        ),
      },
    },
    '/api/areas/{id}': {
      get: { operationId: 'getArea', tags: ['areas'], ...read('One area (404 outside the user\'s scope)', ref('Area'), [idParam], { '404': problem('Unknown id') }) },
      patch: { operationId: 'updateArea', tags: ['areas'], parameters: [idParam], ...write('Rename an area (admin); its code does not change', ref('AreaPatch'), '200', ref('Area'), { '404': problem('Unknown id') }) },
      delete: { operationId: 'deleteArea', tags: ['areas'], ...remove('Delete an area (admin) that holds no area, township, contract or user (409 otherwise)') },
    },
    '/api/areas/import': {
      post: {
        operationId: 'importAreas',
        tags: ['areas'],
        summary:
          'Import the national division files (admin): a CSV with `code` and `name` columns (other columns ignored), such as provinces.csv, cities.csv (prefectures), areas.csv (counties) and streets.csv (townships) of the national statistical codes, one after another or joined under one header. 2, 4 and 6 digits make areas, placed by their code; 9 digits make townships, placed in the county of their first 6. Codes are matched: a row already there with the same name is unchanged, with another name renamed. All or nothing: any bad row refuses the whole file (400 with `errors` per row, as the village import). Villages then come through POST /api/villages/import, whose new townships join the county of their code.',
        parameters: [booleanParam('dryRun', 'count what would change, write nothing')],
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
        responses: {
          '200': {
            description: 'What changed (or would, in a dry run)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: Object.fromEntries(
                    ['created', 'updated', 'unchanged', 'townshipsCreated', 'townshipsUpdated', 'townshipsUnchanged', 'townshipsPlaced', 'errorCount'].map((k) => [k, { type: 'integer' }]),
                  ),
                },
              },
            },
          },
          '400': problem('Bad rows: nothing was imported'),
          '413': problem('Over 50 MB'),
          '415': problem('Not CSV text'),
        },
      },
    },
  },
  schemas: {
    Area: record({ code: text, name: text, level: enumOf(areaLevels), parentId: nullableInteger }),
    NewArea: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'name'],
      properties: { code: { type: 'string', pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6})$' }, name: { type: 'string', minLength: 1, maxLength: 100 } },
    },
    DeploymentCounty: { type: 'object', required: ['id', 'code', 'name'], properties: { id: { type: 'integer' }, code: text, name: text } },
    NamedCounty: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'name'],
      properties: {
        code: { type: 'string', pattern: '^[0-9]{6}$', description: 'the county\'s national code, e.g. 530423' },
        name: { type: 'string', minLength: 1, maxLength: 100 },
        prefectureName: { type: 'string', minLength: 1, maxLength: 100, description: 'only for a prefecture code the server does not know' },
        provinceName: { type: 'string', minLength: 1, maxLength: 100, description: 'only for a province code the server does not know' },
      },
    },
    AreaPatch: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } },
  },
});
