// The small map beside the list: the page's villages as grey dots, the chosen one as a marker
// that can be dragged (or its coordinates typed) and saved. No base map is needed to move a
// point a little; when the configured tiles load they help, and when they fail nothing breaks.
import L from 'leaflet';
import type { BaseMap } from '../shared/api.js';
import { addBaseMap } from '../shared/base-map.js';
import type { Village } from './api.js';

export interface PositionEls {
  map: HTMLElement;
  actions: HTMLElement;
  lat: HTMLInputElement;
  lng: HTMLInputElement;
  save: HTMLButtonElement;
  cancel: HTMLButtonElement;
}

const DOT: L.CircleMarkerOptions = { radius: 4, color: '#ffffff', weight: 1, fillColor: '#5b6068', fillOpacity: 0.9 };

export class PositionEditor {
  readonly map: L.Map;
  private dots = L.featureGroup();
  private marker: L.Marker | null = null;
  village: Village | null = null;

  constructor(
    private el: PositionEls,
    baseMap: BaseMap | undefined,
    private onPick: (v: Village) => void,
    private onSave: (v: Village, lat: number, lng: number) => Promise<void>,
  ) {
    this.map = L.map(el.map, { zoomSnap: 0.5, attributionControl: false }).setView([24.1, 102.75], 10);
    addBaseMap(this.map, baseMap);
    this.dots.addTo(this.map);
    const typed = () => {
      const lat = Number(el.lat.value);
      const lng = Number(el.lng.value);
      if (this.marker && el.lat.checkValidity() && el.lng.checkValidity()) this.marker.setLatLng([lat, lng]);
      this.dirty();
    };
    el.lat.addEventListener('input', typed);
    el.lng.addEventListener('input', typed);
    el.cancel.addEventListener('click', () => this.village && this.pick(this.village));
    el.save.addEventListener('click', async () => {
      if (!this.village || !el.lat.checkValidity() || !el.lng.checkValidity()) return;
      el.save.disabled = true;
      try {
        await this.onSave(this.village, Number(el.lat.value), Number(el.lng.value));
      } finally {
        this.dirty();
      }
    });
  }

  /** The villages of the list's page, for orientation; clicking one picks it. */
  showVillages(villages: Village[]) {
    this.dots.clearLayers();
    for (const v of villages) {
      const dot = L.circleMarker([v.lat, v.lng], DOT).bindTooltip(textNode(v.name), { direction: 'top' });
      dot.on('click', () => this.onPick(v));
      this.dots.addLayer(dot);
    }
    if (!this.village) {
      const b = this.dots.getBounds();
      if (b.isValid()) this.map.fitBounds(b, { padding: [16, 16], maxZoom: 13 });
    }
  }

  /** Puts the draggable marker on `v` and its coordinates in the inputs. */
  pick(v: Village) {
    this.village = v;
    const at = L.latLng(v.lat, v.lng);
    if (!this.marker) {
      this.marker = L.marker(at, { draggable: true, autoPan: true, keyboard: false }).addTo(this.map);
      this.marker.on('drag dragend', () => {
        const p = this.marker!.getLatLng();
        this.el.lat.value = p.lat.toFixed(6);
        this.el.lng.value = p.lng.toFixed(6);
        this.dirty();
      });
    }
    this.marker.setLatLng(at).bindTooltip(textNode(v.name), { direction: 'top', offset: [0, -30] });
    this.el.lat.value = String(v.lat);
    this.el.lng.value = String(v.lng);
    this.el.actions.hidden = false;
    this.map.setView(at, Math.max(this.map.getZoom(), 13));
    this.dirty();
  }

  clear() {
    this.village = null;
    this.marker?.remove();
    this.marker = null;
    this.el.actions.hidden = true;
  }

  /** Save is offered only when the typed or dragged position differs from the stored one. */
  private dirty() {
    const v = this.village;
    const moved = !!v && (Number(this.el.lat.value) !== v.lat || Number(this.el.lng.value) !== v.lng);
    const valid = this.el.lat.checkValidity() && this.el.lng.checkValidity();
    this.el.save.disabled = !moved || !valid;
    this.el.cancel.disabled = !moved;
  }

  invalidate() {
    this.map.invalidateSize();
  }
}

function textNode(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
