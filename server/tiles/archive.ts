import { closeSync, openSync, readSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import { bytesToHeader, PMTiles, TileType, type Header, type RangeResponse, type Source } from 'pmtiles';

// A local PMTiles v3 archive (TILE_PRESET=archive): its header read once at start, to refuse what
// Leaflet cannot draw and to tell the pages its zooms and bounds; each tile then read by a range of
// the file (the header, a directory or two kept by the pmtiles reader, never the whole archive).

/** Raster tile types Leaflet draws, with their extension and Content-Type. */
const RASTER: Partial<Record<TileType, { ext: string; contentType: string }>> = {
  [TileType.Png]: { ext: 'png', contentType: 'image/png' },
  [TileType.Jpeg]: { ext: 'jpg', contentType: 'image/jpeg' },
  [TileType.Webp]: { ext: 'webp', contentType: 'image/webp' },
  [TileType.Avif]: { ext: 'avif', contentType: 'image/avif' },
};

/** What the pages and the route need to know of the archive. */
export interface ArchiveInfo {
  file: string;
  ext: string;
  contentType: string;
  minZoom: number;
  maxZoom: number;
  /** [[south, west], [north, east]], as Leaflet takes bounds. */
  bounds: [[number, number], [number, number]];
  /** Names this version of the file (its size and time): a tile's ETag is it and the tile's address. */
  version: string;
  /** The tiles' own compression, sent as Content-Encoding (raster tiles are normally stored as they are). */
  encoding: string | null;
}

const HEADER_BYTES = 127;
const ENCODINGS: Record<number, string | null> = { 0: null, 1: null, 2: 'gzip', 3: 'br', 4: 'zstd' };

/** The archive's header, checked: throws a message naming TILE_ARCHIVE when it cannot be served. */
export function readArchiveInfo(file: string): ArchiveInfo {
  let header: Header;
  let size: number;
  let mtime: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
    mtime = stat.mtimeMs;
    const bytes = Buffer.alloc(HEADER_BYTES);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, bytes, 0, HEADER_BYTES, 0);
    } finally {
      closeSync(fd);
    }
    if (size < HEADER_BYTES || bytes.toString('latin1', 0, 7) !== 'PMTiles') throw new Error('not a PMTiles archive (no PMTiles header)');
    if (bytes[7] !== 3) throw new Error(`PMTiles version ${bytes[7]}: only version 3 is read (pmtiles convert makes one)`);
    header = bytesToHeader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + HEADER_BYTES));
  } catch (err) {
    throw new Error(`Invalid configuration:\n  TILE_ARCHIVE: ${file} cannot be served: ${(err as Error).message}`, { cause: err });
  }
  const raster = RASTER[header.tileType];
  if (!raster) {
    const what = header.tileType === TileType.Mvt || header.tileType === TileType.Mlt ? 'vector tiles, which the pages (Leaflet raster layers) cannot draw: make a raster archive (png, jpg or webp)' : `tiles of unknown type ${header.tileType}`;
    throw new Error(`Invalid configuration:\n  TILE_ARCHIVE: ${file} holds ${what}`);
  }
  if (!(header.tileCompression in ENCODINGS)) throw new Error(`Invalid configuration:\n  TILE_ARCHIVE: ${file}: unknown tile compression ${header.tileCompression}`);
  return {
    file,
    ...raster,
    minZoom: header.minZoom,
    maxZoom: header.maxZoom,
    bounds: [
      [header.minLat, header.minLon],
      [header.maxLat, header.maxLon],
    ],
    version: `${size.toString(36)}-${Math.floor(mtime).toString(36)}`,
    encoding: ENCODINGS[header.tileCompression] ?? null,
  };
}

/** Byte ranges of a local file, opened for each read (no descriptor held between requests). */
class FileRangeSource implements Source {
  constructor(private readonly file: string) {}
  getKey() {
    return this.file;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const handle = await fs.open(this.file, 'r');
    try {
      const out = new Uint8Array(length);
      const { bytesRead } = await handle.read(out, 0, length, offset);
      return { data: out.buffer.slice(0, bytesRead) };
    } finally {
      await handle.close();
    }
  }
}

/** The tiles of one archive. */
export class TileArchive {
  private readonly reader: PMTiles;
  constructor(readonly info: ArchiveInfo) {
    this.reader = new PMTiles(new FileRangeSource(info.file));
  }

  /** A tile's bytes, or null when the archive has none at z/x/y. */
  async tile(z: number, x: number, y: number): Promise<Buffer | null> {
    if (z < this.info.minZoom || z > this.info.maxZoom) return null;
    const found = await this.reader.getZxy(z, x, y);
    return found ? Buffer.from(found.data) : null;
  }
}
