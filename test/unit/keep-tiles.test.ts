import { describe, expect, it } from 'vitest';
import { keepTiles, TILE_FETCHES, TILE_INDEX, type TileCache } from '../../web/src/sw/keep-tiles.js';

// How the field page's worker keeps the tiles it is asked for (web/src/sw/keep-tiles.ts), with a
// cache in memory and a network whose answers arrive when the test says.

function memoryCache() {
  const kept = new Map<string, Response>();
  const key = (r: RequestInfo | URL) => (typeof r === 'string' ? r : r instanceof URL ? r.href : r.url);
  const cache: TileCache = {
    match: async (r: RequestInfo | URL) => kept.get(key(r))?.clone(),
    put: async (r: RequestInfo | URL, res: Response) => void kept.set(key(r), res),
    delete: async (r: RequestInfo | URL) => kept.delete(key(r)),
  };
  return { cache, tiles: () => [...kept.keys()].filter((k) => k !== TILE_INDEX).sort() };
}

const url = (i: number) => `https://tiles.example/13/${6500 + i}/3525.png`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A network answering each url with `bytes[i]` bytes after `delays[i]` ms. It counts the fetches
 * at once, and how far ahead of the tiles kept so far (`kept()`) a fetch began.
 */
function network(bytes: number[], delays: number[], kept: () => number = () => 0) {
  const log = { requested: [] as string[], inFlight: 0, mostInFlight: 0, mostAhead: 0 };
  const fetchTile = async (u: string) => {
    const i = Number(/\/(\d+)\/3525/.exec(u)![1]) - 6500;
    log.requested.push(u);
    log.mostInFlight = Math.max(log.mostInFlight, ++log.inFlight);
    log.mostAhead = Math.max(log.mostAhead, i - kept());
    await sleep(delays[i] ?? 0);
    log.inFlight--;
    return new Response(new Uint8Array(bytes[i]!), { status: 200, headers: { 'Content-Type': 'image/png' } });
  };
  return { fetchTile, log };
}

describe("the phone's kept tiles", () => {
  it('when the answers arrive out of order, the bound is still decided in the order wanted: the first three are kept, not a later one that came first', async () => {
    const { cache, tiles } = memoryCache();
    // Six tiles of 100, 100, 100, 50, 50, 50 bytes, room for 300. The fourth (50 bytes) answers
    // first and the first three last, in turn: taken as they arrive, the fourth would take room
    // the third needs.
    const { fetchTile } = network([100, 100, 100, 50, 50, 50], [30, 60, 90, 0, 0, 0]);
    const urls = [0, 1, 2, 3, 4, 5].map(url);
    expect(await keepTiles({ type: 'keep-tiles', urls, maxBytes: 300 }, cache, fetchTile)).toEqual({ type: 'tiles-kept', kept: 3, wanted: 6, bytes: 300 });
    expect(tiles()).toEqual(urls.slice(0, 3).sort());
  });

  it(`when many are wanted, at most ${TILE_FETCHES} are fetched at once, and none further ahead of the one kept next`, async () => {
    const { cache, tiles } = memoryCache();
    const n = 12;
    // The first answers last of its batch: the fetches after it wait for it to be kept.
    const { fetchTile, log } = network(Array(n).fill(10), Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 40 : 5)), () => tiles().length);
    const urls = Array.from({ length: n }, (_, i) => url(i));
    expect(await keepTiles({ type: 'keep-tiles', urls, maxBytes: 1000 }, cache, fetchTile)).toEqual({ type: 'tiles-kept', kept: n, wanted: n, bytes: 10 * n });
    expect(log.mostInFlight).toBe(TILE_FETCHES);
    expect(log.mostAhead).toBe(TILE_FETCHES - 1);
    expect(log.requested).toEqual(urls);
    expect(tiles()).toEqual([...urls].sort());
  });

  it('when a tile is refused or the network fails, it is passed over and the next wanted one takes its place', async () => {
    const { cache, tiles } = memoryCache();
    const urls = [0, 1, 2, 3].map(url);
    const fetchTile = async (u: string) => {
      if (u === urls[0]) throw new TypeError('Failed to fetch');
      if (u === urls[1]) return new Response('', { status: 404 });
      return new Response(new Uint8Array(100), { status: 200 });
    };
    expect(await keepTiles({ type: 'keep-tiles', urls, maxBytes: 150 }, cache, fetchTile)).toEqual({ type: 'tiles-kept', kept: 1, wanted: 4, bytes: 100 });
    expect(tiles()).toEqual([urls[2]]);
  });
});
