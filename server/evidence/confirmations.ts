import { createHash, randomBytes } from 'node:crypto';
import { confirmationOpen, confirmationWindow } from '../../domain/evidence.js';
import { readCookie } from '../auth/guard.js';
import type { Db } from '../db/index.js';
import { programmeFilms, type ProgrammeFilmRow } from '../programmes/films.js';
import { conflict, notFound, periodLocked } from '../http/problem.js';
import { formatTime, monthOf } from '../months.js';
import type { NewConfirmation } from './schemas.js';

// Villagers confirm a screening through its QR link (/c/<token>, a public page): no sign-in and
// nothing personal kept. A phone is told apart by a random cookie the server sets; the database
// keeps only a hash of it salted with the screening's token (so one phone's confirmations of two
// screenings cannot be linked), one confirmation a phone and screening. The rate limit per client
// address is the route's (./rateLimit.ts).

export const DEVICE_COOKIE = 'film2131_device';
const DEVICE = /^[0-9a-f]{64}$/;
const TOKEN = /^[0-9a-f]{32}$/;

/** The phone's id from its cookie (the Cookie header), or a new one (to be set) when it has none or a malformed one. */
export function deviceOf(cookies: string | undefined): { id: string; fresh: boolean } {
  const sent = readCookie(cookies, DEVICE_COOKIE);
  return sent && DEVICE.test(sent) ? { id: sent, fresh: false } : { id: randomBytes(32).toString('hex'), fresh: true };
}

const deviceHash = (token: string, device: string) => createHash('sha256').update(`${token}:${device}`).digest('hex');

interface Row {
  id: number;
  status: string;
  starts_at: Date;
  programme_films: ProgrammeFilmRow[];
  village_name: string;
  township_name: string;
  village_token: string;
  county_id: number;
  /** Its county-month is signed off and locked (migrations/202612090001 period_locked). */
  locked: boolean;
}

async function byToken(db: Db, token: string): Promise<Row> {
  // Anything but a token's form is unknown without asking the database.
  const row = TOKEN.test(token)
    ? await db('screenings as s')
        .join('villages as v', 'v.id', 's.village_id')
        .join('townships as t', 't.id', 'v.township_id')
        .where('s.confirmation_token', token)
        .first(
          's.id', 's.status', 's.starts_at', programmeFilms(db, 's.programme'), 'v.name as village_name', 't.name as township_name', 'v.public_token as village_token',
          't.county_id', db.raw('period_locked(s.village_id, s.starts_at) as locked'),
        )
    : undefined;
  if (!row) throw notFound('Confirmation link');
  return row as Row;
}

/** What the villagers' page shows: the programme (what was shown, in order), the village, the time, whether it takes confirmations now, and whether this phone has confirmed. */
export async function confirmationView(db: Db, zone: string, token: string, device: string, now: number) {
  const s = await byToken(db, token);
  const w = confirmationWindow(s.starts_at.getTime());
  const confirmed = await db('confirmations').where({ screening_id: s.id, device_hash: deviceHash(token, device) }).first('id');
  return {
    filmTitle: s.programme_films[0]?.title ?? null,
    films: s.programme_films.map((f) => ({ title: f.title, category: f.category, minutes: f.minutes })),
    villageName: s.village_name,
    townshipName: s.township_name,
    // The village page's token: after confirming, the page offers the village's request form (点单).
    villageToken: s.village_token,
    startsAt: formatTime(s.starts_at, zone),
    status: s.status,
    opensAt: formatTime(new Date(w.opens), zone),
    closesAt: formatTime(new Date(w.closes), zone),
    // A signed-off month takes no confirmation (the database refuses it): the page thanks the villager instead.
    locked: s.locked,
    open: s.status !== 'cancelled' && !s.locked && confirmationOpen(s.starts_at.getTime(), now),
    confirmed: Boolean(confirmed),
  };
}

export async function confirm(db: Db, zone: string, token: string, body: NewConfirmation, device: string, now: number) {
  const s = await byToken(db, token);
  if (s.status === 'cancelled') throw conflict('This screening was cancelled: there is nothing to confirm.');
  // Said before the window: a settled month is the answer that holds for good. The database's
  // trigger refuses the insert too (409 period-locked), should the month lock while this runs.
  if (s.locked) throw periodLocked(s.county_id, monthOf(s.starts_at, zone));
  if (!confirmationOpen(s.starts_at.getTime(), now)) {
    const w = confirmationWindow(s.starts_at.getTime());
    throw conflict(`Confirmations are taken from ${formatTime(new Date(w.opens), zone)} to ${formatTime(new Date(w.closes), zone)}.`);
  }
  const [row] = await db('confirmations')
    .insert({ screening_id: s.id, device_hash: deviceHash(token, device), rating: body.rating ?? null, comment: body.comment })
    .onConflict(['screening_id', 'device_hash'])
    .ignore()
    .returning(['rating', 'comment', 'created_at']);
  if (!row) throw conflict('This phone has already confirmed this screening.');
  return { rating: row.rating as number | null, comment: row.comment as string | null, createdAt: formatTime(row.created_at as Date, zone) };
}

/** The villagers' page of a screening, as an absolute URL (under the server's `origin`) for its QR code. */
export const confirmationUrl = (origin: string, token: string) => `${origin}/c/${token}`;
