import type { Group } from './grouping.js';
import type { Units } from './units.js';

export interface Place extends Group {
  /** Units of the level inside the group (retired ones too: a place, not a month). */
  units: number;
  /** The mean position of its units; null without units. */
  lat: number | null;
  lng: number | null;
  /** [[south, west], [north, east]] of its units; null without units. */
  bounds: [[number, number], [number, number]] | null;
}

/** Where each group lies: its units' count, centre and bounds, in one pass over the unit list. */
export function placesOf(u: Units, groups: Group[], groupOf: (p: number) => number, inside?: (p: number) => boolean): Place[] {
  const n: number[] = [];
  const lat: number[] = [];
  const lng: number[] = [];
  const box: [number, number, number, number][] = [];
  for (let p = 0; p < u.id.length; p++) {
    if (inside && !inside(p)) continue;
    const g = groupOf(p);
    if (g < 0) continue;
    const y = u.lat[p]!;
    const x = u.lng[p]!;
    n[g] = (n[g] ?? 0) + 1;
    lat[g] = (lat[g] ?? 0) + y;
    lng[g] = (lng[g] ?? 0) + x;
    const b = (box[g] ??= [y, x, y, x]);
    if (y < b[0]) b[0] = y;
    if (x < b[1]) b[1] = x;
    if (y > b[2]) b[2] = y;
    if (x > b[3]) b[3] = x;
  }
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  return groups.map((g, i) => {
    const count = n[i] ?? 0;
    const b = box[i];
    return {
      ...g,
      units: count,
      lat: count ? round(lat[i]! / count) : null,
      lng: count ? round(lng[i]! / count) : null,
      bounds: b ? [[b[0], b[1]], [b[2], b[3]]] : null,
    };
  });
}
