// How each status looks. Okabe–Ito colours stay distinguishable for the common colour-vision
// deficiencies, and every status has a second cue (size, fill, outline, dash) so the map also
// reads in greyscale or on a black-and-white print.
import type { CircleMarkerOptions } from 'leaflet';
import type { UnitStatus as Status } from '../../../domain/status.js';

export const STATUSES: Status[] = ['gap', 'overdue', 'planned', 'covered'];
/** Drawing order, bottom to top: gaps are never hidden under covered villages. */
export const DRAW_ORDER: Status[] = ['covered', 'planned', 'overdue', 'gap'];

export const COLOURS: Record<Status, string> = {
  gap: '#D55E00', // vermilion
  overdue: '#E69F00', // orange
  planned: '#0072B2', // blue
  covered: '#009E73', // bluish green
};

export const MARKER: Record<Status, CircleMarkerOptions & { radius: number }> = {
  gap: { radius: 8, color: '#1a1a1a', weight: 3, fill: true, fillColor: COLOURS.gap, fillOpacity: 1 },
  overdue: { radius: 7, color: COLOURS.overdue, weight: 3, dashArray: '4 3', fill: true, fillColor: COLOURS.overdue, fillOpacity: 0.25 },
  planned: { radius: 6, color: COLOURS.planned, weight: 2.5, fill: true, fillColor: '#ffffff', fillOpacity: 0.6 },
  covered: { radius: 4, color: '#ffffff', weight: 1, fill: true, fillColor: COLOURS.covered, fillOpacity: 0.95 },
};

/** The same symbol as an inline SVG, for the legend and the lists. */
export function swatch(status: Status, size = 22): SVGSVGElement {
  const m = MARKER[status];
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('swatch');
  const c = document.createElementNS(ns, 'circle');
  c.setAttribute('cx', String(size / 2));
  c.setAttribute('cy', String(size / 2));
  c.setAttribute('r', String(m.radius));
  c.setAttribute('fill', m.fill ? (m.fillColor ?? 'none') : 'none');
  c.setAttribute('fill-opacity', String(m.fillOpacity ?? 1));
  c.setAttribute('stroke', m.color ?? 'none');
  c.setAttribute('stroke-width', String(m.weight ?? 1));
  if (m.dashArray) c.setAttribute('stroke-dasharray', String(m.dashArray));
  svg.append(c);
  return svg;
}

/**
 * Zoomed out over a big county the full-size symbols would merge into one vermilion blot:
 * shrink them below zoom 11 (down to a third), keeping their order and outlines.
 */
export function markerStyle(status: Status, zoom: number): CircleMarkerOptions & { radius: number } {
  const m = MARKER[status];
  const f = Math.min(1, Math.max(0.35, (zoom - 5) / 6));
  if (f === 1) return m;
  return { ...m, radius: Math.max(1.5, m.radius * f), weight: Math.max(0.75, (m.weight ?? 1) * Math.max(0.5, f)) };
}
