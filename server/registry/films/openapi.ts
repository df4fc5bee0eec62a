import { enumOf, idParam, page, pagingParams, problem, query, read, record, ref, text, write, type ApiPieceOf } from '../../openapi/build.js';
import { categories } from './schemas.js';

export const filmApi: ApiPieceOf = () => ({
  paths: {
    '/api/films': {
      get: { operationId: 'listFilms', tags: ['registry'], ...read('Films', page('Film'), [query('q', text), query('category', enumOf(categories)), ...pagingParams]) },
      post: { operationId: 'createFilm', tags: ['registry'], ...write('Create a film (admin, bureau)', ref('NewFilm'), '201', ref('Film')) },
    },
    '/api/films/{id}': {
      get: { operationId: 'getFilm', tags: ['registry'], ...read('One film', ref('Film'), [idParam], { '404': problem('Unknown id') }) },
      patch: { operationId: 'updateFilm', tags: ['registry'], parameters: [idParam], ...write('Change a film (admin, bureau)', ref('FilmPatch'), '200', ref('Film'), { '404': problem('Unknown id') }) },
    },
  },
  schemas: {
    Film: record({ title: text, category: enumOf(categories), minutes: { type: ['integer', 'null'] } }),
    NewFilm: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'category'],
      properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, category: enumOf(categories), minutes: { type: ['integer', 'null'], minimum: 1, maximum: 1000 } },
    },
    FilmPatch: { $ref: '#/components/schemas/NewFilm', required: [] },
  },
});
