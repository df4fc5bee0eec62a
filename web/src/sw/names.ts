// The field page's cache names, for the service worker (./worker.ts) and for sign-out
// (web/src/shared/header.ts), which drops the kept answers of the user who leaves.

/** Every cache of the field page's worker starts with this. */
export const CACHE_PREFIX = 'film2131-report-';
/** The last answers of the API reads (the signed-in user's session, teams, screenings, links). */
export const DATA_CACHE = `${CACHE_PREFIX}data`;
/** Base-map tiles around the team's villages, for the map without signal (bounded: ./keep-tiles.ts). */
export const TILE_CACHE = `${CACHE_PREFIX}tiles`;

/** The page asks the worker to keep these tiles, most wanted first, within maxBytes. */
export interface KeepTiles {
  type: 'keep-tiles';
  urls: string[];
  maxBytes: number;
}
/** The worker's answer: what it now keeps of them. */
export interface TilesKept {
  type: 'tiles-kept';
  kept: number;
  wanted: number;
  bytes: number;
}
