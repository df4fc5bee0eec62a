import type { DateTime } from 'luxon';
import type { Db } from '../db/index.js';
import { formatTime, type MonthRange } from '../months.js';
import { unitStatusQuery, type Level } from './queries.js';

/** What the map's popup shows of one unit: its month, and the last completed screening before it. */
export async function villageDetail(db: Db, id: number, month: MonthRange, now: DateTime, level: Level, zone: string) {
  const village = await db('villages as v')
    .join('townships as t', 't.id', 'v.township_id')
    .where('v.id', id)
    .where('v.kind', level)
    .first('v.id', 'v.name', 'v.code', 'v.kind', 'v.township_id', 't.name as township_name', 'v.lat', 'v.lng', 'v.retired_at');
  if (!village) return undefined;
  const unit = await unitStatusQuery(db, month, now, { level, unitId: id }).first();

  // At the administrative level, its natural villages' screenings are its own.
  const places = db('villages').select('id').where('id', id);
  if (level === 'administrative') places.orWhere('parent_id', id);
  const screenings = db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('teams as t', 't.id', 's.team_id')
    .leftJoin('films as f', 'f.id', 's.film_id')
    .whereIn('s.village_id', places)
    .select('s.id', 's.starts_at', 's.status', 's.audience', 's.cancel_reason', 'v.name as village_name', 'f.title as film_title', 't.name as team_name');
  const [inMonth, last] = await Promise.all([
    screenings.clone().where('s.starts_at', '>=', month.start.toJSDate()).where('s.starts_at', '<', month.end.toJSDate()).orderBy('s.starts_at'),
    screenings.clone().where('s.status', 'completed').where('s.starts_at', '<', month.start.toJSDate()).orderBy('s.starts_at', 'desc').first(),
  ]);
  const toItem = (s: Record<string, unknown>) => ({
    id: s.id as number,
    startsAt: formatTime(s.starts_at as Date, zone),
    status: s.status as string,
    audience: s.audience as number | null,
    cancelReason: s.cancel_reason as string | null,
    villageName: s.village_name as string,
    filmTitle: s.film_title as string | null,
    teamName: s.team_name as string,
  });
  return {
    id: village.id,
    name: village.name,
    code: village.code,
    kind: village.kind,
    townshipId: village.township_id,
    townshipName: village.township_name,
    lat: village.lat,
    lng: village.lng,
    month: month.month,
    // null when the village was retired before this month: not a unit then.
    status: unit ? (unit.status as string) : null,
    screenings: inMonth.map(toItem),
    lastCompleted: last ? toItem(last) : null,
  };
}
