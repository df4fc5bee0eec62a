import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Level } from '../../domain/units.js';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';
import type { Units } from './units.js';

// A month's statuses kept in the database (migrations/202612100006_add_coverage_snapshots.ts), so
// that the first answer of a month a server has not held — an older month a reader switches to,
// any month after a restart — costs a read of a few hundred kilobytes and the changes since, not
// a grouping of the month's half a million screenings. ./engine.ts saves one whenever it computes
// an ended month whole, and restores one before computing whole. A snapshot counts only for the
// very unit list it was computed over: the database, the registry counter and a fingerprint of the
// positions and their villages must all agree.

const deflate = promisify(zlib.deflate);
const inflate = promisify(zlib.inflate);

export interface Snapshot {
  epoch: number;
  now: number;
  from: number;
  until: number;
  rank: Uint8Array;
  screenings: Uint32Array;
  verified: Uint8Array;
}

const fingerprints = new WeakMap<Units, string>();
/** The unit list's positions and the villages counting for each, hashed (once per list). */
export function fingerprintOf(u: Units): string {
  let f = fingerprints.get(u);
  if (!f) {
    const h = createHash('sha1');
    h.update(`${u.level}|${u.id.length}|`);
    h.update(Buffer.from(Int32Array.from(u.id).buffer));
    h.update(Buffer.from(u.memberStart.buffer, u.memberStart.byteOffset, u.memberStart.byteLength));
    h.update(Buffer.from(u.members.buffer, u.members.byteOffset, u.members.byteLength));
    fingerprints.set(u, (f = h.digest('base64url')));
  }
  return f;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export async function saveSnapshot(db: Db, level: Level, range: MonthRange, u: Units, s: Snapshot): Promise<void> {
  const n = u.id.length;
  const raw = Buffer.alloc(n * 6);
  raw.set(s.rank, 0);
  raw.set(new Uint8Array(s.screenings.buffer, s.screenings.byteOffset, n * 4), n);
  raw.set(s.verified, n * 5);
  const data = await deflate(raw, { level: 1 });
  const row = { level, month: range.month, starts_ms: range.start.toMillis(), ends_ms: range.end.toMillis(), database: u.database, registry: u.registry, fingerprint: fingerprintOf(u), epoch: s.epoch, now_ms: s.now, span_from: finite(s.from), span_until: finite(s.until), units: n, data, saved_at: db.fn.now() };
  await db('coverage_snapshots').insert(row).onConflict(['level', 'month', 'starts_ms', 'ends_ms']).merge();
}

export async function loadSnapshot(db: Db, level: Level, range: MonthRange, u: Units): Promise<Snapshot | null> {
  const row: { epoch: string | number; now_ms: number; span_from: number | null; span_until: number | null; units: number; data: Buffer } | undefined = await db('coverage_snapshots')
    .where({ level, month: range.month, starts_ms: range.start.toMillis(), ends_ms: range.end.toMillis(), database: u.database, registry: u.registry, units: u.id.length })
    .first('epoch', 'now_ms', 'span_from', 'span_until', 'units', 'data', 'fingerprint')
    .then((r: ({ fingerprint: string } & Record<string, unknown>) | undefined) => (r && r.fingerprint === fingerprintOf(u) ? (r as never) : undefined));
  if (!row) return null;
  const n = row.units;
  const raw = await inflate(row.data);
  if (raw.length !== n * 6) return null;
  const screenings = new Uint32Array(n);
  new Uint8Array(screenings.buffer).set(raw.subarray(n, n * 5));
  return {
    epoch: Number(row.epoch),
    now: row.now_ms,
    from: row.span_from ?? -Infinity,
    until: row.span_until ?? Infinity,
    rank: new Uint8Array(raw.subarray(0, n)),
    screenings,
    verified: new Uint8Array(raw.subarray(n * 5, n * 6)),
  };
}
