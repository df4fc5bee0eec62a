// The field page's service worker, served at /sw.js with scope /report: a projectionist who opened
// /report once can open it again in a village without signal. scripts/build-web.ts bundles this
// file on its own (not a page entry) and fills in PRECACHE (the page, its script and chunks, its
// stylesheets, the manifest and icons) and VERSION (their hash, so a new build installs anew).
//   install → precache → activate (old caches dropped) → fetch:
//   the page and its files: cache first (the page itself network first, to pick up a new build);
//   the API reads the page needs (session, app-config, teams, screenings, confirmation links):
//   network first, the last good answer when there is no network. Writes are never touched: the
//   page's outbox keeps reports and evidence until the network is back.
//   The base map's tiles around the team's villages (the page's keep-tiles message, listed by
//   web/src/field/offline-tiles.ts): fetched and kept up to its byte bound in the list's order,
//   the oldest dropped first (./keep-tiles.ts); any image the page asks for that is kept is
//   answered from the cache first.

import { keepTiles } from './keep-tiles.js';
import { CACHE_PREFIX, DATA_CACHE, TILE_CACHE, type KeepTiles } from './names.js';

declare const PRECACHE: string[];
declare const VERSION: string;

interface SwExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwFetchEvent extends SwExtendableEvent {
  request: Request;
  clientId: string;
  respondWith(r: Promise<Response> | Response): void;
}
interface SwMessageEvent extends SwExtendableEvent {
  data: unknown;
  source: { postMessage(m: unknown): void } | null;
}
interface SwScope {
  location: Location;
  addEventListener(type: 'install' | 'activate', l: (e: SwExtendableEvent) => void): void;
  addEventListener(type: 'fetch', l: (e: SwFetchEvent) => void): void;
  addEventListener(type: 'message', l: (e: SwMessageEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; get(id: string): Promise<{ url: string } | undefined> };
}

const sw = self as unknown as SwScope;
const STATIC = `${CACHE_PREFIX}${VERSION}`;
const DATA = DATA_CACHE;
const PAGE = '/report';
/** A network that answers slower than this on a page load is taken as none. */
const NETWORK_WAIT_MS = 6_000;
const precached = new Set(PRECACHE);

/** The GETs whose last answer the page may use offline. */
const DATA_PATHS = [/^\/app-config\.json$/, /^\/api\/session$/, /^\/api\/teams(\/\d+)?$/, /^\/api\/teams\/\d+\/calendar-link$/, /^\/api\/screenings$/, /^\/api\/screenings\/\d+\/confirmation$/];

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(STATIC)
      .then((c) => c.addAll(PRECACHE))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(CACHE_PREFIX) && ![STATIC, DATA, TILE_CACHE].includes(k)).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

/** The network's answer (kept for later when good), or the kept one when the network fails or is slow. */
async function networkFirst(request: Request, cacheName: string, key: string | Request = request): Promise<Response> {
  const cache = await caches.open(cacheName);
  const network = fetch(request).then(async (res) => {
    if (res.ok) await cache.put(key, res.clone());
    return res;
  });
  const slow = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), NETWORK_WAIT_MS));
  try {
    const first = await Promise.race([network, slow]);
    if (first) return first;
    const kept = await cache.match(key);
    return kept ? marked(kept) : await network;
  } catch (err) {
    const kept = await cache.match(key);
    if (kept) return marked(kept);
    throw err;
  }
}

/** A kept answer says so (X-Film2131-Kept, read by web/src/field/api.ts): the page tells the reader it may be old. */
function marked(res: Response) {
  const headers = new Headers(res.headers);
  headers.set('X-Film2131-Kept', '1');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

async function cacheFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: STATIC });
  if (kept) return kept;
  const res = await fetch(request);
  // Chunks carry their content's hash in their names: one fetched now is good for good.
  if (res.ok && new URL(request.url).pathname.startsWith('/chunks/')) await (await caches.open(STATIC)).put(request, res.clone());
  return res;
}

/** Only the field page's own requests: /reports (inside the /report prefix) and others go untouched. */
async function fromFieldPage(clientId: string) {
  if (!clientId) return false;
  const client = await sw.clients.get(clientId);
  return Boolean(client && new URL(client.url).pathname === PAGE);
}

let keeping: Promise<unknown> = Promise.resolve();

sw.addEventListener('message', (e) => {
  const ask = e.data as KeepTiles | null;
  if (ask?.type !== 'keep-tiles' || !Array.isArray(ask.urls)) return;
  // One keeping at a time: a second list waits for the first, and then finds most tiles kept.
  const run = keeping.then(async () => keepTiles(ask, await caches.open(TILE_CACHE))).then((kept) => e.source?.postMessage(kept));
  keeping = run.catch(() => undefined);
  e.waitUntil(keeping);
});

/** A kept tile, else the network (kept tiles are only those the page listed). */
async function tileFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: TILE_CACHE, ignoreVary: true });
  return kept ?? fetch(request);
}

sw.addEventListener('fetch', (e) => {
  const { request } = e;
  const url = new URL(request.url);
  if (request.method !== 'GET') return;
  // The base map's tiles, this server's or another's: the kept copy first.
  if (request.destination === 'image' && !precached.has(url.pathname)) {
    e.respondWith(tileFirst(request));
    return;
  }
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') {
    // Every /report?teamId=… is the same page: kept once, under its path.
    if (url.pathname === PAGE) e.respondWith(networkFirst(request, STATIC, PAGE));
    return;
  }
  const isStatic = precached.has(url.pathname) || url.pathname.startsWith('/chunks/');
  const isData = DATA_PATHS.some((p) => p.test(url.pathname));
  if (!isStatic && !isData) return;
  e.respondWith(
    fromFieldPage(e.clientId).then((field) => {
      if (!field) return fetch(request);
      return isStatic ? cacheFirst(request) : networkFirst(request, DATA);
    }),
  );
});
