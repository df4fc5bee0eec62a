import { DateTime } from 'luxon';
import { REPEAT_DAYS } from '../../domain/programme.js';
import { whereScreeningInScope } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { conflict } from '../http/problem.js';

// DOMAIN.md "No repeats in a village": one film may not be in the programmes of two screenings of
// the same unit (a natural village's screening counts for its parent) whose starts are less than
// REPEAT_DAYS apart, neither cancelled nor rejected — unless the screening carries a repeatReason.
// Days are calendar days in the county zone: the same date a year later is no repeat, 364 days
// are. The check runs inside the write's transaction under a lock per unit, so two writers of the
// same unit take turns and the second sees the first's screening (server/screenings/service.ts).

/** The advisory lock (REPEAT_LOCK, unit id) serialises the writers of one unit's programmes. */
const REPEAT_LOCK = 2133;

/** The unit a village's screenings count for, in SQL: domain/units.ts unitOfVillage at the administrative level. */
export const unitOfSql = (villages: string) => `coalesce(${villages}.parent_id, ${villages}.id)`;

/** A stored screening the programme would repeat a film of. */
export interface Repeat {
  screeningId: number;
  filmId: number;
  title: string;
  /** Its start's calendar date in the county zone, YYYY-MM-DD. */
  date: string;
}

/** What the rule reads of the screening about to be written. */
export interface Programmed {
  villageId: number;
  programme: readonly number[];
  startsAt: Date;
}

const DAY_MS = 86_400_000;
/**
 * Less than REPEAT_DAYS calendar days apart is at most REPEAT_DAYS − 1 days and a few hours of
 * clock time (a day's length, a change of offset): one more day bounds it, so starts_at's index
 * narrows the search before the dates are compared.
 */
const BOUND_MS = (REPEAT_DAYS + 1) * DAY_MS;

/**
 * Takes the locks of the units of `villageIds` at once, in unit order: a writer of several units
 * (an accepted plan) holds them before its first check, so two such writers never wait for each
 * other in a circle (each single check then finds its lock held already).
 */
export async function lockUnits(trx: Db, villageIds: readonly number[]): Promise<void> {
  if (!villageIds.length) return;
  await trx.raw(
    `select pg_advisory_xact_lock(?, u.unit) from (
       select distinct ${unitOfSql('v')} as unit from villages v where v.id = any(?::int[]) order by 1
     ) u`,
    [REPEAT_LOCK, [...new Set(villageIds)]],
  );
}

/**
 * The screenings of `s`'s unit that `s`'s programme repeats a film of (not `exceptId`, the
 * screening itself), nearest first; takes the unit's lock, held to the end of the transaction.
 */
export async function findRepeats(trx: Db, zone: string, s: Programmed, exceptId?: number): Promise<Repeat[]> {
  if (!s.programme.length) return [];
  const unit: { unit: number } | undefined = await trx('villages as v').where('v.id', s.villageId).first(trx.raw(`${unitOfSql('v')} as unit`));
  if (!unit) return [];
  await trx.raw('select pg_advisory_xact_lock(?, ?)', [REPEAT_LOCK, unit.unit]);
  const date = DateTime.fromJSDate(s.startsAt, { zone }).toISODate()!;
  const at = s.startsAt.getTime();
  const { rows } = await trx.raw(
    `select o.id, f.id as film_id, f.title, to_char(o.starts_at at time zone ?, 'YYYY-MM-DD') as date,
            abs((o.starts_at at time zone ?)::date - ?::date) as days
       from screenings o
       join films f on f.id = any(o.programme) and f.id = any(?::int[])
      where o.village_id in (select id from villages where id = ? or parent_id = ?)
        and o.programme && ?::int[]
        and o.starts_at > ? and o.starts_at < ?
        and o.id <> ?
        and o.status <> 'cancelled' and o.review_decision is distinct from 'rejected'
        and abs((o.starts_at at time zone ?)::date - ?::date) < ?
      order by days, o.id, array_position(?::int[], f.id)`,
    [
      zone, zone, date, [...s.programme], unit.unit, unit.unit, [...s.programme],
      new Date(at - BOUND_MS), new Date(at + BOUND_MS), exceptId ?? 0, zone, date, REPEAT_DAYS, [...s.programme],
    ],
  );
  return (rows as { id: number; film_id: number; title: string; date: string }[]).map((r) => ({ screeningId: r.id, filmId: r.film_id, title: r.title, date: r.date }));
}

/**
 * The 409 of a repeat without a reason: `programme` named, the film and the date in the detail, and
 * the other screening's id when the writer may see it (another partner's screening in the same
 * village is "a screening of another partner": its id is not the writer's to know).
 */
export async function refuseRepeats(trx: Db, zone: string, s: Programmed, exceptId?: number, writer?: User): Promise<void> {
  const [first] = await findRepeats(trx, zone, s, exceptId);
  if (!first) return;
  const visible =
    !writer ||
    Boolean(
      await whereScreeningInScope(trx, trx('screenings as s').join('teams as t', 't.id', 's.team_id').where('s.id', first.screeningId), writer, {
        partner: 't.partner_id',
        village: 's.village_id',
        team: 's.team_id',
      }).first('s.id'),
    );
  const other = visible ? `screening ${first.screeningId}` : "a screening of another partner";
  throw conflict(
    `Film ${first.filmId} (${first.title}) is in the programme of ${other} of the same village on ${first.date}, less than ${REPEAT_DAYS} days away; send a repeatReason to show it again.`,
    [{ path: 'programme', message: `film ${first.filmId} is in ${other} of this village on ${first.date}, less than ${REPEAT_DAYS} days away` }],
  );
}
