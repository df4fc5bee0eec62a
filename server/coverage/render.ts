import type { UnitStatus } from '../../domain/status.js';
import { statusAt, unitTest, yearMonthsOf, yearPositions, yearStatusesAt, type Headline } from './counts.js';
import type { Where } from './grouping.js';
import { BLOCK, type MonthStatuses } from './engine.js';
import type { Units } from './units.js';

// The two large answers as bytes — the month's GeoJSON and the year — rendered a block of 512
// units at a time and kept by block: after a write only the block of the changed unit is rendered
// again (the engine's blockSerial says which), the rest is sent as it was.

const COMMA = Buffer.from(',');

/** Whether an answer is of every unit: then its kept blocks are sent as they are. */
const isWhole = (w: Where) => w.townshipId === undefined && w.areaId === undefined && !w.counties;

/** Rendered features of one block, and where each unit's feature lies in the bytes (-1: no unit). */
interface FeatureBlock {
  serial: number;
  bytes: Buffer;
  start: Int32Array;
  end: Int32Array;
}

interface YearBlocks {
  signature: string[];
  block: Buffer[];
}

/** Years kept per unit list. */
const KEEP_YEARS = 2;

export class AnswerRenderer {
  private readonly features = new Map<string, { of: MonthStatuses; blocks: FeatureBlock[] }>();
  private readonly years = new WeakMap<Units, Map<string, YearBlocks>>();

  constructor(
    /** Level-months whose GeoJSON blocks are kept (each about as large as its answer); the least recently asked gives them up. */
    private readonly options: { keepMonths?: number } = {},
  ) {}

  /**
   * The month's units as a GeoJSON FeatureCollection, as byte pieces to send one after another:
   * the whole level is the kept blocks as they are; a township or a status, their features' bytes
   * picked out.
   */
  villagesGeoJson(m: MonthStatuses, where: Where = {}, status?: UnitStatus): Buffer[] {
    const blocks = this.featureBlocksOf(m);
    const parts: Buffer[] = [Buffer.from(`{"type":"FeatureCollection","month":${JSON.stringify(m.month.month)},"level":${JSON.stringify(m.units.level)},"features":[`)];
    const head = parts.length;
    const add = (piece: Buffer) => {
      if (!piece.length) return;
      if (parts.length > head) parts.push(COMMA);
      parts.push(piece);
    };
    const n = m.units.id.length;
    const whole = isWhole(where) && status === undefined;
    const isUnit = unitTest(m, where);
    for (let b = 0; b * BLOCK < n; b++) {
      if (whole) {
        add(featureBlock(m, blocks, b).bytes);
        continue;
      }
      let block: FeatureBlock | undefined;
      for (let p = b * BLOCK; p < Math.min(n, (b + 1) * BLOCK); p++) {
        if (!isUnit(p) || (status && statusAt(m, p) !== status)) continue;
        block ??= featureBlock(m, blocks, b);
        add(block.bytes.subarray(block.start[p - b * BLOCK], block.end[p - b * BLOCK]));
      }
    }
    parts.push(Buffer.from(']}'));
    // Picked features are many small pieces: one buffer sends them faster than thousands of writes.
    return whole ? parts : [Buffer.concat(parts)];
  }

