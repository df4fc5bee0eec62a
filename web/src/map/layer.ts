// The villages as circle markers on one canvas (preferCanvas): created once per set of units,
// restyled in place when the month's statuses arrive, so a refresh keeps the view and the popup.
import L from 'leaflet';
import { statusOfLetter } from '../../../domain/status.js';
import { coveredNotVerified } from './verified.js';
import type { Units } from './api.js';
import { shapeMarker, type ShapeMarker } from './marker.js';
import { DRAW_ORDER, MARKER, markerStyle, type Shown } from './style.js';

export class VillageLayer {
  private group = L.featureGroup();
  private markers: ShapeMarker[] = [];
  private shown: (Shown | null)[] = [];
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
    // Township names sit over the points (the canvas' overlay pane is 400, popups and hover 650+),
    // with a white halo round the letters instead of a box, so a gap under a name still shows.
    map.createPane('township-labels').style.zIndex = '450';
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

  private restyle(m: ShapeMarker, status: Shown) {
    const { shape, ...style } = markerStyle(status, this.map.getZoom() ?? 12);
    m.setShape(shape);
    m.setStyle(style);
    m.setRadius(style.radius);
  }

  /**
   * New units (another level, or the registry changed): rebuild markers and township labels —
   * unless `labels` is false (the villages of a prefecture or more: hundreds of township names
   * would bury the points).
   */
  setUnits(units: Units, labels = true) {
    this.group.clearLayers();
    this.units = units;
    const { lat, lng } = units.units;
    this.index = new Map();
    this.markers = lat.map((la, i) => {
      const m = shapeMarker([la, lng[i]!], { ...MARKER.covered, bubblingMouseEvents: false });
      this.index.set(m, i);
      return m;
    });
    this.shown = this.markers.map(() => null);
    if (labels) this.drawTownshipLabels();
    else this.labels.clearLayers();
  }

  /** Nothing drawn (the map shows areas instead); the next setUnits() draws again. */
  clear() {
    this.group.clearLayers();
    this.labels.clearLayers();
    this.hover.remove();
    this.units = null;
    this.markers = [];
    this.shown = [];
    this.index = new Map();
  }

  /**
   * Shows the units of `township` (all when null) in their status for the month; a unit marked
   * '-' is not a unit that month (retired) and is not drawn. In a month that has not begun (`due`
   * false) a gap is not yet due; a covered unit that `verified` marks 0 is covered but not yet
   * verified. Returns the count of each drawn.
   */
  setStatuses(statuses: string, township: number | null, due = true, verified?: string): Record<Shown, number> {
    const counts: Record<Shown, number> = { covered: 0, planned: 0, overdue: 0, gap: 0, notDue: 0, coveredUnverified: 0 };
    const byStatus: Record<Shown, number[]> = { covered: [], planned: [], overdue: [], gap: [], notDue: [], coveredUnverified: [] };
    const townshipIds = this.units?.units.townshipId ?? [];
    this.markers.forEach((m, i) => {
      const letter = statusOfLetter[statuses[i] ?? '-'];
      const status: Shown | undefined = letter === 'gap' && !due ? 'notDue' : coveredNotVerified(statuses, verified, i) ? 'coveredUnverified' : letter;
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

  statusOf(i: number): Shown | null {
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
