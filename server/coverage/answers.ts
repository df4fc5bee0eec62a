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

/** Rendered features of CHUNK consecutive units, and where each unit's feature lies in the bytes (-1: no unit). */
export interface FeatureChunk {
  bytes: Buffer;
  start: Int32Array;
  end: Int32Array;
}

/** Months whose rendered chunks are kept (each as large as its answer); the oldest gives them up. */
const KEEP_RENDERED = 3;
const rendered: MonthStatuses[] = [];
function keepRendered(m: MonthStatuses) {
  const i = rendered.indexOf(m);
  if (i >= 0) rendered.splice(i, 1);
  rendered.push(m);
  while (rendered.length > KEEP_RENDERED) rendered.shift()!.rendered.chunk = [];
}

function featureChunk(m: MonthStatuses, c: number): FeatureChunk {
  const kept = m.rendered.chunk[c];
  if (kept) return kept;
  const start = m.month.start.toMillis();
  const first = c * CHUNK;
  const last = Math.min(m.units.id.length, first + CHUNK);
  const starts = new Int32Array(last - first).fill(-1);
  const ends = new Int32Array(last - first).fill(-1);
  const features: string[] = [];
  let at = 0;
  for (let p = first; p < last; p++) {
    if (!isUnit(m, p, start)) continue;
    const f = feature(m, p);
    if (features.length) at += 1; // the comma before it
    starts[p - first] = at;
    at += Buffer.byteLength(f);
    ends[p - first] = at;
    features.push(f);
  }
  return (m.rendered.chunk[c] = { bytes: Buffer.from(features.join(',')), start: starts, end: ends });
}

/**
 * The month's units as a GeoJSON FeatureCollection, as a list of byte pieces to send one after
 * another. Features are rendered in chunks of 512 units kept with the month (for the last few
 * months asked): after a write only the chunk of the changed unit is rendered again; the whole
 * county is the kept chunks as they are, a township or a status their features' bytes picked out.
 */
export function villagesGeoJsonOf(m: MonthStatuses, townshipId?: number, status?: UnitStatus): Buffer[] {
  keepRendered(m);
  const parts: Buffer[] = [Buffer.from(`{"type":"FeatureCollection","month":${JSON.stringify(m.month.month)},"level":${JSON.stringify(m.units.level)},"features":[`)];
  const head = parts.length;
  const add = (piece: Buffer) => {
    if (!piece.length) return;
    if (parts.length > head) parts.push(COMMA);
    parts.push(piece);
  };
  const n = m.units.id.length;
  const start = m.month.start.toMillis();
  for (let c = 0; c * CHUNK < n; c++) {
    if (townshipId === undefined && status === undefined) {
      add(featureChunk(m, c).bytes);
      continue;
    }
    let chunk: FeatureChunk | undefined;
    for (let p = c * CHUNK; p < Math.min(n, (c + 1) * CHUNK); p++) {
      if (!isUnit(m, p, start, townshipId) || (status && rankStatus[m.rank[p]!] !== status)) continue;
      chunk ??= featureChunk(m, c);
      add(chunk.bytes.subarray(chunk.start[p - c * CHUNK], chunk.end[p - c * CHUNK]));
    }
  }
  parts.push(Buffer.from(']}'));
  // Picked features are many small pieces: one buffer sends them faster than thousands of writes.
  return townshipId === undefined && status === undefined ? parts : [Buffer.concat(parts)];
}

/** Per unit position: its status in each month of the year, or null where it was no unit. */
const yearStatusesOf = (months: MonthStatuses[], p: number) =>
  months.map((m) => (m.units.retiredAt[p]! <= m.month.start.toMillis() ? null : rankStatus[m.rank[p]!]!));

/** The rows of the year: units of its first month (of the township), by township, code, name, id. */
function yearPositions(months: MonthStatuses[], townshipId?: number): number[] {
  const first = months[0]!;
  const start = first.month.start.toMillis();
  const out: number[] = [];
  for (let p = 0; p < first.units.id.length; p++) if (isUnit(first, p, start, townshipId)) out.push(p);
  return out;
}