  /**
   * The year answer as JSON. For the whole level the village rows are put together from blocks
   * kept per unit list and year: a block is rendered again only when a unit of it changed in one
   * of the twelve months (their block serials say so), so a write re-renders one block of 8 MB.
   */
  yearJson(year: number, months: MonthStatuses[], where: Where = {}, headline?: Headline): Buffer[] {
    const u = months[0]!.units;
    const head = Buffer.from(`{"year":${year},"level":${JSON.stringify(u.level)},"months":${JSON.stringify(yearMonthsOf(months, where, headline))},"villages":[`);
    const tail = Buffer.from(']}');
    const row = (p: number) => JSON.stringify({ id: u.id[p], name: u.name[p], townshipId: u.townshipId[p], statuses: yearStatusesAt(months, p) });
    if (!isWhole(where)) return [head, Buffer.from(yearPositions(months, where).map(row).join(',')), tail];

    const kept = this.yearBlocksOf(u, months.map((m) => m.month.month).join());
    const isUnit = unitTest(months[0]!);
    const parts: Buffer[] = [head];
    for (let b = 0; b * BLOCK < u.id.length; b++) {
      // Serials are unique to contents in this process, a rebuilt month's too: the signatures alone say what changed.
      const signature = months.map((m) => m.blockSerial[b]).join();
      if (kept.signature[b] !== signature) {
        const rows: string[] = [];
        for (let p = b * BLOCK; p < Math.min(u.id.length, (b + 1) * BLOCK); p++) if (isUnit(p)) rows.push(row(p));
        kept.block[b] = Buffer.from(rows.join(','));
        kept.signature[b] = signature;
      }
      const block = kept.block[b]!;
      if (!block.length) continue;
      if (parts.length > 1) parts.push(COMMA);
      parts.push(block);
    }
    parts.push(tail);
    return parts;
  }

  /** The kept feature blocks of this month's statuses, made the most recently used. */
  private featureBlocksOf(m: MonthStatuses): FeatureBlock[] {
    const key = `${m.units.level}|${m.month.month}`;
    let kept = this.features.get(key);
    if (kept?.of !== m) kept = { of: m, blocks: [] };
    this.features.delete(key);
    this.features.set(key, kept);
    for (const [k] of this.features) if (this.features.size > (this.options.keepMonths ?? 3)) this.features.delete(k);
    return kept.blocks;
  }

  private yearBlocksOf(u: Units, key: string): YearBlocks {
    let perUnits = this.years.get(u);
    if (!perUnits) this.years.set(u, (perUnits = new Map()));
    const kept = perUnits.get(key) ?? { signature: [], block: [] };
    perUnits.delete(key);
    perUnits.set(key, kept);
    for (const [k] of perUnits) if (perUnits.size > KEEP_YEARS) perUnits.delete(k);
    return kept;
  }
}

/**
 * A unit's GeoJSON feature. (Not kept per unit: 50,000 small strings held for long slowed every
 * other request by their garbage-collection cost; the kept blocks are 100 buffers.)
 */
function feature(m: MonthStatuses, p: number): string {
  const u = m.units;
  return JSON.stringify({
    type: 'Feature',
    id: u.id[p],
    geometry: { type: 'Point', coordinates: [u.lng[p], u.lat[p]] },
    properties: { id: u.id[p], name: u.name[p], code: u.code[p], townshipId: u.townshipId[p], townshipName: u.townshipName[p], kind: u.kind[p], status: statusAt(m, p), screenings: m.screenings[p], verified: m.verified[p] === 1 },
  });
}

/** Block b of the month's features: the kept one while no unit of it changed, else rendered again. */
function featureBlock(m: MonthStatuses, blocks: FeatureBlock[], b: number): FeatureBlock {
  const kept = blocks[b];
  if (kept && kept.serial === m.blockSerial[b]) return kept;
  const isUnit = unitTest(m);
  const first = b * BLOCK;
  const last = Math.min(m.units.id.length, first + BLOCK);
  const starts = new Int32Array(last - first).fill(-1);
  const ends = new Int32Array(last - first).fill(-1);
  const features: string[] = [];
  let at = 0;
  for (let p = first; p < last; p++) {
    if (!isUnit(p)) continue;
    const f = feature(m, p);
    if (features.length) at += 1; // the comma before it
    starts[p - first] = at;
    at += Buffer.byteLength(f);
    ends[p - first] = at;
    features.push(f);
  }
  return (blocks[b] = { serial: m.blockSerial[b]!, bytes: Buffer.from(features.join(',')), start: starts, end: ends });
}
