import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { User } from '../auth/user.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { PhotoFiles } from '../evidence/files.js';
import { photoStoreOf } from '../evidence/store.js';
import { addPhoto, type EvidenceContext } from '../screenings/evidence.js';
import { currentMonth, monthRange } from '../months.js';
import { demoPhoto } from './photos.js';
import { seeded } from './tonghai.js';

// The demo's telling cases: a few of its past screenings given the evidence that shows what the
// bureau's review queue is for — a start at 10:00 in the morning, a fix 15 km from the village, one
// photo sent for two screenings, a report sent three days late, an audience above the village's
// population, and a screening backed by everything (fix, photos, many villagers' confirmations).
// They are taken from this month's screenings at least four days old (so the late report is in),
// or last month's early in a month, and their photos stored the way the API stores a phone's.

export const caseKinds = ['rich', 'daytime', 'far', 'late', 'crowd', 'duplicate', 'duplicateAgain', 'photo'] as const;
export type CaseKind = (typeof caseKinds)[number];
export type Cases = Record<CaseKind, number[]>;

export interface Completed {
  id: number;
  startsAt: Date;
  teamId: number;
  villageKind: string;
  population: number | null;
  token: string;
}

const DAY = 86_400_000;
/** How far the 'far' case's fix is from its village: 0.135° of latitude, about 15 km. */
export const FAR_DEGREES = 0.135;
/** The late case is reported this long after its start. */
export const LATE_HOURS = 70;

/** Which screenings tell which case; each screening one case at most. */
export function pickCases(done: Completed[], zone: string, now: DateTime): Cases {
  const random = seeded(2133);
  const thisMonth = monthRange(currentMonth(zone, now), zone).start.toMillis();
  const lastMonth = monthRange(currentMonth(zone, now.minus({ months: 1 })), zone).start.toMillis();
  const pool = done
    .filter((s) => s.startsAt.getTime() >= lastMonth && s.startsAt.getTime() <= now.toMillis() - 4 * DAY)
    .map((s) => ({ s, key: (s.startsAt.getTime() >= thisMonth ? 0 : 1) + random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.s);
  const cases = Object.fromEntries(caseKinds.map((k) => [k, []])) as unknown as Cases;
  const used = new Set<number>();
  const take = (kind: CaseKind, fits: (s: Completed) => boolean = () => true) => {
    const s = pool.find((x) => !used.has(x.id) && fits(x));
    if (!s) return undefined;
    used.add(s.id);
    cases[kind].push(s.id);
    return s;
  };
  const unit = (s: Completed) => s.villageKind === 'administrative' && s.population !== null;
  take('rich', unit);
  take('daytime');
  take('far');
  take('late');
  take('crowd', unit);
  // The same photo again a few days later, by the same team.
  const first = take('duplicate', (s) => pool.some((o) => o.teamId === s.teamId && o.id !== s.id && Math.abs(o.startsAt.getTime() - s.startsAt.getTime()) >= 2 * DAY));
  if (first) take('duplicateAgain', (o) => o.teamId === first.teamId && Math.abs(o.startsAt.getTime() - first.startsAt.getTime()) >= 2 * DAY);
  for (let i = 0; i < 3; i++) take('photo');
  return cases;
}

/** The screenings' own changes: the morning start (10:00 the same day, far from the team's evening slots) and the audiences. */
export async function reshape(trx: Db, cases: Cases, done: Completed[], zone: string): Promise<void> {
  const byId = new Map(done.map((s) => [s.id, s]));
  for (const id of cases.daytime) {
    const s = byId.get(id)!;
    s.startsAt = DateTime.fromJSDate(s.startsAt, { zone }).set({ hour: 10, minute: 0 }).toJSDate();
    await trx('screenings').where({ id }).update({ starts_at: s.startsAt });
  }
  for (const id of cases.crowd) {
    const population = byId.get(id)!.population!;
    await trx('screenings').where({ id }).update({ audience: Math.round((population * 1.6) / 10) * 10 });
  }
  if (cases.rich.length) await trx('screenings').whereIn('id', cases.rich).update({ audience: 186 });
}

const comments = [
  '电影很好看，谢谢放映队！',
  '孩子们都很喜欢',
  '希望下个月还来放',
  '银幕有点小，后面看不太清',
  '长津湖太感人了',
  '声音很清楚',
  '天冷了，来的人还是很多',
  null,
  null,
  '放映员很负责，提前就把设备架好了',
  '能不能多放些科教片',
  null,
  '好！',
  '全家都来看了',
];

/** The villagers' confirmations, as the QR page would have taken them: one a phone (a salted hash), within an hour of the start. */
export function confirmationsFor(s: Completed, count: number, random: () => number) {
  return Array.from({ length: count }, (_, i) => ({
    screening_id: s.id,
    device_hash: createHash('sha256').update(`${s.token}:demo-phone-${i}`).digest('hex'),
    rating: random() < 0.85 ? (random() < 0.7 ? 5 : random() < 0.7 ? 4 : 3) : null,
    comment: count > 3 ? comments[i % comments.length] : null,
    created_at: new Date(s.startsAt.getTime() + (20 + random() * 100) * 60_000),
  }));
}

/** The demo partner's user (or an admin, when the partner's name was taken): who sent the evidence. */
export async function sender(trx: Db): Promise<User> {
  const row =
    (await trx('users').where({ username: 'partner', role: 'partner' }).first('id', 'username', 'role', 'partner_id')) ??
    (await trx('users').where({ role: 'admin' }).orderBy('id').first('id', 'username', 'role', 'partner_id'));
  return { id: row.id, username: row.username, role: row.role, partnerId: row.partner_id, teamId: null, areaId: null, counties: null };
}

/**
 * The cases' photos through addPhoto, as a phone's upload: row and files together under PHOTO_DIR.
 * They are drawn from fixed seeds, so a first start that failed after placing some leaves only the
 * very files the next start places again.
 */
export async function addCasePhotos(trx: Db, config: Pick<Config, 'timezone' | 'now' | 'evidence' | 'photos'>, cases: Cases, done: Completed[]): Promise<void> {
  const byId = new Map(done.map((s) => [s.id, s]));
  const c: EvidenceContext = {
    db: trx,
    user: await sender(trx),
    zone: config.timezone,
    now: config.now(),
    evidence: config.evidence,
    photos: config.photos,
    files: new PhotoFiles(photoStoreOf(config.photos)),
  };
  const draw = (seed: number, id: number, minutes: number) => demoPhoto(seed, DateTime.fromJSDate(byId.get(id)!.startsAt, { zone: config.timezone }).plus({ minutes }));
  // Two of the rich screening (before the film and during it), one of each 'photo' screening.
  const uploads: { id: number; photo: Promise<Buffer> }[] = [];
  for (const id of cases.rich) uploads.push({ id, photo: draw(5301 + uploads.length, id, 35) }, { id, photo: draw(5302 + uploads.length, id, 95) });
  for (const id of cases.photo) uploads.push({ id, photo: draw(5301 + uploads.length, id, 60) });
  const [first] = cases.duplicate;
  if (first !== undefined) {
    // One file sent for both: its EXIF says the first evening.
    const sent = draw(5300, first, 50);
    for (const id of [...cases.duplicate, ...cases.duplicateAgain]) uploads.push({ id, photo: sent });
  }
  // Drawn side by side (libvips has threads to spare), stored one by one as a phone uploads them.
  const photos = await Promise.all(uploads.map((u) => u.photo));
  for (const [i, { id }] of uploads.entries()) await addPhoto(c, id, 'image/jpeg', async () => photos[i]!);
}
