import { createHash } from 'node:crypto';
import exifr from 'exifr';
import { DateTime } from 'luxon';
import sharp, { type Metadata } from 'sharp';
import { HttpError, badRequest } from '../http/problem.js';

// A photo as it came (JPEG, PNG or WebP bytes) to what is kept of it: its SHA-256, its size, the
// time and position its EXIF gives, a display copy without any metadata, and a perceptual hash
// that stays the same when the picture is resized or recompressed. Anything that is not a whole,
// decodable picture of the type it says it is, or decodes to too many pixels, or carries EXIF that
// cannot be true, is a 400 naming what is wrong; nothing here touches the disk.

export const photoTypes = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
export type PhotoType = keyof typeof photoTypes;
const formatOf: Record<PhotoType, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/** The display copy: WebP, at most this many pixels a side. */
export const DISPLAY_PX = 1280;

export interface Photo {
  sha256: string;
  mediaType: PhotoType;
  bytes: number;
  /** As seen, after the EXIF orientation. */
  width: number;
  height: number;
  takenAt: Date | null;
  lat: number | null;
  lng: number | null;
  phash: string;
  display: Buffer;
}

/** What the first bytes say the file is. */
export function sniff(b: Buffer): PhotoType | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

const names: Record<PhotoType, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP' };
const notThat = (type: PhotoType, why: string) => badRequest(`The body is not a usable ${names[type]} image: ${why}.`, [{ path: 'body', message: why }]);

/** The side of the grey square the perceptual hash reads, and the frequencies it keeps each way. */
const HASH_SIDE = 32;
const HASH_FREQS = 8;
/** cos((2n + 1)kπ / 2N) for the kept frequencies k: the DCT-II basis, made once. */
const basis = Array.from({ length: HASH_FREQS }, (_, k) => Array.from({ length: HASH_SIDE }, (_, n) => Math.cos(((2 * n + 1) * k * Math.PI) / (2 * HASH_SIDE))));

/**
 * A 64-bit perceptual hash as 16 hex digits: the picture in grey at 32×32 (16 bits a pixel), its
 * 8×8 lowest frequencies (a DCT), each bit whether a frequency is above their median. It reads the
 * picture's large shapes, which survive resizing and recompression: a night photo forwarded
 * through a chat app (smaller, JPEG again) lands within 2 bits of itself, while another night
 * scene of a screen and a crowd differs in 16 or more. (A difference hash of 9×8 pixels, used
 * before, moved 3–10 bits on such dark, noisy pictures: their neighbouring pixels are nearly equal.)
 */
export async function perceptualHash(image: Buffer): Promise<string> {
  const raw = await sharp(image).greyscale().resize(HASH_SIDE, HASH_SIDE, { fit: 'fill' }).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer();
  const px = new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2);
  // Rows first (each row's kept frequencies), then the columns of that.
  const rows = Array.from({ length: HASH_SIDE }, (_, y) => basis.map((b) => b.reduce((sum, c, x) => sum + c * px[y * HASH_SIDE + x]!, 0)));
  const freqs: number[] = [];
  for (let ky = 0; ky < HASH_FREQS; ky++) for (let kx = 0; kx < HASH_FREQS; kx++) freqs.push(basis[ky]!.reduce((sum, c, y) => sum + c * rows[y]![kx]!, 0));
  // The median leaves out the first (the mean brightness), which says nothing of the shapes.
  const median = freqs.slice(1).sort((a, b) => a - b)[(freqs.length - 1) >> 1]!;
  let hash = 0n;
  for (const f of freqs) hash = (hash << 1n) | (f > median ? 1n : 0n);
  return hash.toString(16).padStart(16, '0');
}

/** Bits in which two perceptual hashes differ. */
export const hammingDistance = (a: string, b: string) => {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  for (; x; x &= x - 1n) n++;
  return n;
};

export async function readPhoto(bytes: Buffer, declared: PhotoType, limits: { maxPixels: number; zone: string }): Promise<Photo> {
  const seen = sniff(bytes);
  if (seen !== declared) throw notThat(declared, seen ? `the bytes are a ${names[seen]} image; send it as ${seen}` : `its first bytes are not those of a ${names[declared]} file`);
  // 'error' refuses a truncated or corrupt file; the warnings some cameras' files raise (stray bytes between markers) pass.
  const input = { limitInputPixels: limits.maxPixels, failOn: 'error' as const };
  let meta: Metadata;
  try {
    // The header only: the size is checked below, by name, before anything is decoded.
    meta = await sharp(bytes, { ...input, limitInputPixels: false }).metadata();
  } catch {
    throw notThat(declared, 'it does not decode');
  }
  if (meta.format !== formatOf[declared]) throw notThat(declared, 'it does not decode');
  if (meta.width * meta.height > limits.maxPixels) {
    throw notThat(declared, `it is ${meta.width}×${meta.height} pixels, more than ${Math.round(limits.maxPixels / 1e6)} megapixels`);
  }
  const exif = await readExif(meta.exif, limits.zone);
  let display: Buffer;
  try {
    // Decoding it whole is what finds a truncated or corrupt file; the copy keeps no metadata.
    display = await sharp(bytes, input).autoOrient().resize(DISPLAY_PX, DISPLAY_PX, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  } catch {
    throw notThat(declared, 'it is truncated or corrupt');
  }
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    mediaType: declared,
    bytes: bytes.length,
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    ...exif,
    phash: await perceptualHash(display),
    display,
  };
}

