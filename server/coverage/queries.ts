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

// At the administrative level a screening in a natural village counts for its parent; at the
// natural level only natural villages are units, so screenings in administrative ones fall away.
const unitOf = (level: Level) => (level === 'administrative' ? 'coalesce(v.parent_id, v.id)' : 'v.id');

/**
 * Per unit of the scope: its status in the month and the count of its screenings that are not
 * cancelled. One set-based query: the month's screenings are grouped by unit, then joined to the
 * units. A village is a unit of the month unless it was retired at or before the month's first instant.
 * Status precedence (DOMAIN.md): covered > planned > overdue > gap, with "now" deciding between
 * planned and overdue.
 */
export function unitStatusQuery(db: Db, month: MonthRange, now: DateTime, scope: Scope): Knex.QueryBuilder {
  const start = month.start.toJSDate();
  const end = month.end.toJSDate();
  const byUnit = db
    .from('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', end)
    .groupByRaw('1')
    .select(
      db.raw(`${unitOf(scope.level)} as unit_id`),
      db.raw(`bool_or(s.status = 'completed') as any_completed`),
      db.raw(`bool_or(s.status = 'scheduled' and s.starts_at > ?) as any_planned`, [now.toJSDate()]),
      db.raw(`bool_or(s.status = 'scheduled' and s.starts_at <= ?) as any_overdue`, [now.toJSDate()]),
      db.raw(`count(*) filter (where s.status <> 'cancelled')::int as screenings`),
    );
  const q = db
    .with('by_unit', byUnit)
    .from('villages as u')
    .leftJoin('by_unit as b', 'b.unit_id', 'u.id')
    .where('u.kind', scope.level)
    .where((w) => w.whereNull('u.retired_at').orWhere('u.retired_at', '>', start))
    .select(
      'u.id',
      'u.township_id',
      db.raw(`case when b.any_completed then 'covered' when b.any_planned then 'planned' when b.any_overdue then 'overdue' else 'gap' end as status`),
      db.raw('coalesce(b.screenings, 0) as screenings'),
    );
  if (scope.townshipId) q.where('u.township_id', scope.townshipId);
  if (scope.unitId) q.where('u.id', scope.unitId);
  return q;
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
  const q = db
    .with('st', unitStatusQuery(db, month, now, scope))
    .from('townships as t')
    .leftJoin('st', 'st.township_id', 't.id')
    .groupBy('t.id', 't.name')
    .select(
      't.id',
      't.name',
      db.raw('count(st.id)::int as units'),
      ...unitStatuses.map((s) => db.raw(`count(*) filter (where st.status = ?)::int as ${s}`, [s])),
    )
    .orderBy([{ column: 't.code', nulls: 'last' } as never, 't.name', 't.id']);
  if (scope.townshipId) q.where('t.id', scope.townshipId);
  return q;
}

/** Per unit and month of a year: status, or null where the village was not a unit that month. */
export async function yearStatuses(db: Db, months: MonthRange[], now: DateTime, scope: Scope) {
  const starts = months.map((m) => m.start.toJSDate());
  const ends = months.map((m) => m.end.toJSDate());
  const nowDate = now.toJSDate();
  const sql = `
    with m as (
      select idx::int as idx, ms as start, me as "end"
      from unnest(?::timestamptz[], ?::timestamptz[]) with ordinality as x(ms, me, idx)
    ),
    by_unit as (
      select m.idx, ${unitOf(scope.level)} as unit_id,
             bool_or(s.status = 'completed') as any_completed,
             bool_or(s.status = 'scheduled' and s.starts_at > ?) as any_planned,
             bool_or(s.status = 'scheduled' and s.starts_at <= ?) as any_overdue
      from screenings s
      join m on s.starts_at >= m.start and s.starts_at < m."end"
      join villages v on v.id = s.village_id
      where s.starts_at >= ? and s.starts_at < ?
      group by 1, 2
    )
    select u.id, u.name, u.township_id,
           array_agg(
             case when u.retired_at is not null and u.retired_at <= m.start then null
                  when b.any_completed then 'covered' when b.any_planned then 'planned'
                  when b.any_overdue then 'overdue' else 'gap' end
             order by m.idx) as statuses
    from villages u
    cross join m
    left join by_unit b on b.unit_id = u.id and b.idx = m.idx
    where u.kind = ? and (u.retired_at is null or u.retired_at > ?) ${scope.townshipId ? 'and u.township_id = ?' : ''}
    group by u.id
    order by u.township_id, u.code nulls last, u.name, u.id`;
  const bindings: unknown[] = [starts, ends, nowDate, nowDate, starts[0], ends[ends.length - 1], scope.level, starts[0]];
  if (scope.townshipId) bindings.push(scope.townshipId);
  const { rows } = await db.raw(sql, bindings as never);
  return rows as { id: number; name: string; township_id: number; statuses: (UnitStatus | null)[] }[];
}

/** A short fingerprint of the units of a level: changes whenever a village or township does. */
export async function registryVersion(db: Db, level: Level): Promise<string> {
  const row = await db
    .select(
      db.raw(`(select count(*) from villages where kind = ?)::text || '.' || coalesce((select max(id) from villages)::text, '0') || '.' ||
        coalesce((select extract(epoch from max(updated_at))::text from villages), '0') || '.' ||
        (select count(*) from townships)::text || '.' || coalesce((select extract(epoch from max(updated_at))::text from townships), '0') as v`, [level]),
    )
    .first();
  return (row as { v: string }).v;
}
