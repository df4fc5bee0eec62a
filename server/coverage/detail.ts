import type { DateTime } from 'luxon';
import type { Level } from '../../domain/units.js';
import type { Db } from '../db/index.js';
import { programmeFilms, type ProgrammeFilmRow } from '../programmes/films.js';
import { formatTime, whereInMonth, type MonthRange } from '../months.js';
import { unitFactsAt, unitStatusOf } from './counts.js';
import type { Coverage } from './service.js';
import { villagesOfUnit } from './units.js';

/** What the map's popup shows of one unit: its status and screenings in the month (each with its programme), and the last completed screening before it. */
export async function unitDetail(db: Db, coverage: Coverage, id: number, month: MonthRange, now: DateTime, level: Level, zone: string) {
  const m = await coverage.month(month, level, now);
  const status = unitStatusOf(m, id);
  if (status === undefined) return undefined;
  const p = m.units.unitOf.get(id)!;
  const u = m.units;
  const screenings = db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('teams as t', 't.id', 's.team_id')
    .whereRaw('s.village_id = any(?::int[])', [Array.from(villagesOfUnit(u, p))])
    .select('s.id', 's.starts_at', 's.status', 's.audience', 's.cancel_reason', 's.verification', 's.review_decision', 'v.name as village_name', programmeFilms(db, 's.programme'), 't.name as team_name');
  const [inMonth, last] = await Promise.all([
    whereInMonth(screenings.clone(), 's.starts_at', month).orderBy('s.starts_at'),
    screenings.clone().where('s.status', 'completed').where('s.starts_at', '<', month.start.toJSDate()).orderBy('s.starts_at', 'desc').first(),
  ]);
  const toItem = (s: Record<string, unknown>) => ({
    id: s.id as number,
    startsAt: formatTime(s.starts_at as Date, zone),
    status: s.status as string,
    audience: s.audience as number | null,
    cancelReason: s.cancel_reason as string | null,
    villageName: s.village_name as string,
    filmTitle: (s.programme_films as ProgrammeFilmRow[])[0]?.title ?? null,
    films: s.programme_films as ProgrammeFilmRow[],
    teamName: s.team_name as string,
    // What backs a completed one (the popup says it beside the audience): its state and the bureau's decision.
    verification: s.status === 'completed' ? { state: (s.verification as string | null) ?? 'unverified', decision: s.review_decision as string | null } : null,
  });
  return {
    ...unitFactsAt(u, p),
    month: month.month,
    // null when the village was retired before this month: not a unit then.
    status,
    screenings: inMonth.map(toItem),
    lastCompleted: last ? toItem(last) : null,
  };
}
