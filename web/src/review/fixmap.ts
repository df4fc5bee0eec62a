// The small map of one screening: the village's point from the registry, each fix the phone sent
// with its accuracy circle, and a line between them labelled with the distance. The deployment's
// base map under it when its tiles load; they cannot be counted on (offline, a closed network), so
// the drawing itself must read — labels on the points and the line, a scale, a faint grid for a surface. One map, made the first time an item
// is shown and moved from item to item, so a queue of a thousand costs one map.
import L from 'leaflet';
import { t } from '../i18n/index.js';
import type { BaseMap } from '../shared/api.js';
import { addBaseMap } from '../shared/base-map.js';
import { h } from '../shared/dom.js';
import { STATUS_COLOURS } from '../shared/colours.js';
import type { ReviewItem } from './api.js';
import { kmText } from './format.js';

const VILLAGE = '#1a1a1a';
const FIX = STATUS_COLOURS.gap;

let map: L.Map | null = null;
let baseMap: BaseMap | undefined;
/** The base map the page's configuration names, drawn under the fixes once the map is made. */
export const useBaseMap = (base: BaseMap | undefined) => (baseMap = base);
let drawn: L.FeatureGroup | null = null;
// A region, not an image: its zoom buttons are controls, which an image may not hold.
const box = h('div', { id: 'fix-map', class: 'fix-map', role: 'region' });

/** The map's element, to be placed in the detail; drawn with `showFixes` once it is in the page. */
export const fixMapElement = () => box;

/** A label as a layer of its own in the drawn group, so it goes when the group goes. */
const label = (at: L.LatLng, text: string, className: string, direction: L.Direction, offset: L.PointExpression = [0, 0]) => {
  const span = document.createElement('span');
  span.textContent = text;
  return L.tooltip({ permanent: true, interactive: false, direction, offset, className }).setLatLng(at).setContent(span);
};

export function showFixes(s: ReviewItem) {
  if (!map) {
    // No fading: the previous item's labels go at once, not 200 ms later beside the new ones.
    map = L.map(box, { zoomControl: true, attributionControl: false, zoomSnap: 0.25, fadeAnimation: false, zoomAnimation: false });
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
    addBaseMap(map, baseMap);
  }
  map.invalidateSize({ pan: false });
  drawn?.remove();
  drawn = L.featureGroup().addTo(map);
  const village = L.latLng(s.village.lat, s.village.lng);
  const maxKm = s.verification?.flags.find((f) => f.code === 'far_from_village')?.params.maxKm;
  // Bounds computed here: a circle's own needs a map that already has a view.
  const bounds = L.latLngBounds([village, village]);
  if (maxKm !== undefined) {
    // The distance the check allows, so a fix outside it is seen to be outside.
    L.circle(village, { radius: Number(maxKm) * 1000, color: '#6b6b6b', weight: 1, dashArray: '4 4', fill: false, interactive: false }).addTo(drawn);
    bounds.extend(village.toBounds(2 * Number(maxKm) * 1000));
  }
  for (const f of s.fixes) {
    const at = L.latLng(f.lat, f.lng);
    bounds.extend(at.toBounds(2 * Math.min(f.accuracy, 50_000)));
    L.circle(at, { radius: f.accuracy, color: FIX, weight: 1, fillColor: FIX, fillOpacity: 0.12, interactive: false }).addTo(drawn);
    L.polyline([village, at], { color: FIX, weight: 2, dashArray: '6 4', interactive: false }).addTo(drawn);
    const middle = L.latLng((village.lat + at.lat) / 2, (village.lng + at.lng) / 2);
    label(middle, `${kmText(village.distanceTo(at))} km`, 'fix-distance', 'center').addTo(drawn);
    L.circleMarker(at, { radius: 6, color: '#ffffff', weight: 2, fillColor: FIX, fillOpacity: 1, interactive: false }).addTo(drawn);
    label(at, `${t('review.mapFix')} ±${Math.round(f.accuracy)} m`, 'fix-label', 'right', [8, 0]).addTo(drawn);
  }
  L.circleMarker(village, { radius: 7, color: '#ffffff', weight: 2, fillColor: VILLAGE, fillOpacity: 1, dashArray: s.village.approximate ? '3 3' : undefined, interactive: false }).addTo(drawn);
  label(village, `${t('review.mapVillage')} · ${s.villageName}`, 'fix-label village-label', 'left', [-8, 0]).addTo(drawn);
  box.setAttribute('aria-label', t('review.mapLabel'));
  box.dataset.fixes = String(s.fixes.length);
  box.dataset.screening = String(s.id);
  if (s.fixes.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16, animate: false });
  else map.setView(village, 14, { animate: false });
}
