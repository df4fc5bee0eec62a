import { createHash } from 'node:crypto';
import exifr from 'exifr';
import { DateTime } from 'luxon';
import sharp, { type Metadata } from 'sharp';
import { HttpError, badRequest } from '../http/problem.js';

// A photo as it came (JPEG, PNG or WebP bytes) to what is kept of it: its SHA-256, its size, the
// time and position its EXIF gives, a display copy without any metadata, and a difference hash
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

/**
 * A 64-bit difference hash as 16 hex digits: the picture in grey at 9×8, each bit whether a pixel is
 * brighter than its right neighbour. Resizing and recompressing change few bits, another picture about half.
 */
export async function differenceHash(image: Buffer): Promise<string> {
  const px = await sharp(image).greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer();
  let hash = 0n;
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) hash = (hash << 1n) | (px[y * 9 + x]! > px[y * 9 + x + 1]! ? 1n : 0n);
  return hash.toString(16).padStart(16, '0');
}

/** Bits in which two difference hashes differ. */
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
    phash: await differenceHash(display),
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
