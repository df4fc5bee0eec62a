import { problem, type ApiPieceOf } from '../openapi/build.js';

// The tile route (./routes.ts) and what the pages are told of the base map (/app-config.json
// `baseMap`, README "Base maps"). The archive's type and zooms are read from this server's own.

export const tileApi: ApiPieceOf = (config) => {
  const a = config.tiles.archive;
  const served = a
    ? `This server serves ${a.file}: ${a.ext} tiles (${a.contentType}), zooms ${a.minZoom}–${a.maxZoom}.`
    : `This server keeps no archive (TILE_PRESET=${config.tiles.preset}): every tile is a 404.`;
  const zxy = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 0 }, description });
  return {
    paths: {
      '/tiles/{z}/{x}/{y}.{ext}': {
        get: {
          operationId: 'getTile',
          tags: ['ops'],
          summary: 'A base-map tile of the local PMTiles archive (TILE_PRESET=archive, TILE_ARCHIVE)',
          description: [
            served,
            'Public, no sign-in: a base map says nothing of the county\'s data, and every page — the villagers\' pages included — may draw it.',
            'Read from the archive by byte ranges (its header and directories, then the tile), never the whole file. `Cache-Control: public, max-age=604800` and an ETag naming the archive\'s version and the tile (`If-None-Match` → 304); the pages (`/app-config.json` `baseMap.layers`) ask only inside the archive\'s bounds and zooms, and the phone page\'s service worker keeps the tiles around its team\'s villages (OFFLINE_TILES_MB, OFFLINE_TILES_ZOOMS).',
          ].join('\n\n'),
          security: [],
          parameters: [
            zxy('z', 'zoom, 0–26'),
            zxy('x', 'column, 0 to 2^z − 1'),
            zxy('y', 'row from the top (XYZ, as Leaflet asks), 0 to 2^z − 1'),
            { name: 'ext', in: 'path', required: true, schema: { type: 'string', enum: ['png', 'jpg', 'webp', 'avif'] }, description: "the archive's tile type; another is a 400 naming `ext`" },
          ],
          responses: {
            '200': { description: 'The tile, as stored', content: { 'image/png': {}, 'image/jpeg': {}, 'image/webp': {}, 'image/avif': {} } },
            '304': { description: 'Not modified (If-None-Match)' },
            '400': problem('z, x, y not whole numbers in range, or another extension than the archive\'s: the field is named'),
            '404': problem('No tile there in the archive (outside its bounds or zooms, or none stored), or no archive: Leaflet leaves the square empty. Cache-Control: max-age=3600'),
          },
        },
      },
    },
  };
};
