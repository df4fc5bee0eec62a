import { rankStatus, type TownshipCounts, type UnitStatus } from './queries.js';
import { CHUNK, type MonthStatuses } from './engine.js';

// The month answers, read off a month's statuses (server/coverage/engine.ts): plain loops over the
// units, no database. A unit of month M is a village of the level not retired at or before M's
// first instant (DOMAIN.md).

const isUnit = (m: MonthStatuses, p: number, start: number, townshipId?: number) =>
  m.units.retiredAt[p]! > start && (townshipId === undefined || m.units.townshipId[p] === townshipId);

/** Counts per township: every township (also those without units), or only `townshipId`. */
export function townshipCountsOf(m: MonthStatuses, townshipId?: number): TownshipCounts[] {
  const start = m.month.start.toMillis();
  const byTownship = new Map<number, TownshipCounts>();
  for (const t of m.units.townships) {
    if (townshipId === undefined || t.id === townshipId) byTownship.set(t.id, { id: t.id, name: t.name, units: 0, covered: 0, planned: 0, overdue: 0, gap: 0 });
  }
  for (let p = 0; p < m.units.id.length; p++) {
    if (!isUnit(m, p, start, townshipId)) continue;
    const c = byTownship.get(m.units.townshipId[p]!);
    if (!c) continue;
    c.units++;
    c[rankStatus[m.rank[p]!]!]++;
  }
  return [...byTownship.values()];
}

/** One letter per village of the level in id order: c, p, o, g, or - where it is no unit (retired, other township). */
export function statusLettersOf(m: MonthStatuses, townshipId?: number): string {
  const start = m.month.start.toMillis();
  const letters = ['g', 'o', 'p', 'c'];
  const out: string[] = new Array(m.units.byId.length);
  m.units.byId.forEach((p, i) => (out[i] = isUnit(m, p, start, townshipId) ? letters[m.rank[p]!]! : '-'));
  return out.join('');
}

export interface UnitRow {
  id: number;
  name: string;
  code: string | null;
  kind: string;
  lat: number;
  lng: number;
  township_id: number;
  township_name: string;
  status: UnitStatus;
  screenings: number;
}

/** The units of the month with status and count, by township, code, name, id. */
export function unitRowsOf(m: MonthStatuses, townshipId?: number, status?: UnitStatus): UnitRow[] {
  const start = m.month.start.toMillis();
  const u = m.units;
  const rows: UnitRow[] = [];
  for (let p = 0; p < u.id.length; p++) {
    if (!isUnit(m, p, start, townshipId)) continue;
    const s = rankStatus[m.rank[p]!]!;
    if (status && s !== status) continue;
    rows.push({ id: u.id[p]!, name: u.name[p]!, code: u.code[p]!, kind: u.kind[p]!, lat: u.lat[p]!, lng: u.lng[p]!, township_id: u.townshipId[p]!, township_name: u.townshipName[p]!, status: s, screenings: m.screenings[p]! });
  }
  return rows;
}

/**
 * A unit's GeoJSON feature. (Not kept per unit: 50,000 small strings held for long slowed every
 * other request by their garbage-collection cost; the kept chunks below are 50 buffers.)
 */
function feature(m: MonthStatuses, p: number): string {
  const u = m.units;
  return JSON.stringify({
    type: 'Feature',
    id: u.id[p],
    geometry: { type: 'Point', coordinates: [u.lng[p], u.lat[p]] },
    properties: { id: u.id[p], name: u.name[p], code: u.code[p], townshipId: u.townshipId[p], townshipName: u.townshipName[p], kind: u.kind[p], status: rankStatus[m.rank[p]!], screenings: m.screenings[p] },
  });
}

const COMMA = Buffer.from(',');

/** Months whose rendered chunks are kept (each as large as its answer); the oldest gives them up. */
const KEEP_RENDERED = 3;
const rendered: MonthStatuses[] = [];
function keepRendered(m: MonthStatuses) {
  const i = rendered.indexOf(m);
  if (i >= 0) rendered.splice(i, 1);
  rendered.push(m);
  while (rendered.length > KEEP_RENDERED) rendered.shift()!.rendered.chunk = [];
}

/**
 * The month's units as a GeoJSON FeatureCollection. The whole county is put together from chunks
 * of rendered features kept with the month: after a write only the chunk of the changed unit is
 * rendered again, the rest of the 13 MB is copied.
 */
export function villagesGeoJsonOf(m: MonthStatuses, townshipId?: number, status?: UnitStatus): Buffer {
  const start = m.month.start.toMillis();
  const head = Buffer.from(`{"type":"FeatureCollection","month":${JSON.stringify(m.month.month)},"level":${JSON.stringify(m.units.level)},"features":[`);
  const tail = Buffer.from(']}');
  const n = m.units.id.length;
  if (townshipId === undefined && status === undefined) {
    keepRendered(m);
    const parts: Buffer[] = [head];
    for (let c = 0; c * CHUNK < n; c++) {
      let chunk = m.rendered.chunk[c];
      if (!chunk) {
        const features: string[] = [];
        for (let p = c * CHUNK; p < Math.min(n, (c + 1) * CHUNK); p++) if (isUnit(m, p, start)) features.push(feature(m, p));
        chunk = m.rendered.chunk[c] = Buffer.from(features.join(','));
      }
      if (!chunk.length) continue;
      if (parts.length > 1) parts.push(COMMA);
      parts.push(chunk);
    }
    parts.push(tail);
    return Buffer.concat(parts);
  }
  const features: string[] = [];
  for (let p = 0; p < n; p++) {
    if (isUnit(m, p, start, townshipId) && (!status || rankStatus[m.rank[p]!] === status)) features.push(feature(m, p));
  }
  return Buffer.concat([head, Buffer.from(features.join(',')), tail]);
}
