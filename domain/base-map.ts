// One Leaflet tile layer of the base map, as the server describes it (server/tiles/presets.ts) and
// the pages draw it (web/src/shared/base-map.ts).
export interface TileLayerSpec {
  url: string;
  attribution: string;
  /** Leaflet's {s}: one letter of these a request. */
  subdomains?: string;
  minZoom: number;
  /** The deepest zoom the server has tiles for; Leaflet enlarges them beyond. */
  maxNativeZoom: number;
  /** [[south, west], [north, east]]: no tile is asked for outside. */
  bounds?: [[number, number], [number, number]];
  /** A label layer drawn over the base. */
  overlay?: boolean;
}
