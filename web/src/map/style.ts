// How each status looks. Okabe–Ito colours stay distinguishable for the common colour-vision
// deficiencies, and every status has a second cue so the map also reads in greyscale or on a
// black-and-white print: a gap is a large filled circle with a thick dark outline, overdue a hollow
// square (never a circle, so it does not blur into the gaps where villages crowd), planned a ring,
// covered a small dot. A month that has not begun shows its unplanned units as not yet due: a small
// grey ring, no status colour, since nothing is late yet.
import type { CircleMarkerOptions } from 'leaflet';
import type { UnitStatus as Status } from '../../../domain/status.js';
import { NOT_DUE_COLOUR, STATUS_COLOURS } from '../shared/colours.js';

/**
 * What a unit is drawn as: its status, not yet due (a gap of a month still to come), or covered but
 * not yet verified — reported done, its evidence not yet backing it: the covered dot, hollow.
 */
export type Shown = Status | 'notDue' | 'coveredUnverified';
export type Shape = 'circle' | 'square';

/** The legend's rows: the month's statuses, or for a month still to come not yet due and planned. */
export const STATUSES: Status[] = ['gap', 'overdue', 'planned', 'covered'];
export const NOT_DUE_STATUSES: Shown[] = ['notDue', 'planned'];
/** Drawing order, bottom to top: gaps are never hidden under covered villages. */
export const DRAW_ORDER: Shown[] = ['notDue', 'covered', 'coveredUnverified', 'planned', 'overdue', 'gap'];

export const COLOURS: Record<Shown, string> = { ...STATUS_COLOURS, notDue: NOT_DUE_COLOUR, coveredUnverified: STATUS_COLOURS.covered };

export type MarkerStyle = CircleMarkerOptions & { radius: number; shape: Shape };

export const MARKER: Record<Shown, MarkerStyle> = {
  gap: { shape: 'circle', radius: 8, color: '#1a1a1a', weight: 3, fill: true, fillColor: COLOURS.gap, fillOpacity: 1 },
  overdue: { shape: 'square', radius: 6, color: COLOURS.overdue, weight: 3, fill: true, fillColor: '#ffffff', fillOpacity: 0.9 },
  planned: { shape: 'circle', radius: 6, color: COLOURS.planned, weight: 2.5, fill: true, fillColor: '#ffffff', fillOpacity: 0.6 },
  covered: { shape: 'circle', radius: 4, color: '#ffffff', weight: 1, fill: true, fillColor: COLOURS.covered, fillOpacity: 0.95 },
  notDue: { shape: 'circle', radius: 4.5, color: '#6b6b6b', weight: 1.5, fill: true, fillColor: '#d9d9d9', fillOpacity: 1 },
  // The covered dot's size and colour with a white heart: covered, not yet backed (smaller and
  // greener than the planned ring, so the two rings are not confused).
  coveredUnverified: { shape: 'circle', radius: 4, color: COLOURS.covered, weight: 2.5, fill: true, fillColor: '#ffffff', fillOpacity: 1 },
};

/** The same symbol as an inline SVG, for the legend and the lists. */
export function swatch(status: Shown, size = 22): SVGSVGElement {
  const m = MARKER[status];
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('swatch');
  const c = size / 2;
  const shape = document.createElementNS(ns, m.shape === 'square' ? 'rect' : 'circle');
  if (m.shape === 'square') {
    for (const [k, v] of Object.entries({ x: c - m.radius, y: c - m.radius, width: 2 * m.radius, height: 2 * m.radius })) shape.setAttribute(k, String(v));
  } else {
    for (const [k, v] of Object.entries({ cx: c, cy: c, r: m.radius })) shape.setAttribute(k, String(v));
  }
  shape.setAttribute('fill', m.fill ? (m.fillColor ?? 'none') : 'none');
  shape.setAttribute('fill-opacity', String(m.fillOpacity ?? 1));
  shape.setAttribute('stroke', m.color ?? 'none');
  shape.setAttribute('stroke-width', String(m.weight ?? 1));
  if (m.dashArray) shape.setAttribute('stroke-dasharray', String(m.dashArray));
  svg.append(shape);
  return svg;
}

/**
 * Zoomed out over a big county the full-size symbols would merge into one vermilion blot:
 * shrink them below zoom 11 (down to a third), keeping their order and outlines.
 */
export function markerStyle(status: Shown, zoom: number): MarkerStyle {
  const m = MARKER[status];
  const f = Math.min(1, Math.max(0.35, (zoom - 5) / 6));
  if (f === 1) return m;
  return { ...m, radius: Math.max(1.5, m.radius * f), weight: Math.max(0.75, (m.weight ?? 1) * Math.max(0.5, f)) };
}

/**
 * The drill-down map's area symbols: a circle's fill says its coverage, in five steps from the gap
 * vermilion (almost nothing covered) through pale tints to the covered green (nearly all covered),
 * the colours the villages use for the same two ends; the gap count written in it and the
 * coverage beside its name are the second cue. `from` is each step's lower bound.
 */
export const COVERAGE_STEPS: { from: number; colour: string }[] = [
  { from: 0, colour: COLOURS.gap },
  { from: 0.2, colour: '#EB9A66' },
  { from: 0.4, colour: '#F2D6C2' },
  { from: 0.6, colour: '#80CDB5' },
  { from: 0.8, colour: COLOURS.covered },
];

/** The step of a coverage (0–1): its index in COVERAGE_STEPS. */
export function coverageStep(coverage: number): number {
  let i = 0;
  while (i + 1 < COVERAGE_STEPS.length && coverage >= COVERAGE_STEPS[i + 1]!.from) i++;
  return i;
}

export const coverageColour = (coverage: number) => COVERAGE_STEPS[coverageStep(coverage)]!.colour;

/** An area symbol's radius in pixels: its area grows with its units (a square-root scale). */
export function symbolRadius(units: number, most: number): number {
  const MIN = 11;
  const MAX = 38;
  return most > 0 ? MIN + (MAX - MIN) * Math.sqrt(Math.max(0, units) / most) : MIN;
}
