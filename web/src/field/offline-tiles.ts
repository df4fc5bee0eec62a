// Which base-map tiles the phone keeps for use without signal (issue 23): those around the team's
// villages of the days ahead and the reports owed, at the zooms of OFFLINE_TILES_ZOOMS, in the
// order they matter — every village at the low zooms before any at the high ones, the nearest day's
// villages first at each zoom — so the size bound (OFFLINE_TILES_MB, enforced by the service
// worker, web/src/sw/worker.ts) cuts detail, not villages. The URLs are spelled exactly as Leaflet
// asks for them (the same {s} a tile gets), so the worker's copy answers the map's request.
// Pure, so test/unit/offline-tiles.test.ts reads it without a browser.
import type { BaseMap, TileLayerSpec } from '../shared/api.js';

export interface Place {
  lat: number;
  lng: number;
}

/** Around each village, the tiles within this distance are kept (plus the view of them all, when small). */
export const AROUND_KM = 1.5;
/** The view of all the villages together is kept at a zoom where it takes at most this many tiles. */
const VIEW_TILES_MAX = 16;
const EARTH_KM = 40075.016686;

const clampLat = (lat: number) => Math.max(-85.0511, Math.min(85.0511, lat));
/** The tile column and row of a position at zoom z (Web Mercator, as Leaflet's default CRS). */
export function tileOf(lat: number, lng: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const r = (clampLat(lat) * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** A layer's tile URL as Leaflet fills it (GridLayer's subdomain: |x + y| mod the letters). */
export function tileUrl(layer: TileLayerSpec, z: number, x: number, y: number): string {
  const subdomains = layer.subdomains ?? 'abc';
  const s = subdomains[Math.abs(x + y) % subdomains.length] ?? '';
  return layer.url.replace(/\{(\w+)\}/g, (m, k: string) => ({ z: String(z), x: String(x), y: String(y), s, r: '' })[k] ?? m);
}

const inside = (layer: TileLayerSpec, lat: number, lng: number) =>
  !layer.bounds || (lat >= layer.bounds[0][0] && lat <= layer.bounds[1][0] && lng >= layer.bounds[0][1] && lng <= layer.bounds[1][1]);

/** The tiles of a box [south, west, north, east] at zoom z, as "x/y". */
function boxTiles(south: number, west: number, north: number, east: number, z: number): string[] {
  const a = tileOf(north, west, z);
  const b = tileOf(south, east, z);
  const out: string[] = [];
  for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) out.push(`${x}/${y}`);
  return out;
}

/** The URLs to keep, most wanted first; `places` in the order they matter (tonight's village first). */
export function offlineTiles(base: BaseMap, places: Place[]): string[] {
  if (!places.length || !base.layers.length || base.offline.maxBytes <= 0) return [];
  const lats = places.map((p) => p.lat);
  const lngs = places.map((p) => p.lng);
  // A layer whose bounds hold none of the villages (an archive of another county) has nothing to keep.
  const layers = base.layers.filter((l) => places.some((p) => inside(l, p.lat, p.lng)));
  const urls: string[] = [];
  for (let z = base.offline.minZoom; z <= base.offline.maxZoom; z++) {
    const wanted = new Set<string>();
    const view = boxTiles(Math.min(...lats), Math.min(...lngs), Math.max(...lats), Math.max(...lngs), z);
    if (view.length <= VIEW_TILES_MAX) view.forEach((t) => wanted.add(t));
    for (const p of places) {
      const dLat = (AROUND_KM / EARTH_KM) * 360;
      const dLng = dLat / Math.max(0.01, Math.cos((p.lat * Math.PI) / 180));
      for (const t of boxTiles(p.lat - dLat, p.lng - dLng, p.lat + dLat, p.lng + dLng, z)) wanted.add(t);
    }
    for (const layer of layers) {
      if (z < layer.minZoom || z > layer.maxNativeZoom) continue;
      for (const t of wanted) {
        const [x, y] = t.split('/').map(Number) as [number, number];
        urls.push(tileUrl(layer, z, x, y));
      }
    }
  }
  return [...new Set(urls)];
}
