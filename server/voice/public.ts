import { DateTime } from 'luxon';
import { REPORT_SCREENING_DAYS, VILLAGE_TOKEN, type ReportKind } from '../../domain/voice.js';
import type { Db } from '../db/index.js';
import type { Thresholds } from '../evidence/checks.js';
import { verify } from '../evidence/verify.js';
import { badRequest, notFound } from '../http/problem.js';
import { clientKey } from '../http/rateLimit.js';
import { currentMonth, formatTime, monthRange } from '../months.js';
import { shiftMonth } from '../../domain/months.js';
import { programmeFilms, type ProgrammeFilmRow } from '../programmes/films.js';
import type { NewVillagerReport, NewVillagerRequest } from './public-schemas.js';
import { supervisionPhonesOf } from './settings.js';

// A unit's village page (DOMAIN.md "Villagers' voice"), no sign-in: what it shows, and what the
// villagers send through it. A phone is the confirmations' device cookie; the database keeps only
// an HMAC of it under the app's salt and the unit (so one phone's requests in two villages cannot
// be linked). Nothing sent here changes a screening: a `not_held` report on a completed one is a
// fact the evidence checks read (villager_dispute), nothing more.
//
// Which screenings are the unit's: its own, and for an administrative village also those of its
// natural villages (they count for it in coverage); a natural village's page, its own only.

export interface VoiceContext {
  db: Db;
  zone: string;
  /** ms since the epoch. */
  now: number;
  evidence: Thresholds;
}

interface Unit {
  id: number;
  name: string;
  township: string;
  county: string | null;
}

/** The unit a token names; anything but a token's form is unknown without asking the database. */
async function unitOf(db: Db, token: string): Promise<Unit> {
  const row = VILLAGE_TOKEN.test(token)
    ? await db('villages as v')
        .join('townships as t', 't.id', 'v.township_id')
        .leftJoin('areas as c', 'c.id', 't.county_id')
        .where('v.public_token', token)
        .whereNull('v.retired_at')
        .first('v.id', 'v.name', 't.name as township', 'c.name as county')
    : undefined;
  if (!row) throw notFound('Village page');
  return row as Unit;
}

/** The screenings of the unit (village_id column `column`): its own and its natural villages'. */
const ofUnit = (db: Db, column: string, unitId: number) => db.raw(`(${column} = ? or ${column} in (select n.id from villages n where n.parent_id = ?))`, [unitId, unitId]);

/** The phone as stored: an HMAC under the app's salt of the unit and the device cookie. */
const phoneOf = (db: Db, unitId: number, device: string) => clientKey(db, `village:${unitId}:${device}`);

/** Today's date in the county's calendar, YYYY-MM-DD. */
const today = (c: VoiceContext) => DateTime.fromMillis(c.now, { zone: c.zone }).toISODate()!;

/** The films the catalogue licenses today: not retired, today inside available_from..available_to (both ends inside, either open). */
const licensedToday = (c: VoiceContext) =>
  c
    .db('films')
    .whereNull('retired_at')
    .where((q) => q.whereNull('available_from').orWhere('available_from', '<=', today(c)))
    .where((q) => q.whereNull('available_to').orWhere('available_to', '>=', today(c)));

const requestOf = (r: { film_ids: number[]; comment: string | null; month: string }) => ({ filmIds: r.film_ids, comment: r.comment, month: r.month });

/** GET /api/public/villages/:token: one small answer for the village page. */
export async function villagePage(c: VoiceContext, token: string, device: string) {
  const { db, zone } = c;
  const unit = await unitOf(db, token);
  const month = currentMonth(zone, c.now);
  const from = monthRange(month, zone).start.toJSDate();
  const to = monthRange(shiftMonth(month, 1), zone).end.toJSDate();
  const [phones, screenings, catalogue, request] = await Promise.all([
    supervisionPhonesOf(db, [unit.id]),
    db('screenings as s')
      .join('teams as tm', 'tm.id', 's.team_id')
      .where(ofUnit(db, 's.village_id', unit.id))
      .whereNot('s.status', 'cancelled')
      .where('s.starts_at', '>=', from)
      .where('s.starts_at', '<', to)
      .orderBy(['s.starts_at', 's.id'])
      .select('s.id', 's.starts_at', 'tm.name as team', programmeFilms(db, 's.programme')),
    licensedToday(c).orderBy(['category', 'title', 'id']).select('id', 'title', 'category', 'minutes', 'year'),
    phoneOf(db, unit.id, device).then((hash) => db('film_requests').where({ village_id: unit.id, month, device_hash: hash }).first('film_ids', 'comment', 'month')),
  ]);
  return {
    unit,
    month,
    supervisionPhone: phones.get(unit.id)?.value ?? null,
    screenings: screenings.map((s: { id: number; starts_at: Date; team: string; programme_films: ProgrammeFilmRow[] }) => ({
      id: s.id,
      startsAt: formatTime(s.starts_at, zone),
      team: s.team,
      programme: s.programme_films.map((f) => ({ title: f.title, category: f.category })),
    })),
    catalogue,
    request: request ? requestOf(request) : null,
  };
}