export interface YearRow {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  statuses: (UnitStatus | null)[];
}

export function yearRowsOf(months: MonthStatuses[], townshipId?: number): YearRow[] {
  const u = months[0]!.units;
  return yearPositions(months, townshipId).map((p) => ({ id: u.id[p]!, name: u.name[p]!, townshipId: u.townshipId[p]!, townshipName: u.townshipName[p]!, statuses: yearStatusesOf(months, p) }));
}

/** Per month: units and covered units among the year's rows (one tight loop a month: 12 × 50,000 in a few ms). */
export function yearMonthsOf(months: MonthStatuses[], townshipId?: number) {
  const u = months[0]!.units;
  const yearStart = months[0]!.month.start.toMillis();
  const retired = u.retiredAt;
  const township = u.townshipId;
  return months.map((m) => {
    const start = m.month.start.toMillis();
    const rank = m.rank;
    let units = 0;
    let covered = 0;
    for (let p = 0; p < retired.length; p++) {
      const r = retired[p]!;
      if (r <= start || r <= yearStart || (townshipId !== undefined && township[p] !== townshipId)) continue;
      units++;
      if (rank[p] === 3) covered++;
    }
    return { month: m.month.month, units, covered, coverage: units === 0 ? 0 : covered / units };
  });
}

interface YearChunks {
  signature: string[];
  chunk: Buffer[];
}
/** Rendered chunks of a year's village rows, per unit list (so per server and registry) and year. */
const yearChunks = new WeakMap<object, Map<string, YearChunks>>();

/**
 * The year answer as JSON. For the whole county the village rows are put together from chunks kept
 * per 512 units: a chunk is rendered again only when a unit of it changed in one of the twelve
 * months (its serials say so), so a write re-renders one chunk of 8 MB.
 */
export function yearJsonOf(year: number, months: MonthStatuses[], townshipId?: number): Buffer[] {
  const u = months[0]!.units;
  const head = Buffer.from(`{"year":${year},"level":${JSON.stringify(u.level)},"months":${JSON.stringify(yearMonthsOf(months, townshipId))},"villages":[`);
  const tail = Buffer.from(']}');
  const row = (p: number) => JSON.stringify({ id: u.id[p], name: u.name[p], townshipId: u.townshipId[p], statuses: yearStatusesOf(months, p) });
  if (townshipId !== undefined) return [head, Buffer.from(yearPositions(months, townshipId).map(row).join(',')), tail];

  let perUnits = yearChunks.get(u);
  if (!perUnits) yearChunks.set(u, (perUnits = new Map()));
  const key = months.map((m) => m.month.month).join();
  let kept = perUnits.get(key);
  // Serials are unique to contents in this process, a rebuilt month's too: the signatures alone say what changed.
  kept ??= { signature: [], chunk: [] };
  perUnits.delete(key);
  perUnits.set(key, kept);
  for (const [k] of perUnits) if (perUnits.size > 2) perUnits.delete(k);

  const start = months[0]!.month.start.toMillis();
  const parts: Buffer[] = [head];
  for (let c = 0; c * CHUNK < u.id.length; c++) {
    const signature = months.map((m) => m.chunkSerial[c]).join();
    if (kept.signature[c] !== signature) {
      const rows: string[] = [];
      for (let p = c * CHUNK; p < Math.min(u.id.length, (c + 1) * CHUNK); p++) if (isUnit(months[0]!, p, start)) rows.push(row(p));
      kept.chunk[c] = Buffer.from(rows.join(','));
      kept.signature[c] = signature;
    }
    const chunk = kept.chunk[c]!;
    if (!chunk.length) continue;
    if (parts.length > 1) parts.push(COMMA);
    parts.push(chunk);
  }
  parts.push(tail);
  return parts;
}
