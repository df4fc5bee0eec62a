import { registerConstraint } from '../db/errors.js';
import { fetchPage } from '../db/page.js';
import { PhotoFiles, lockHash } from '../evidence/files.js';
import { photoTypes, readPhoto, type PhotoType } from '../evidence/image.js';
import type { NewFix } from '../evidence/schemas.js';
import { conflict, notFound } from '../http/problem.js';
import { formatTime } from '../months.js';
import { changeScreening, type ScreeningChange, type ScreeningContext } from './change.js';
import { selectScreenings } from './queries.js';

// A screening's evidence as it arrives from the reporting phone: fixes and photos. Each is a
// change of the screening (./change.ts), stored whole (a photo's row and files both or neither),
// and the screening and those around it are verified again.

registerConstraint('screening_fixes_lat', 'lat', 'must be between -90 and 90');
registerConstraint('screening_fixes_lng', 'lng', 'must be between -180 and 180');
registerConstraint('screening_fixes_accuracy', 'accuracy', 'must be more than 0 and at most 100000 metres');

export interface EvidenceContext extends ScreeningContext {
  photos: { maxPixels: number; maxPerScreening: number };
  files: PhotoFiles;
}

/** The screening as this user may see it (another partner's: 404), with what the evidence routes need. */
export async function visibleScreening(c: Pick<EvidenceContext, 'db' | 'user' | 'zone' | 'now'>, id: number) {
  const row = await selectScreenings(c.db, c).clearSelect().where('s.id', id).first('s.id', 's.status', 's.starts_at', 's.confirmation_token');
  if (!row) throw notFound('Screening', id);
  return row as { id: number; status: string; starts_at: Date; confirmation_token: string };
}

/** Evidence is for a screening that takes place: a cancelled one takes none. */
async function screeningForEvidence(c: Pick<EvidenceContext, 'db' | 'user' | 'zone' | 'now'>, id: number) {
  const s = await visibleScreening(c, id);
  if (s.status === 'cancelled') throw conflict('This screening is cancelled: it takes no evidence.');
  return s;
}

interface FixRow {
  id: number;
  screening_id: number;
  kind: string;
  lat: number;
  lng: number;
  accuracy: number;
  taken_at: Date;
  received_at: Date;
}

export const fixMapper = (zone: string) => (r: FixRow) => ({
  id: r.id,
  screeningId: r.screening_id,
  kind: r.kind,
  lat: r.lat,
  lng: r.lng,
  accuracy: r.accuracy,
  takenAt: formatTime(r.taken_at, zone),
  receivedAt: formatTime(r.received_at, zone),
});

/** The phone's fix of a screening; run it in the transaction of its Idempotency-Key (./change.ts changeOnce). */
export function fixChange(c: ScreeningContext, screeningId: number, fix: NewFix): ScreeningChange<ReturnType<ReturnType<typeof fixMapper>>> {
  let row: FixRow;
  return {
    lock: { ids: [screeningId], strength: 'noKeyUpdate' },
    check: async (trx) => {
      await screeningForEvidence({ ...c, db: trx }, screeningId);
    },
    write: async (trx) => {
      [row] = await trx('screening_fixes')
        .insert({ screening_id: screeningId, kind: fix.kind, lat: fix.lat, lng: fix.lng, accuracy: fix.accuracy, taken_at: fix.takenAt, created_by: c.user.id })
        .returning('*');
      return [screeningId];
    },
    record: async () => ({ result: fixMapper(c.zone)(row) }),
  };
}

interface PhotoRow {
  id: number;
  screening_id: number;
  sha256: string;
  media_type: PhotoType;
  bytes: number;
  width: number;
  height: number;
  taken_at: Date | null;
  lat: number | null;
  lng: number | null;
  created_at: Date;
}

export const photoMapper = (zone: string) => (r: PhotoRow) => ({
  id: r.id,
  screeningId: r.screening_id,
  sha256: r.sha256,
  mediaType: r.media_type,
  bytes: r.bytes,
  width: r.width,
  height: r.height,
  takenAt: formatTime(r.taken_at, zone),
  lat: r.lat,
  lng: r.lng,
  createdAt: formatTime(r.created_at, zone),
  url: `/api/photos/${r.id}`,
});

/**
 * Stores a photo: 201 with the new one, or 200 with the one this screening already has with these
 * very bytes (a phone's retry after a lost answer stores nothing twice). The body is read (`read`)
 * only once the screening is known to take it.
 */
export async function addPhoto(c: EvidenceContext, screeningId: number, type: PhotoType, read: () => Promise<Buffer>) {
  await screeningForEvidence(c, screeningId);
  const bytes = await read();
  const photo = await readPhoto(bytes, type, { maxPixels: c.photos.maxPixels, zone: c.zone });
  const ext = photoTypes[type];
  let placed = false;
  let answer: { status: 200 | 201; row: PhotoRow };
  try {
    await changeScreening(c, {
      // The screening's row locked: its photos are counted one upload at a time.
      lock: { ids: [screeningId] },
      write: async (trx) => {
        await lockHash(trx, photo.sha256);
        const [row] = await trx('screening_photos')
          .insert({
            screening_id: screeningId,
            sha256: photo.sha256,
            phash: photo.phash,
            media_type: photo.mediaType,
            bytes: photo.bytes,
            width: photo.width,
            height: photo.height,
            taken_at: photo.takenAt,
            lat: photo.lat,
            lng: photo.lng,
            created_by: c.user.id,
          })
          .onConflict(['screening_id', 'sha256'])
          .ignore()
          .returning('*');
        if (!row) {
          answer = { status: 200, row: await trx('screening_photos').where({ screening_id: screeningId, sha256: photo.sha256 }).first() };
          return [];
        }
        const kept = await trx('screening_photos').where({ screening_id: screeningId }).count({ n: '*' }).first();
        const max = c.photos.maxPerScreening;
        if (Number(kept?.n) > max) {
          throw conflict(`Screening ${screeningId} has its ${max} photos already (PHOTO_MAX_PER_SCREENING): nothing stored.`, [{ path: 'body', message: `at most ${max} photos a screening` }]);
        }
        placed = true;
        await c.files.place(photo.sha256, ext, photo.mediaType, bytes, photo.display);
        answer = { status: 201, row };
        return [screeningId];
      },
    });
  } catch (err) {
    if (placed) await c.files.removeUnreferenced(c.db, photo.sha256, ext);
    throw err;
  }
  return { status: answer!.status, body: photoMapper(c.zone)(answer!.row) };
}

/** The photos of a screening the user may see. */
export async function listPhotos(c: EvidenceContext, screeningId: number, page: { limit: number; offset: number }) {
  await visibleScreening(c, screeningId);
  return fetchPage(c.db('screening_photos').where({ screening_id: screeningId }).orderBy('id'), page, photoMapper(c.zone));
}

/** A photo the user may see: its type, its ETag, and its object in the store (the display copy, or the original as it came), opened only when asked. */
export async function photoFile(c: EvidenceContext, photoId: number, original: boolean) {
  const row = await selectScreenings(c.db, c).clearSelect().join('screening_photos as p', 'p.screening_id', 's.id').where('p.id', photoId).first('p.sha256', 'p.media_type');
  if (!row) throw notFound('Photo', photoId);
  const { sha256, media_type: type } = row as { sha256: string; media_type: PhotoType };
  return { open: () => c.files.open(sha256, photoTypes[type], original), type: original ? type : 'image/webp', etag: original ? `"${sha256}"` : `"${sha256}-display"` };
}