/**
 * POST …/requests: this phone's request of the month in the county's zone, new (replaced: false) or
 * replacing its earlier one (replaced: true) in one statement, so two at once leave one row.
 */
export async function requestFilms(c: VoiceContext, token: string, device: string, body: NewVillagerRequest) {
  const { db } = c;
  const unit = await unitOf(db, token);
  const licensed = new Set((await licensedToday(c).whereIn('id', body.filmIds).select('id')).map((f: { id: number }) => f.id));
  const outside = body.filmIds.filter((id) => !licensed.has(id));
  if (outside.length) {
    throw badRequest(`Invalid body: filmIds.`, [{ path: 'filmIds', message: `not in the catalogue licensed today: ${outside.join(', ')}` }]);
  }
  const month = currentMonth(c.zone, c.now);
  const at = new Date(c.now);
  const { rows } = await db.raw(
    `insert into film_requests (village_id, month, device_hash, film_ids, comment, created_at, updated_at)
     values (?, ?, ?, ?::int[], ?, ?, ?)
     on conflict on constraint film_requests_one_a_phone
     do update set film_ids = excluded.film_ids, comment = excluded.comment, updated_at = excluded.updated_at
     returning film_ids, comment, month, (xmax = 0) as inserted`,
    [unit.id, month, await phoneOf(db, unit.id, device), body.filmIds, body.comment, at, at],
  );
  const row = rows[0] as { film_ids: number[]; comment: string | null; month: string; inserted: boolean };
  return { status: row.inserted ? 201 : 200, body: { ...requestOf(row), replaced: !row.inserted } };
}

/** Why a screening may not be named by a report of this unit now (undefined: it may). */
function refusal(s: { status: string; starts_at: Date } | undefined, now: number): string | undefined {
  if (!s) return 'no screening of this village';
  if (s.status === 'cancelled') return 'the screening was cancelled';
  if (s.starts_at.getTime() > now) return 'the screening has not started yet';
  if (s.starts_at.getTime() < now - REPORT_SCREENING_DAYS * 24 * 3_600_000) return `the screening started more than ${REPORT_SCREENING_DAYS} days ago`;
  return undefined;
}

/**
 * POST …/reports: stored as sent (text is text). A `not_held` report naming a completed screening
 * verifies it again in the same transaction: villager_dispute shows at once.
 */
export async function reportProblem(c: VoiceContext, token: string, body: NewVillagerReport) {
  const unit = await unitOf(c.db, token);
  return c.db.transaction(async (trx) => {
    let status: string | null = null;
    if (body.screeningId !== null) {
      const s: { status: string; starts_at: Date } | undefined = await trx('screenings').where('id', body.screeningId).where(ofUnit(trx, 'village_id', unit.id)).first('status', 'starts_at');
      const why = refusal(s, c.now);
      if (why) throw badRequest('Invalid body: screeningId.', [{ path: 'screeningId', message: why }]);
      status = s!.status;
    }
    const [row] = await trx('villager_reports')
      .insert({ village_id: unit.id, screening_id: body.screeningId, kind: body.kind, text: body.text, created_at: new Date(c.now), updated_at: new Date(c.now) })
      .returning(['id', 'kind', 'screening_id', 'created_at']);
    if (body.kind === 'not_held' && status === 'completed') await verify(trx, [body.screeningId!], c.evidence);
    return { id: row.id as number, kind: row.kind as ReportKind, screeningId: row.screening_id as number | null, createdAt: formatTime(row.created_at as Date, c.zone) };
  });
}
