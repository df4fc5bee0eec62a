import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';

export const levels = ['administrative', 'natural'] as const;
export type Level = (typeof levels)[number];
export const unitStatuses = ['covered', 'planned', 'overdue', 'gap'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

export interface Scope {
  level: Level;
  townshipId?: number;
  /** Only this unit (the popup). */
  unitId?: number;
}

/**
 * The screenings of [start, end) mapped to their unit. At the administrative level a screening in
 * a natural village counts for its parent (the join touches natural villages only); at the natural
 * level a screening's unit is its own village, and those in administrative villages simply match no
 * unit later. `rank` orders the statuses: 3 completed, 2 scheduled ahead, 1 scheduled past, 0 cancelled.
 */
function screeningsByUnit(db: Db, level: Level, start: Date, end: Date, now: DateTime): Knex.QueryBuilder {
  const q = db
    .from('screenings as s')
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', end);
  if (level === 'administrative') {
    q.leftJoin('villages as p', (j) => j.on('p.id', 's.village_id').andOnNotNull('p.parent_id'));
  }
  return q.select(
    db.raw(`${level === 'administrative' ? 'coalesce(p.parent_id, s.village_id)' : 's.village_id'} as unit_id`),
    db.raw(`case when s.status = 'completed' then 3 when s.status = 'cancelled' then 0 when s.starts_at > ? then 2 else 1 end as rank`, [now.toJSDate()]),
    's.starts_at',
  );
}

/**
 * Per unit with screenings in [start, end): the highest rank and the count of screenings that are
 * not cancelled — all units, or only `unitIds` (a unit's own screenings and, at the administrative
 * level, its natural villages').
 */
export function unitRanks(db: Db, level: Level, month: MonthRange, now: DateTime, unitIds?: number[]): Knex.QueryBuilder {
  const byUnit = screeningsByUnit(db, level, month.start.toJSDate(), month.end.toJSDate(), now);
  if (unitIds) {
    byUnit.whereIn(
      's.village_id',
      level === 'administrative'
        ? db('villages').select('id').whereRaw('id = any(?::int[]) or parent_id = any(?::int[])', [unitIds, unitIds])
        : db('villages').select('id').whereRaw('id = any(?::int[])', [unitIds]),
    );
  }
  return db
    .from(byUnit.as('x'))
    .groupBy('unit_id')
    .select('unit_id', db.raw('max(rank)::int as rank'), db.raw('count(*) filter (where rank > 0)::int as screenings'));
}

const statusOfRank = `case coalesce(b.rank, 0) when 3 then 'covered' when 2 then 'planned' when 1 then 'overdue' else 'gap' end`;
export const rankStatus: (UnitStatus)[] = ['gap', 'overdue', 'planned', 'covered'];

/** The units of a month: villages of the level not retired at or before the month's first instant. */
function unitsOf(db: Db, start: Date, scope: Scope): Knex.QueryBuilder {
  const q = db
    .from('villages as u')
    .where('u.kind', scope.level)
    .where((w) => w.whereNull('u.retired_at').orWhere('u.retired_at', '>', start));
  if (scope.townshipId) q.where('u.township_id', scope.townshipId);
  if (scope.unitId) q.where('u.id', scope.unitId);
  return q;
}

/**
 * Per unit of the scope: its status in the month and the count of its screenings that are not
 * cancelled. One set-based query: the month's screenings are grouped by unit, then joined to the
 * units. Status precedence (DOMAIN.md): covered > planned > overdue > gap, "now" deciding between
 * planned and overdue.
 */
export function unitStatusQuery(db: Db, month: MonthRange, now: DateTime, scope: Scope): Knex.QueryBuilder {
  return unitsOf(db, month.start.toJSDate(), scope)
    .with('by_unit', unitRanks(db, scope.level, month, now, scope.unitId ? [scope.unitId] : undefined))
    .leftJoin('by_unit as b', 'b.unit_id', 'u.id')
    .select('u.id', 'u.township_id', db.raw(`${statusOfRank} as status`), db.raw('coalesce(b.screenings, 0) as screenings'));
}

export interface TownshipCounts {
  id: number;
  name: string;
  units: number;
  covered: number;
  planned: number;
  overdue: number;
  gap: number;
}

/** Counts per township (every township of the scope, also those without units). */
export async function townshipCounts(db: Db, month: MonthRange, now: DateTime, scope: Scope): Promise<TownshipCounts[]> {
  const start = month.start.toJSDate();
  const byUnit = db
    .from(screeningsByUnit(db, scope.level, start, month.end.toJSDate(), now).as('x'))
    .groupBy('unit_id')
    .select('unit_id', db.raw('max(rank) as rank'));
  // Units are counted per township before the townships are joined: 500 rows to join, not 50,000.
  const counts = unitsOf(db, start, scope)
    .leftJoin('by_unit as b', 'b.unit_id', 'u.id')
    .groupBy('u.township_id')
    .select(
      'u.township_id',
      db.raw('count(*)::int as units'),
      db.raw('count(*) filter (where b.rank = 3)::int as covered'),
      db.raw('count(*) filter (where b.rank = 2)::int as planned'),
      db.raw('count(*) filter (where b.rank = 1)::int as overdue'),
    );
  const q = db
    .with('by_unit', byUnit)
    .with('counts', counts)
    .from('townships as t')
    .leftJoin('counts as c', 'c.township_id', 't.id')
    .select(
      't.id',
      't.name',
      db.raw('coalesce(c.units, 0) as units'),
      db.raw('coalesce(c.covered, 0) as covered'),
      db.raw('coalesce(c.planned, 0) as planned'),
      db.raw('coalesce(c.overdue, 0) as overdue'),
      db.raw('coalesce(c.units - c.covered - c.planned - c.overdue, 0) as gap'),
    )
    .orderBy([{ column: 't.code', nulls: 'last' } as never, 't.name', 't.id']);
  if (scope.townshipId) q.where('t.id', scope.townshipId);
  return q;
}

/**
 * Per unit and month of a year: status, or null where the village was not a unit that month.
 * Each of the year's screenings is put in its month with width_bucket over the 13 local month
 * boundaries (computed by luxon) and sets one bit of its unit's 48-bit word: bit 4·month + rank.
 * One bit_or per unit then holds the whole year (one aggregate instead of twelve filtered ones,
 * half the time on 550,000 screenings); the highest bit of each month's four is its status.
 */
export async function yearStatuses(db: Db, months: MonthRange[], now: DateTime, scope: Scope) {
  const bounds = [...months.map((m) => m.start.toJSDate()), months[months.length - 1]!.end.toJSDate()];
  const first = bounds[0]!;
  const byUnit = db
    .from(screeningsByUnit(db, scope.level, first, bounds[12]!, now).as('x'))
    .groupBy('unit_id')
    .select('unit_id', db.raw('bit_or(1::bigint << (4 * (width_bucket(starts_at, ?::timestamptz[]) - 1) + rank)) as bits', [bounds]));
  const rows: { id: number; name: string; township_id: number; retired_at: Date | null; bits: number | null }[] = await unitsOf(db, first, { ...scope, unitId: undefined })
    .with('by_unit', byUnit)
    .leftJoin('by_unit as b', 'b.unit_id', 'u.id')
    .select('u.id', 'u.name', 'u.township_id', 'u.retired_at', 'b.bits')
    .orderByRaw('u.township_id, u.code collate "C" nulls last, u.name, u.id');
  const starts = months.map((m) => m.start.toMillis());
  return rows.map((r) => {
    const retired = r.retired_at ? r.retired_at.getTime() : Infinity;
    const bits = r.bits ?? 0; // below 2^48: exact as a number
    return {
      id: r.id,
      name: r.name,
      township_id: r.township_id,
      statuses: starts.map((s, i) => (retired <= s ? null : rankStatus[rankOfNibble(Math.floor(bits / 16 ** i) % 16)]!)),
    };
  });
}

/** The highest rank present in a month's four bits (bit r set: a screening of rank r). */
const rankOfNibble = (nibble: number) => (nibble >= 8 ? 3 : nibble >= 4 ? 2 : nibble >= 2 ? 1 : 0);
