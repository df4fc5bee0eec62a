// The phone page's small map (issue 23): the villages of tonight, the coming week and the reports
// still owed, over the deployment's base map — and the tiles around them kept on the phone by its
// service worker (./offline-tiles.ts lists them, web/src/sw/worker.ts keeps them within
// OFFLINE_TILES_MB), so a projectionist sees the map in a valley without signal. Loaded only when
// there is a village to show (field.ts imports this module lazily, and Leaflet with it).
import L from 'leaflet';
import type { BaseMap } from '../shared/api.js';
import { addBaseMap } from '../shared/base-map.js';
import { STATUS_COLOURS } from '../shared/colours.js';
import type { KeepTiles, TilesKept } from '../sw/names.js';
import { offlineTiles, type Place } from './offline-tiles.js';

export interface MapVillage extends Place {
  id: number;
  name: string;
  /** Tonight's village is drawn large and named; the others are dots named on a tap. */
  tonight: boolean;
}

const OWED = STATUS_COLOURS.overdue;
const TONIGHT = STATUS_COLOURS.planned;

export class FieldMap {
  private readonly map: L.Map;
  private readonly dots = L.featureGroup();
  private shown = '';

  constructor(
    private readonly box: HTMLElement,
    private readonly base: BaseMap | undefined,
  ) {
    this.map = L.map(box, { zoomSnap: 1, fadeAnimation: false, zoomAnimation: false });
    this.map.attributionControl.setPrefix(false);
    addBaseMap(this.map, base);
    this.dots.addTo(this.map);
    navigator.serviceWorker?.addEventListener('message', (e: MessageEvent<TilesKept>) => {
      if (e.data?.type !== 'tiles-kept') return;
      box.dataset.tilesKept = String(e.data.kept);
      box.dataset.tilesWanted = String(e.data.wanted);
      box.dataset.tilesBytes = String(e.data.bytes);
    });
  }

  /** Draws `villages` (most wanted first) and asks the worker to keep their tiles; the same list again does nothing. */
  show(villages: MapVillage[], owed: (id: number) => boolean) {
    const key = JSON.stringify(villages.map((v) => [v.id, v.tonight, owed(v.id)]));
    this.map.invalidateSize({ pan: false });
    if (key === this.shown) return;
    this.shown = key;
    this.dots.clearLayers();
    for (const v of [...villages].reverse()) {
      const colour = v.tonight ? TONIGHT : owed(v.id) ? OWED : '#5b6068';
      L.circleMarker([v.lat, v.lng], { radius: v.tonight ? 8 : 6, color: '#ffffff', weight: 2, fillColor: colour, fillOpacity: 1 })
        .bindTooltip(textNode(v.name), { permanent: v.tonight, direction: 'top', offset: [0, -6] })
        .addTo(this.dots);
    }
    const maxZoom = Math.min(14, this.base?.offline.maxZoom ?? 14);
    this.map.fitBounds(L.latLngBounds(villages.map((v) => [v.lat, v.lng])), { padding: [24, 24], maxZoom });
    this.keep(villages);
  }

  private keep(villages: MapVillage[]) {
    const worker = navigator.serviceWorker;
    if (!this.base || !worker) return;
    const ask: KeepTiles = { type: 'keep-tiles', urls: offlineTiles(this.base, villages).map((u) => new URL(u, location.href).href), maxBytes: this.base.offline.maxBytes };
    if (!ask.urls.length) return;
    void worker.ready.then((reg) => reg.active?.postMessage(ask));
  }
}

/** A village's name as text, never as markup. */
function textNode(text: string) {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
