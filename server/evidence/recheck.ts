import { whereVillageInCounties } from '../areas/scope.js';
import type { Db } from '../db/index.js';
import { monthRange, whereInMonth } from '../months.js';
import type { Thresholds } from './checks.js';
import { verify } from './verify.js';

/**
 * Screenings verified together: each batch one transaction that locks its rows while it reads their
 * facts and writes their flags. Larger batches made the planner read whole tables (2,000: the team's
 * reports by a scan of every completed screening), slower than the round trips they saved.
 */
export const RECHECK_BATCH = 500;

/**
 * Checks a month's completed screenings again (the bureau's recheck), in batches, those in the
 * user's counties (null: all); answers how many were checked and changed.
 */
export async function recheckMonth(db: Db, zone: string, month: string, t: Thresholds, counties: readonly number[] | null = null): Promise<{ month: string; checked: number; changed: number }> {
  const completed = whereVillageInCounties(db, db('screenings').where('status', 'completed'), counties, 'village_id');
  const ids: number[] = (await whereInMonth(completed, 'starts_at', monthRange(month, zone)).orderBy('id').select('id')).map(
    (r: { id: number }) => r.id,
  );
  let changed = 0;
  for (let i = 0; i < ids.length; i += RECHECK_BATCH) changed += await verify(db, ids.slice(i, i + RECHECK_BATCH), t);
  return { month, checked: ids.length, changed };
}

/**
 * Checks again the completed screenings that showed one of `filmIds` (programme_incomplete and
 * film_unlicensed read a film's category, minutes and licence window): for the catalogue to call
 * after it changes those of a film. Answers how many were checked and changed.
 */
export async function recheckFilms(db: Db, filmIds: readonly number[], t: Thresholds): Promise<{ checked: number; changed: number }> {
  if (!filmIds.length) return { checked: 0, changed: 0 };
  const ids: number[] = (
    await db('screenings').where('status', 'completed').whereRaw('programme && ?::int[]', [[...filmIds]]).orderBy('id').select('id')
  ).map((r: { id: number }) => r.id);
  let changed = 0;
  for (let i = 0; i < ids.length; i += RECHECK_BATCH) changed += await verify(db, ids.slice(i, i + RECHECK_BATCH), t);
  return { checked: ids.length, changed };
}
