// The villages as circle markers on one canvas (preferCanvas): created once per set of units,
// restyled in place when the month's statuses arrive, so a refresh keeps the view and the popup.
import L from 'leaflet';
import { statusOfLetter, type UnitStatus as Status } from '../../../domain/status.js';
import type { Units } from './api.js';
import { DRAW_ORDER, MARKER, markerStyle } from './style.js';

export class VillageLayer {
  private group = L.featureGroup();
  private markers: L.CircleMarker[] = [];
  private shown: (Status | null)[] = [];
  private labels = L.layerGroup();
  private index = new Map<L.Layer, number>();
  // One shared hover tooltip rather than one per marker: thousands of villages stay cheap.
  private hover = L.tooltip({ direction: 'top', offset: [0, -8], className: 'village-hover' });
  units: Units | null = null;

  constructor(
    private map: L.Map,
    onSelect: (index: number) => void,
  ) {
    this.group.addTo(map);
    // Township names sit under the points (the canvas is transparent around them), never over a gap.
    map.createPane('township-labels').style.zIndex = '350';
    this.labels.addTo(map);
    this.group.on('click', (e) => {
      const i = this.index.get(e.sourceTarget as L.Layer);
      if (i !== undefined) onSelect(i);
    });
    this.group.on('mouseover', (e) => {
      const i = this.index.get(e.sourceTarget as L.Layer);
      if (i === undefined || !this.units) return;
      this.hover.setLatLng(this.latLng(i)).setContent(textNode(this.units.units.name[i]!)).addTo(this.map);
    });
    this.group.on('mouseout', () => this.hover.remove());
    map.on('zoomend', () => {
      this.markers.forEach((m, i) => {
        const status = this.shown[i];
        if (status) this.restyle(m, status);
      });
    });
  }

  private restyle(m: L.CircleMarker, status: Status) {
    const style = markerStyle(status, this.map.getZoom() ?? 12);
    m.setStyle(style);
    m.setRadius(style.radius);
  }

  /** New units (another level, or the registry changed): rebuild markers and township labels. */
  setUnits(units: Units) {
    this.group.clearLayers();
    this.units = units;
    const { lat, lng } = units.units;
    this.index = new Map();
    this.markers = lat.map((la, i) => {
      const m = L.circleMarker([la, lng[i]!], { ...MARKER.covered, bubblingMouseEvents: false });
      this.index.set(m, i);
      return m;
    });
    this.shown = this.markers.map(() => null);
    this.drawTownshipLabels();
  }

  /**
   * Shows the units of `township` (all when null) in their status for the month; a unit marked
   * '-' is not a unit that month (retired) and is not drawn. Returns the count per status drawn.
   */
  setStatuses(statuses: string, township: number | null): Record<Status, number> {
    const counts: Record<Status, number> = { covered: 0, planned: 0, overdue: 0, gap: 0 };
    const byStatus: Record<Status, number[]> = { covered: [], planned: [], overdue: [], gap: [] };
    const townshipIds = this.units?.units.townshipId ?? [];
    this.markers.forEach((m, i) => {
      const status = statusOfLetter[statuses[i] ?? '-'];
      const visible = status && (township === null || townshipIds[i] === township);
      if (!visible) {
        if (this.shown[i]) this.group.removeLayer(m);
        this.shown[i] = null;
        return;
      }
      counts[status]++;
      byStatus[status].push(i);
      if (this.shown[i] !== status) this.restyle(m, status);
      if (!this.shown[i]) this.group.addLayer(m);
      this.shown[i] = status;
    });
    // The canvas paints in list order: move each status to the top in turn, gaps last.
    for (const status of DRAW_ORDER) for (const i of byStatus[status]) this.markers[i]!.bringToFront();
    return counts;
  }

  statusOf(i: number): Status | null {
    return this.shown[i] ?? null;
  }

  latLng(i: number): L.LatLng {
    return this.markers[i]!.getLatLng();
  }

  /** The drawn villages' extent, or undefined when none is drawn. */
  bounds(): L.LatLngBounds | undefined {
    const b = this.group.getBounds();
    return b.isValid() ? b : undefined;
  }

  private drawTownshipLabels() {
    this.labels.clearLayers();
    if (!this.units) return;
    const { townshipId, lat, lng } = this.units.units;
    const sums = new Map<number, [number, number, number]>();
    townshipId.forEach((t, i) => {
      const s = sums.get(t) ?? [0, 0, 0];
      s[0] += lat[i]!;
      s[1] += lng[i]!;
      s[2]++;
      sums.set(t, s);
    });
    for (const t of this.units.townships) {
      const s = sums.get(t.id);
      if (!s) continue;
      // Permanent tooltips at each township's centroid: readable even without a base map.
      L.tooltip({ permanent: true, direction: 'center', className: 'township-label', interactive: false, pane: 'township-labels' })
        .setLatLng([s[0] / s[2], s[1] / s[2]])
        .setContent(textNode(t.name))
        .addTo(this.labels);
    }
  }
}

/** Names come from the registry: shown as text, never parsed as HTML. */
function textNode(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}
