import type { DateTime } from 'luxon';
import { RANK } from '../../domain/status.js';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';

// The one query that reads a month's screenings for coverage, per village: which unit a village
// counts for is decided afterwards, in TypeScript, by the unit list (./units.ts, domain/units.ts).

export interface VillageRank {
  village_id: number;
  /** The highest rank among the village's screenings of the month (domain/status.ts). */
  rank: number;
  /** Its screenings of the month that count: neither cancelled nor rejected. */
  screenings: number;
  /** 1 when one of them is backed (domain/status.ts isBacked). */
  verified: number;
}

/** domain/status.ts screeningRank, in SQL, for the screening aliased `s`: the ranks are that file's numbers. */
const screeningRankSql = `case when s.status = 'completed' and s.review_decision is distinct from 'rejected' then ${RANK.covered} when s.status <> 'scheduled' then ${RANK.gap} when s.starts_at > ? then ${RANK.planned} else ${RANK.overdue} end`;
/** domain/status.ts isBacked, in SQL (a completed screening written with triggers off has no state: unverified). */
const backedSql = `s.status = 'completed' and (s.review_decision = 'accepted' or (s.review_decision is null and s.verification = 'verified'))`;

/** Per village with screenings in the month: its highest rank and its screenings not cancelled — all villages, or only `villageIds`. */
export async function villageRanks(db: Db, month: MonthRange, now: DateTime, villageIds?: ArrayLike<number>): Promise<VillageRank[]> {
  const q = db('screenings as s')
    .where('s.starts_at', '>=', month.start.toJSDate())
    .where('s.starts_at', '<', month.end.toJSDate())
    .groupBy('s.village_id')
    .select(
      's.village_id',
      db.raw(`max(${screeningRankSql})::int as rank`, [now.toJSDate()]),
      db.raw(`count(*) filter (where s.status <> 'cancelled' and s.review_decision is distinct from 'rejected')::int as screenings`),
      db.raw(`(bool_or(${backedSql}) is true)::int as verified`),
    );
  if (villageIds) q.whereRaw('s.village_id = any(?::int[])', [Array.from(villageIds)]);
  return q;
}
