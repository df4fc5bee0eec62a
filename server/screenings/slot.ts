import { SLOT_HOURS } from '../../domain/slot.js';
import type { Db } from '../db/index.js';
import { conflict, type HttpError } from '../http/problem.js';
import { formatTime } from '../months.js';

// The team slot (domain/slot.ts): the database refuses a double booking with the exclusion
// constraint screenings_team_slot over screening_slot(starts_at); this finds what stood in the
// way, and says it, once for every route that books a team.

export interface Clash {
  id: number;
  starts_at: Date;
  village_name: string;
}

/** The live screenings of a team whose slot overlaps the one starting at `startsAt` (the constraint's own test). */
export async function clashingScreenings(db: Db, teamId: number, startsAt: Date, exceptId?: number): Promise<Clash[]> {
  return db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .where('s.team_id', teamId)
    .whereNot('s.status', 'cancelled')
    .whereRaw('screening_slot(s.starts_at) && screening_slot(?::timestamptz)', [startsAt])
    .modify((q) => {
      if (exceptId) q.whereNot('s.id', exceptId);
    })
    .select('s.id', 's.starts_at', 'v.name as village_name')
    .orderBy('s.starts_at');
}

export const SLOT_RULE = `a team's screenings must start at least ${SLOT_HOURS} hours apart`;

/** The 409 for a screening that lands in its team's slot: which screening is in the way, and the rule. */
export function slotConflict(zone: string, clash: Clash | undefined, path = 'startsAt', then = ''): HttpError {
  const what = clash ? `screening ${clash.id} in ${clash.village_name} at ${formatTime(clash.starts_at, zone)}` : 'another screening';
  return conflict(`The team already has ${what}; ${SLOT_RULE}.${then}`, [{ path, message: `less than ${SLOT_HOURS} hours from another screening of this team` }]);
}

export const isSlotViolation = (err: unknown) => (err as { code?: string }).code === '23P01';

/**
 * Runs `work`; when the exclusion constraint refused it (after the rollback), answers the 409 that
 * names the screening in the way of `booking()` — the team and start that was being written.
 */
export async function explainSlotClash<T>(
  db: Db,
  zone: string,
  booking: () => { teamId: number; startsAt: Date; exceptId?: number; path?: string; then?: string } | undefined,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const b = isSlotViolation(err) ? booking() : undefined;
    if (!b) throw err;
    const [first] = await clashingScreenings(db, b.teamId, b.startsAt, b.exceptId);
    throw slotConflict(zone, first, b.path, b.then);
  }
}