type Tags = Record<string, unknown>;
const exifError = (tag: string, message: string) => new HttpError(400, `The photo's EXIF cannot be true: ${tag} ${message}.`, [{ path: `exif.${tag}`, message }]);

/** EXIF's time and position, or a 400 when they cannot be true. A camera that left them blank (zeros, spaces) has none. */
export async function readExif(block: Buffer | undefined, zone: string): Promise<{ takenAt: Date | null; lat: number | null; lng: number | null }> {
  if (!block) return { takenAt: null, lat: null, lng: null };
  // libvips gives the APP1 payload: "Exif\0\0" and then the TIFF structure that exifr reads.
  const tiff = block.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? block.subarray(6) : block;
  let tags: Tags | undefined;
  try {
    tags = await exifr.parse(tiff, {
      reviveValues: false,
      translateValues: false,
      pick: ['DateTimeOriginal', 'CreateDate', 'ModifyDate', 'OffsetTimeOriginal', 'OffsetTimeDigitized', 'OffsetTime', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'],
    });
  } catch {
    throw exifError('block', 'does not parse');
  }
  if (tags && Array.isArray(tags.errors) && tags.errors.length) throw exifError('block', 'does not parse');
  tags ??= {};
  const time =
    exifTime(tags, 'DateTimeOriginal', 'OffsetTimeOriginal', zone) ?? exifTime(tags, 'CreateDate', 'OffsetTimeDigitized', zone) ?? exifTime(tags, 'ModifyDate', 'OffsetTime', zone);
  const lat = exifDegrees(tags, 'GPSLatitude', 'GPSLatitudeRef', 90, ['N', 'S']);
  const lng = exifDegrees(tags, 'GPSLongitude', 'GPSLongitudeRef', 180, ['E', 'W']);
  // A receiver without a fix writes 0/0: no position.
  const position = lat === null || lng === null || (lat === 0 && lng === 0) ? { lat: null, lng: null } : { lat, lng };
  return { takenAt: time, ...position };
}

const EXIF_TIME = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/** An EXIF time ("2026:11:20 19:45:00"): in its offset tag's offset when there is one, else in the county zone. */
function exifTime(tags: Tags, tag: string, offsetTag: string, zone: string): Date | null {
  const raw = tags[tag];
  if (raw === undefined) return null;
  const text = String(raw).replace(/\0/g, '').trim();
  if (!text || /^[0: ]*$/.test(text)) return null;
  const m = EXIF_TIME.exec(text);
  if (!m) throw exifError(tag, 'is not a time of the form YYYY:MM:DD HH:MM:SS');
  const offset = typeof tags[offsetTag] === 'string' && /^[+-]\d{2}:\d{2}$/.test(String(tags[offsetTag]).trim()) ? `UTC${String(tags[offsetTag]).trim()}` : zone;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const dt = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: offset });
  if (!dt.isValid) throw exifError(tag, 'is not a real date and time');
  if (year < 1970 || year > 2999) throw exifError(tag, 'must be between 1970 and 2999');
  return dt.toJSDate();
}

/** Degrees, minutes, seconds and N/S (E/W) to signed degrees; null when absent. */
function exifDegrees(tags: Tags, tag: string, refTag: string, max: number, refs: [string, string]): number | null {
  const raw = tags[tag];
  if (raw === undefined) return null;
  const parts = Array.isArray(raw) ? raw.map(Number) : [Number(raw)];
  const [d = NaN, m = 0, s = 0] = parts;
  if (parts.length > 3 || ![d, m, s].every(Number.isFinite) || d < 0 || m < 0 || m >= 60 || s < 0 || s >= 60) throw exifError(tag, 'is not degrees, minutes and seconds');
  const degrees = d + m / 60 + s / 3600;
  if (degrees > max) throw exifError(tag, `must be at most ${max}°`);
  const ref = tags[refTag] === undefined ? refs[0] : String(tags[refTag]).replace(/\0/g, '').trim().toUpperCase();
  if (!refs.includes(ref)) throw exifError(refTag, `must be ${refs.join(' or ')}`);
  return ref === refs[1] ? -degrees : degrees;
}
