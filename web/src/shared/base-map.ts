// The base map under every map of the product: the layers /app-config.json `baseMap` lists (the
// deployment's preset, server/tiles/presets.ts — OpenStreetMap, Tianditu with its label layer, the
// server's own archive, or a custom server), base first. A nicety, never a need: each map reads
// without it (points, labels, a scale), so a failing tile costs nothing but the picture.
import L from 'leaflet';
import type { BaseMap, TileLayerSpec } from './api.js';

/** Leaflet's options for one layer: never asked beyond its server's zooms or outside its bounds. */
export const layerOptions = (l: TileLayerSpec, maxZoom = 18): L.TileLayerOptions => ({
  attribution: l.attribution,
  subdomains: l.subdomains ?? 'abc',
  minZoom: l.minZoom,
  maxNativeZoom: Math.min(l.maxNativeZoom, maxZoom),
  maxZoom,
  ...(l.bounds && { bounds: L.latLngBounds(l.bounds) }),
  // A label layer (Tianditu's cva/cia) above the base, still under the points it must not hide.
  ...(l.overlay && { zIndex: 2 }),
});

/**
 * Adds the base map's layers to `map`. `unavailable(true)` once a view's tiles all failed (the
 * server unreachable, a blocked network), `unavailable(false)` once one drew: a sparse archive's
 * missing squares (404) are not "unavailable".
 */
export function addBaseMap(map: L.Map, base: BaseMap | undefined, unavailable?: (yes: boolean) => void): L.TileLayer[] {
  const layers = (base?.layers ?? []).map((l) => L.tileLayer(l.url, layerOptions(l)).addTo(map));
  const first = layers[0];
  if (first && unavailable) {
    let drawn = 0;
    let failed = 0;
    first.on('loading', () => ((drawn = 0), (failed = 0)));
    first.on('tileload', () => {
      drawn++;
      unavailable(false);
    });
    first.on('tileerror', () => {
      failed++;
      if (!drawn) unavailable(true);
    });
    first.on('load', () => unavailable(!drawn && failed > 0));
  }
  return layers;
}
