import type { DateTime } from 'luxon';
import type { User } from '../auth/user.js';
import { registerConstraint } from '../db/errors.js';
import type { Db } from '../db/index.js';
import { conflict, notFound } from '../http/problem.js';
import { formatTime } from '../months.js';
import { selectScreenings } from '../screenings/queries.js';
import type { Thresholds } from './checks.js';
import type { NewFix } from './schemas.js';
import { verifyAround } from './verify.js';

// A screening's evidence as it arrives from the reporting phone: its fixes. Each is stored, then
// the screening and those around it are verified again (./verify.ts).

registerConstraint('screening_fixes_lat', 'lat', 'must be between -90 and 90');
registerConstraint('screening_fixes_lng', 'lng', 'must be between -180 and 180');
registerConstraint('screening_fixes_accuracy', 'accuracy', 'must be more than 0 and at most 100000 metres');

export interface EvidenceContext {
  db: Db;
  user: User;
  zone: string;
  now: DateTime;
  evidence: Thresholds;
}

/** The screening as this user may see it (another partner's: 404), with what the evidence routes need. */
export async function visibleScreening(c: Pick<EvidenceContext, 'db' | 'user'>, id: number) {
  const row = await selectScreenings(c.db, c.user).clearSelect().where('s.id', id).first('s.id', 's.status', 's.starts_at', 's.confirmation_token');
  if (!row) throw notFound('Screening', id);
  return row as { id: number; status: string; starts_at: Date; confirmation_token: string };
}

/** Evidence is for a screening that takes place: a cancelled one takes none. */
async function screeningForEvidence(c: EvidenceContext, id: number) {
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

export async function addFix(c: EvidenceContext, screeningId: number, fix: NewFix) {
  await screeningForEvidence(c, screeningId);
  const [row] = await c.db('screening_fixes')
    .insert({ screening_id: screeningId, kind: fix.kind, lat: fix.lat, lng: fix.lng, accuracy: fix.accuracy, taken_at: fix.takenAt, created_by: c.user.id })
    .returning('*');
  await verifyAround(c.db, [screeningId], c.evidence);
  return fixMapper(c.zone)(row as FixRow);
}

interface PhotoRow {
  id: number;
  screening_id: number;
  sha256: string;
  media_type: string;
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
