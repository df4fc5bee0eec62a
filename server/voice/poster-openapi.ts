import { filmCategories } from '../../domain/programme.js';
import { enumOf, monthParam, nullableText, problem, query, read, type ApiPieceOf, type Schema } from '../openapi/build.js';

// GET /api/posters: the data of the printed 公示 (server/voice/poster.ts).
export const posterApi: ApiPieceOf = (config) => {
  const time = { type: 'string', format: 'date-time', description: `ISO 8601 with the county offset (${config.timezone})` };
  const screening: Schema = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      startsAt: time,
      villageId: { type: 'integer', description: "where it is held: the unit itself, or one of its natural villages (at the default level a natural village's screenings count for its administrative village)" },
      villageName: { type: 'string' },
      team: { type: 'object', properties: { name: { type: 'string' }, phone: nullableText } },
      programme: {
        type: 'array',
        description: 'the films, in order',
        items: { type: 'object', properties: { title: { type: 'string' }, category: enumOf([...filmCategories]), minutes: { type: ['integer', 'null'] } } },
      },
    },
  };
  const unit: Schema = {
    type: 'object',
    properties: {
      villageId: { type: 'integer' },
      name: { type: 'string' },
      township: { type: 'string' },
      url: { type: 'string', description: "the unit's village page (/v/<token>), absolute under the origin this request reached: what the notice's QR code holds" },
      supervisionPhone: { ...nullableText, description: "the county's supervision phone (监督电话), inherited from the nearest area above that sets one (GET /api/areas/{id}/settings); null: none set" },
      screenings: { type: 'array', items: screening, description: 'the screenings of the month that are not cancelled, in start order' },
    },
  };
  const poster: Schema = {
    type: 'object',
    properties: { month: { type: 'string' }, county: { ...nullableText, description: "the units' county; null: a township in no county" }, units: { type: 'array', items: unit } },
  };
  const paths = {
    '/api/posters': {
      get: {
        operationId: 'getPosters',
        tags: ['plans'],
        ...read(
          "The printed public notice (公示) of a unit, or of every unit of a township, for a month: the screenings that are not cancelled with each team's name and phone and the programme, the county's supervision phone, and the village page's address for the QR code. Units are administrative villages (the default level): a natural village's screenings are listed on its parent's notice; a natural village asked for by villageId gets a notice of its own screenings. A township's notice lists its administrative villages that are units of the month, in name order. The notice is public, so it lists every team's screenings of the unit, a partner's or not. Admin; bureau inside its area; partner in its contract counties; projectionist 403. A village or township outside the user's scope is a 404 like one that does not exist.",
          poster,
          [
            monthParam,
            query('villageId', { type: 'integer' }, 'one unit; exactly one of villageId and townshipId (else 400)'),
            query('townshipId', { type: 'integer' }, "every unit of the township; exactly one of villageId and townshipId (else 400)"),
          ],
          { '404': problem('No such village or township, or one outside the user’s scope') },
        ),
      },
    },
  };
  return { paths };
};
