import type { DateTime } from 'luxon';
import { RANK } from '../../domain/status.js';
import type { Db } from '../db/index.js';
import { whereInMonth, type MonthRange } from '../months.js';

// What coverage reads of the screenings table: a month's ranks per village — which unit a village
// counts for is decided afterwards, in TypeScript, by the unit list (./units.ts, domain/units.ts) —
// and the scheduled starts that "now" passes, which turn planned into overdue.

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
  const q = whereInMonth(db('screenings as s'), 's.starts_at', month)
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

/** The villages of the month's scheduled screenings whose start lies in (lo, hi]: "now" passing them turned them from planned to overdue, or back. */
export async function startsCrossed(db: Db, month: MonthRange, lo: number, hi: number): Promise<number[]> {
  const rows: { village_id: number }[] = await whereInMonth(db('screenings'), 'starts_at', month)
    .distinct('village_id')
    .where('status', 'scheduled')
    .where('starts_at', '>', new Date(lo))
    .where('starts_at', '<=', new Date(hi));
  return rows.map((r) => r.village_id);
}

/** The span of "now" (ms) around `now` in which no scheduled start of the month passes: statuses read at `now` hold all through it. */
export async function steadySpan(db: Db, month: MonthRange, now: number): Promise<{ from: number; until: number }> {
  const row = await db
    .select(
      db.raw(`(select max(starts_at) from screenings where status = 'scheduled' and starts_at >= ? and starts_at <= ?) as prev`, [month.start.toJSDate(), new Date(now)]),
      db.raw(`(select min(starts_at) from screenings where status = 'scheduled' and starts_at > ? and starts_at < ?) as next`, [new Date(now), month.end.toJSDate()]),
    )
    .first();
  const ms = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());
  return { from: ms(row.prev) ?? -Infinity, until: ms(row.next) ?? Infinity };
}
