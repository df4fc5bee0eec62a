import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { whereScreeningInScope } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { toVerification, verificationColumns, type VerificationRow } from '../evidence/queries.js';
import { formatTime } from '../months.js';
import { programmeFilms, type ProgrammeFilmRow } from '../programmes/films.js';
import type { ScreeningState } from './rules.js';

export { programmeFilms, type ProgrammeFilmRow };
import type { ScreeningStatus } from './schemas.js';

export interface ScreeningRow extends VerificationRow {
  id: number;
  village_id: number;
  village_name: string;
  /** The village's position: the phone page's map and its offline tiles (web/src/field/map.ts). */
  village_lat: number;
  village_lng: number;
  township_id: number;
  team_id: number;
  team_name: string;
  partner_id: number;
  programme: number[];
  programme_films: ProgrammeFilmRow[];
  repeat_reason: string | null;
  starts_at: Date;
  status: ScreeningStatus;
  audience: number | null;
  cancel_reason: string | null;
  notes: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** Its county-month is signed off and locked (migrations/202612090001): nothing of it changes. */
  locked: boolean;
}

/** Who reads, and when: a projectionist's reads depend on the month it is in the county zone. */
export interface Viewer {
  user: User;
  zone: string;
  now: DateTime;
}

/** The months a projectionist reads (DOMAIN.md roles): this month and the last, in the county zone. */
export function projectionistMonths(zone: string, now: DateTime): { from: Date; to: Date } {
  const month = now.setZone(zone).startOf('month');
  return { from: month.minus({ months: 1 }).toJSDate(), to: month.plus({ months: 1 }).toJSDate() };
}

/** Screenings joined with the names a person reads, limited to what this user may see. */
export function selectScreenings(db: Db, { user, zone, now }: Viewer): Knex.QueryBuilder {
  const q = db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('teams as t', 't.id', 's.team_id')
    .select(
      's.id', 's.village_id', 'v.name as village_name', 'v.lat as village_lat', 'v.lng as village_lng', 'v.township_id', 's.team_id', 't.name as team_name', 't.partner_id',
      's.programme', programmeFilms(db, 's.programme'), 's.repeat_reason', 's.starts_at', 's.status', 's.audience', 's.cancel_reason', 's.notes',
      's.version', 's.created_at', 's.updated_at', ...verificationColumns(db, user),
      db.raw('period_locked(s.village_id, s.starts_at) as locked'),
    );
  // Another partner's screening does not exist for a partner: 404, never 403; nor does one outside a bureau user's area.
  // A projectionist's are its one team's, of this month and the last: any other is not there either.
  if (user.role === 'projectionist') {
    const { from, to } = projectionistMonths(zone, now);
    q.where('s.starts_at', '>=', from).where('s.starts_at', '<', to);
  }
  return whereScreeningInScope(db, q, user, { partner: 't.partner_id', village: 's.village_id', team: 's.team_id' });
}

export function screeningMapper(zone: string) {
  return (r: ScreeningRow) => ({
    id: r.id,
    villageId: r.village_id,
    villageName: r.village_name,
    villageLat: r.village_lat,
    villageLng: r.village_lng,
    townshipId: r.township_id,
    teamId: r.team_id,
    teamName: r.team_name,
    partnerId: r.partner_id,
    filmId: r.programme[0] ?? null,
    filmTitle: r.programme_films[0]?.title ?? null,
    programme: r.programme,
    films: r.programme_films,
    repeatReason: r.repeat_reason,
    startsAt: formatTime(r.starts_at, zone),
    status: r.status,
    audience: r.audience,
    cancelReason: r.cancel_reason,
    notes: r.notes,
    version: r.version,
    createdAt: formatTime(r.created_at, zone),
    updatedAt: formatTime(r.updated_at, zone),
    reportedAt: formatTime(r.reported_at, zone),
    verification: toVerification(r, zone),
    /** The county-month is locked (DOMAIN.md "Periods and settlement"): every change of it is 409 period-locked. */
    locked: r.locked,
  });
}
export type Screening = ReturnType<ReturnType<typeof screeningMapper>>;

export const toState = (r: ScreeningRow): ScreeningState => ({
  villageId: r.village_id,
  teamId: r.team_id,
  programme: r.programme,
  repeatReason: r.repeat_reason,
  startsAt: r.starts_at,
  status: r.status,
  audience: r.audience,
  cancelReason: r.cancel_reason,
  notes: r.notes,
});

export const toColumns = (s: ScreeningState) => ({
  village_id: s.villageId,
  team_id: s.teamId,
  programme: s.programme,
  repeat_reason: s.repeatReason,
  starts_at: s.startsAt,
  status: s.status,
  audience: s.status === 'completed' ? s.audience : null,
  cancel_reason: s.status === 'cancelled' ? s.cancelReason : null,
  notes: s.notes,
});

/** Facts about the referenced rows that the rules need, checked in one round trip. */
export async function references(db: Db, user: User, s: Pick<ScreeningState, 'villageId' | 'teamId' | 'programme'>, month: string) {
  // A village outside the user's counties does not exist for it; a partner holding contracts plans
  // only in a county and month one of them covers (server/contracts/service.ts).
  const scoped = user.counties !== null;
  // A partner's own account or its projectionist's: the company's teams and contracts.
  const company = user.role === 'partner' || user.role === 'projectionist';
  const row = await db
    .select(
      db.raw('(select retired_at from villages where id = ?) as village_retired_at', [s.villageId]),
      db.raw(
        `exists (select 1 from villages v join townships t on t.id = v.township_id where v.id = ? and (not ? or t.county_id = any(?::int[]))) as village_exists`,
        [s.villageId, scoped, user.counties ?? []],
      ),
      db.raw(
        `(? or not exists (select 1 from contracts where partner_id = ?) or exists (
           select 1 from contracts k join townships t on t.county_id = k.county_id join villages v on v.township_id = t.id
            where k.partner_id = ? and v.id = ? and k.from_month <= ? and (k.to_month is null or k.to_month >= ?))) as contract_ok`,
        [!company, user.partnerId, user.partnerId, s.villageId, month, month],
      ),
      db.raw(
        company
          ? 'exists (select 1 from teams where id = ? and partner_id = ?) as team_ok'
          : 'exists (select 1 from teams where id = ? and ?::int is null) as team_ok',
        [s.teamId, company ? user.partnerId : null],
      ),
      db.raw('array(select x from unnest(?::int[]) with ordinality as p(x, n) where not exists (select 1 from films where id = x) order by n) as missing_films', [s.programme]),
    )
    .first();
  return row as { village_retired_at: Date | null; village_exists: boolean; contract_ok: boolean; team_ok: boolean; missing_films: number[] };
}
