// The kept base-map tiles of the field page's worker (./worker.ts answers its keep-tiles message with
// this): the page's list, most wanted first → fetched a few at once → admitted one by one in the
// list's order, each within the byte bound (tiles no longer wanted make room, oldest first) →
// the tile cache, with an index of each tile's size and when it was kept in that cache itself (a
// worker is stopped and started again at will) → the worker's fetch answers a kept tile first.

import type { KeepTiles, TilesKept } from './names.js';

/** The index's own key in the tile cache. */
export const TILE_INDEX = '/film2131-tiles-index.json';
/** Tiles fetched at once while keeping, and at most this many fetched ahead of the one being admitted. */
export const TILE_FETCHES = 4;

type TileIndex = Record<string, { bytes: number; at: number }>;
/** What keeping needs of the Cache API (the tile cache). */
export type TileCache = Pick<Cache, 'match' | 'put' | 'delete'>;
/** A fetched tile: its bytes and type, or null when it is not to be kept now (refused, no network). */
type Fetched = { body: ArrayBuffer; type: string } | null;

async function readIndex(cache: TileCache): Promise<TileIndex> {
  const res = await cache.match(TILE_INDEX);
  return res ? ((await res.json()) as TileIndex) : {};
}

/**
 * Keeps the tiles of `ask.urls` within `ask.maxBytes`. The bound is decided in the list's order,
 * whatever order the answers arrive in: the first wanted tile that does not fit ends the keeping,
 * so a less wanted tile never takes the room of a more wanted one.
 */
export async function keepTiles(ask: KeepTiles, cache: TileCache, fetchTile: (url: string) => Promise<Response> = (url) => fetch(url, { mode: 'cors', credentials: 'omit' })): Promise<TilesKept> {
  const index = await readIndex(cache);
  const wanted = new Set(ask.urls);
  const total = () => Object.values(index).reduce((n, t) => n + t.bytes, 0);
  const drop = async (url: string) => {
    delete index[url];
    await cache.delete(url);
  };
  // Tiles no longer wanted, oldest first, make room for wanted ones; past the bound, the least wanted are not kept.
  const room = async (bytes: number) => {
    const old = Object.entries(index).filter(([u]) => !wanted.has(u)).sort((a, b) => a[1].at - b[1].at);
    while (total() + bytes > ask.maxBytes && old.length) await drop(old.shift()![0]);
    return total() + bytes <= ask.maxBytes;
  };
  for (const [url] of Object.entries(index).filter(([u]) => !wanted.has(u))) if (total() > ask.maxBytes) await drop(url);
  // A tile wanted again is kept as new.
  const now = Date.now();
  for (const u of ask.urls) if (index[u]) index[u].at = now;

  const queue = ask.urls.filter((u) => !index[u]);
  // CORS, so the size can be counted (an opaque answer cannot be): a server without it is not kept.
  const fetchOne = async (url: string): Promise<Fetched> => {
    try {
      const res = await fetchTile(url);
      if (!res.ok) return null;
      return { body: await res.arrayBuffer(), type: res.headers.get('Content-Type') ?? 'image/png' };
    } catch {
      return null; // No network, or a refusal: kept next time.
    }
  };
  const fetching: Promise<Fetched>[] = [];
  const fetchUpTo = (n: number) => {
    while (fetching.length < Math.min(n, queue.length)) fetching.push(fetchOne(queue[fetching.length]!));
  };
  for (let i = 0; i < queue.length; i++) {
    fetchUpTo(i + TILE_FETCHES);
    const tile = await fetching[i]!;
    if (!tile) continue;
    if (!(await room(tile.body.byteLength))) break;
    index[queue[i]!] = { bytes: tile.body.byteLength, at: Date.now() };
    await cache.put(queue[i]!, new Response(tile.body, { status: 200, headers: { 'Content-Type': tile.type } }));
  }
  await cache.put(TILE_INDEX, new Response(JSON.stringify(index), { headers: { 'Content-Type': 'application/json' } }));
  return { type: 'tiles-kept', kept: ask.urls.filter((u) => index[u]).length, wanted: ask.urls.length, bytes: total() };
}
