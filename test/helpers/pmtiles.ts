// A small PMTiles v3 archive written in the test (the spec's header, one root directory without
// compression, the tiles in tile-id order): for the tile route and the phone's offline map.
import fs from 'node:fs/promises';
import sharp from 'sharp';
import { TileType, zxyToTileId } from 'pmtiles';

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  bytes: Buffer;
}

function varint(n: number, out: number[]) {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** Writes `tiles` as a PMTiles v3 file; `bounds` [west, south, east, north] (default: the world). */
export async function writePmtiles(
  file: string,
  tiles: ArchiveTile[],
  opts: { tileType?: TileType; bounds?: [number, number, number, number]; version?: number } = {},
) {
  const sorted = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const entries: { id: number; offset: number; length: number }[] = [];
  let offset = 0;
  for (const t of sorted) {
    entries.push({ id: t.id, offset, length: t.bytes.length });
    offset += t.bytes.length;
  }
  const dir: number[] = [];
  varint(entries.length, dir);
  let last = 0;
  for (const e of entries) {
    varint(e.id - last, dir);
    last = e.id;
  }
  for (let i = 0; i < entries.length; i++) varint(1, dir);
  for (const e of entries) varint(e.length, dir);
  entries.forEach((e, i) => varint(i > 0 && e.offset === entries[i - 1]!.offset + entries[i - 1]!.length ? 0 : e.offset + 1, dir));
  const root = Buffer.from(dir);
  const metadata = Buffer.from('{}');
  const data = Buffer.concat(sorted.map((t) => t.bytes));
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(opts.version ?? 3, 7);
  const u64 = (at: number, n: number) => h.writeBigUInt64LE(BigInt(n), at);
  const rootAt = 127;
  const metaAt = rootAt + root.length;
  const dataAt = metaAt + metadata.length;
  // Root directory, metadata, leaf directories (none), tile data; then the three counts.
  [rootAt, root.length, metaAt, metadata.length, dataAt, 0, dataAt, data.length, entries.length, entries.length, entries.length].forEach((n, i) => u64(8 + 8 * i, n));
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(1, 97); // internal compression: none
  h.writeUInt8(1, 98); // tile compression: none
  h.writeUInt8(opts.tileType ?? TileType.Png, 99);
  h.writeUInt8(Math.min(...tiles.map((t) => t.z)), 100);
  h.writeUInt8(Math.max(...tiles.map((t) => t.z)), 101);
  const [w, s, e, n] = opts.bounds ?? [-180, -85, 180, 85];
  const e7 = (at: number, deg: number) => h.writeInt32LE(Math.round(deg * 1e7), at);
  [w, s, e, n].forEach((deg, i) => e7(102 + 4 * i, deg));
  h.writeUInt8(Math.min(...tiles.map((t) => t.z)), 118);
  e7(119, (w + e) / 2);
  e7(123, (s + n) / 2);
  await fs.writeFile(file, Buffer.concat([h, root, metadata, data]));
}

/** A 256 px square PNG of one colour: a tile a browser decodes. */
export const pngTile = (r: number, g: number, b: number) =>
  sharp({ create: { width: 256, height: 256, channels: 3, background: { r, g, b } } }).png().toBuffer();

/** The tile at z containing a position (Web Mercator, as Leaflet asks). */
export function tileAt(lat: number, lng: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { x, y };
}
