import { idParam, page, pagingParams, problem, query, read, ref, write, type ApiPieceOf } from '../../openapi/build.js';
import { categories } from './schemas.js';

export const filmApi: ApiPieceOf = () => ({
  paths: {
    '/api/films': {
      get: { tags: ['registry'], ...read('Films', page('Film'), [query('q', { type: 'string' }), query('category', { enum: [...categories] }), ...pagingParams]) },
      post: { tags: ['registry'], ...write('Create a film (admin, bureau)', ref('NewFilm'), '201', ref('Film')) },
    },
    '/api/films/{id}': {
      get: { tags: ['registry'], ...read('One film', ref('Film'), [idParam], { '404': problem('Unknown id') }) },
      patch: { tags: ['registry'], parameters: [idParam], ...write('Change a film (admin, bureau)', ref('FilmPatch'), '200', ref('Film'), { '404': problem('Unknown id') }) },
    },
  },
  schemas: {
    Film: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, category: { enum: [...categories] }, minutes: { type: ['integer', 'null'] } } },
    NewFilm: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'category'],
      properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, category: { enum: [...categories] }, minutes: { type: ['integer', 'null'], minimum: 1, maximum: 1000 } },
    },
    FilmPatch: { $ref: '#/components/schemas/NewFilm', required: [] },
  },
});
