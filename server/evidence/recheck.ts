import { whereVillageInCounties } from '../areas/scope.js';
import type { Db } from '../db/index.js';
import { groupBy } from '../lib/collections.js';
import { monthRange, whereInMonth } from '../months.js';
import type { Thresholds } from './checks.js';
import { verify } from './verify.js';

/**
 * Screenings verified together, at most (but for the end of a team): each batch one transaction
 * that locks its rows while it reads their facts and writes their flags. A batch holds whole teams'
 * screenings: the facts read a team's sequence from its first screening in the batch to its last
 * (facts.ts), so a team split over batches would be read once per batch.
 */
export const RECHECK_BATCH = 5_000;

/**
 * Batches verified at once on the pool: while the database reads one batch's facts the process
 * checks another's (bench:verify). Their rows and teams are disjoint, so they never wait on each
 * other's row locks. In a transaction (one connection) they run one after another. Three, not two:
 * with two, one lane's batch often waited on the process while the other's waited on a round trip,
 * and the last batch ran alone; a month's recheck written again took 790–836 ms with two lanes and
 * 736–775 ms with three, four no better (8 December 2026, 2 cores, interleaved runs).
 */
export const RECHECK_LANES = 3;

/** Verifies the screenings of `rows` by batches of whole teams; answers how many changed. */
async function verifyByTeams(db: Db, rows: { id: number; team_id: number }[], t: Thresholds, batch = RECHECK_BATCH): Promise<number> {
  const lanes = db.isTransaction ? 1 : RECHECK_LANES;
  // As many batches as the lanes share evenly: 43,227 screenings make nine of about 4,800 on three
  // lanes, not nine of 5,000 and a tenth that ran alone while the other lanes stood idle (bench:verify).
  const batches = byTeams(rows, lanes * Math.ceil(rows.length / (lanes * batch)));
  let next = 0;
  let changed = 0;
  const lane = async () => {
    while (next < batches.length) {
      // Not `changed += await …`: that reads `changed` before the other lane's batch adds to it.
      const n = await verify(db, batches[next++]!, t, { recheck: true });
      changed += n;
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, batches.length) }, lane));
  return changed;
}

/**
 * Ids in at most `count` batches of about equal size, a team's never split: a batch closes once the
 * batches so far hold their share of the rows (a team larger than a share makes its batch larger).
 */
export function byTeams(rows: { id: number; team_id: number }[], count: number): number[][] {
  const batches: number[][] = [];
  let batch: number[] = [];
  let taken = 0;
  for (const team of groupBy(rows, (r) => r.team_id).values()) {
    for (const r of team) batch.push(r.id);
    taken += team.length;
    if (taken * count >= (batches.length + 1) * rows.length) {
      batches.push(batch);
      batch = [];
    }
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/**
 * Checks a month's completed screenings again (the bureau's recheck), in batches of about `batch`,
 * those in the user's counties (null: all); answers how many were checked and changed.
 */
export async function recheckMonth(
  db: Db,
  zone: string,
  month: string,
  t: Thresholds,
  counties: readonly number[] | null = null,
  batch = RECHECK_BATCH,
): Promise<{ month: string; checked: number; changed: number }> {
  const completed = whereVillageInCounties(db, db('screenings').where('status', 'completed'), counties, 'village_id');
  const rows: { id: number; team_id: number }[] = await whereInMonth(completed, 'starts_at', monthRange(month, zone)).orderBy(['team_id', 'id']).select('id', 'team_id');
  return { month, checked: rows.length, changed: await verifyByTeams(db, rows, t, batch) };
}

/**
 * Checks again the completed screenings that showed one of `filmIds` (programme_incomplete and
 * film_unlicensed read a film's category, minutes and licence window): for the catalogue to call
 * after it changes those of a film. Answers how many were checked and changed.
 */
export async function recheckFilms(db: Db, filmIds: readonly number[], t: Thresholds): Promise<{ checked: number; changed: number }> {
  if (!filmIds.length) return { checked: 0, changed: 0 };
  const rows: { id: number; team_id: number }[] = await db('screenings')
    .where('status', 'completed')
    .whereRaw('programme && ?::int[]', [[...filmIds]])
    .orderBy(['team_id', 'id'])
    .select('id', 'team_id');
  return { checked: rows.length, changed: await verifyByTeams(db, rows, t) };
}
