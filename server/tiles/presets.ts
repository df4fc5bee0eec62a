import { readArchiveInfo, type ArchiveInfo } from './archive.js';
import type { TileLayerSpec } from '../../domain/base-map.js';

// The base maps a deployment chooses with TILE_PRESET (README "Base maps"): OpenStreetMap, the
// national Tianditu (天地图) vector or imagery map with its label layer, a local PMTiles archive
// served by this server at /tiles/{z}/{x}/{y}.{ext}, or any XYZ server of TILE_URL. What the pages
// get is a list of Leaflet tile layers, the base first and its labels over it; every map of the
// product draws them (web/src/shared/base-map.ts).

export const TILE_PRESETS = ['osm', 'tianditu-vector', 'tianditu-imagery', 'archive', 'custom'] as const;
export type { TileLayerSpec };
export type TilePreset = (typeof TILE_PRESETS)[number];


export interface TileSetup {
  preset: TilePreset;
  layers: TileLayerSpec[];
  /** The archive this server serves (TILE_PRESET=archive), else null. */
  archive: ArchiveInfo | null;
  /** Where tiles come from, for the Content-Security-Policy (the phone's service worker fetches them). */
  origins: string[];
  /** The phone page's offline tiles: at most this many bytes, of these zooms around its villages. */
  offline: { maxBytes: number; minZoom: number; maxZoom: number };
}

export interface TileEnv {
  preset?: TilePreset;
  url?: string;
  attribution?: string;
  tiandituKey?: string;
  archive?: string;
  offlineMb: number;
  offlineZooms: string;
}

const OSM_ATTRIBUTION = '&copy; OpenStreetMap contributors';
const TIANDITU_ATTRIBUTION = '&copy; <a href="https://www.tianditu.gov.cn">天地图</a>';

const invalid = (line: string) => new Error(`Invalid configuration:\n  ${line}`);

/** A Tianditu layer of the Web Mercator (`_w`) set, the projection Leaflet draws. */
const tianditu = (layer: 'vec' | 'cva' | 'img' | 'cia', key: string, attribution: string, overlay = false): TileLayerSpec => ({
  url:
    `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default` +
    `&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  attribution: overlay ? '' : attribution,
  subdomains: '01234567',
  minZoom: 1,
  maxNativeZoom: 18,
  ...(overlay && { overlay }),
});

/** The origin of a tile URL template, a label with `{s}` as CSP's wildcard (https://t{s}.tianditu.gov.cn → https://*.tianditu.gov.cn). */
function originOf(template: string): string | null {
  // A scheme-relative template (//tiles.example.org/…) is a host source: the page's own scheme.
  const m = /^(https?:)?\/\/([^/?#]+)/.exec(template);
  if (!m) return null;
  const host = m[2]!.replace(/^[^.]*\{s\}[^.]*\./, '*.');
  return /\{|\}/.test(host) ? null : m[1] ? `${m[1]}//${host}` : host;
}

export function tileSetup(e: TileEnv): TileSetup {
  const preset: TilePreset = e.preset ?? (e.url ? 'custom' : 'osm');
  if (e.url && preset !== 'custom') throw invalid(`TILE_URL: set with TILE_PRESET=${preset}; a custom tile server is TILE_PRESET=custom (or TILE_PRESET unset)`);
  if (!e.url && preset === 'custom') throw invalid('TILE_URL: required by TILE_PRESET=custom (an XYZ template such as https://tiles.example.org/{z}/{x}/{y}.png)');
  if (e.archive && preset !== 'archive') throw invalid(`TILE_ARCHIVE: set with TILE_PRESET=${preset}; an archive is served with TILE_PRESET=archive`);
  const zooms = /^(\d{1,2})-(\d{1,2})$/.exec(e.offlineZooms);
  const [minZoom, maxZoom] = zooms ? [Number(zooms[1]), Number(zooms[2])] : [NaN, NaN];
  if (!(minZoom <= maxZoom && maxZoom <= 18)) throw invalid('OFFLINE_TILES_ZOOMS: must be MIN-MAX, zoom levels 0 to 18, MIN ≤ MAX (e.g. 10-15)');
  const offline = { maxBytes: Math.floor(e.offlineMb * 1024 * 1024), minZoom, maxZoom };
  let layers: TileLayerSpec[];
  let archive: ArchiveInfo | null = null;
  switch (preset) {
    case 'osm':
      layers = [{ url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: e.attribution ?? OSM_ATTRIBUTION, minZoom: 0, maxNativeZoom: 19 }];
      break;
    case 'tianditu-vector':
    case 'tianditu-imagery': {
      const key = e.tiandituKey;
      if (!key) throw invalid(`TIANDITU_KEY: required by TILE_PRESET=${preset} (the deployment's browser key from the Tianditu console)`);
      if (!/^[A-Za-z0-9]{8,64}$/.test(key)) throw invalid('TIANDITU_KEY: must be the key of letters and digits the Tianditu console gives (32 characters)');
      const [base, labels] = preset === 'tianditu-vector' ? (['vec', 'cva'] as const) : (['img', 'cia'] as const);
      const attribution = e.attribution ?? TIANDITU_ATTRIBUTION;
      layers = [tianditu(base, key, attribution), tianditu(labels, key, attribution, true)];
      break;
    }
    case 'archive': {
      if (!e.archive) throw invalid('TILE_ARCHIVE: required by TILE_PRESET=archive (the path of a raster .pmtiles file)');
      archive = readArchiveInfo(e.archive);
      layers = [
        {
          url: `/tiles/{z}/{x}/{y}.${archive.ext}`,
          attribution: e.attribution ?? OSM_ATTRIBUTION,
          minZoom: archive.minZoom,
          maxNativeZoom: archive.maxZoom,
          bounds: archive.bounds,
        },
      ];
      break;
    }
    case 'custom':
      layers = [{ url: e.url!, attribution: e.attribution ?? OSM_ATTRIBUTION, minZoom: 0, maxNativeZoom: 18 }];
      break;
  }
  const origins = [...new Set(layers.map((l) => (/^\/(?!\/)/.test(l.url) ? null : originOf(l.url))).filter((o): o is string => !!o))];
  return { preset, layers, archive, origins, offline };
}
