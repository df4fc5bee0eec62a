import { whereVillageInScope } from '../areas/scope.js';
import type { Caller } from '../auth/user.js';
import type { Page } from '../http/paging.js';
import { currentMonth } from '../months.js';
import { unitOfSql } from '../programmes/repeats.js';
import type { RequestsQ } from './bureau-schemas.js';
import { visibleArea, whereVillageInArea } from './bureau-scope.js';

// GET /api/requests (DOMAIN.md "Villagers' voice"): the films villagers asked for in a month, per
// unit. `requests` counts the phones that named the film in their request of the month: one row
// of film_requests is one phone's in one village and month (a later request replaced the earlier
// in place), so a phone counts once however often it changed its mind.
//
// Units are counted as coverage counts them by default (DOMAIN.md "Levels", domain/units.ts
// unitOfVillage at the administrative level): a natural village's requests count for its parent
// administrative village, the unit a team visits and the planner drafts for. A phone that asked in
// two natural villages of one unit counts twice there: its HMAC differs per village, by design
// (no phone is followed from village to village).

export interface RequestedFilm {
  villageId: number;
  villageName: string;
  filmId: number;
  title: string;
  category: string;
  requests: number;
}

interface Row {
  village_id: number;
  village_name: string;
  film_id: number;
  title: string;
  category: string;
  requests: number | string;
  total: number | string;
}

/** The month's requests in the caller's scope, one row a request and film it names, with its unit (`u`) and film (`f`). */
function requested(c: Caller, q: RequestsQ, month: string, area: { code: string } | null) {
  const { db, user } = c;
  const query = db('film_requests as r')
    .crossJoin(db.raw('unnest(r.film_ids) as x(film_id)'))
    .join('villages as v', 'v.id', 'r.village_id')
    .join('villages as u', 'u.id', db.raw(unitOfSql('v')))
    .join('films as f', 'f.id', 'x.film_id')
    .where('r.month', month);
  whereVillageInScope(db, query, user, 'r.village_id');
  if (area) whereVillageInArea(db, query, area, 'r.village_id');
  // A unit, with its natural villages; a natural village asked alone: its own requests, under its unit.
  if (q.villageId !== undefined) query.where((w) => w.where('u.id', q.villageId!).orWhere('v.id', q.villageId!));
  return query;
}

/** The month's requested films per unit in the caller's scope, most requested first, then by title. */
export async function listRequests(c: Caller, q: RequestsQ, now: Parameters<typeof currentMonth>[1]): Promise<Page<RequestedFilm> & { month: string }> {
  const { db } = c;
  const month = q.month ?? currentMonth(c.zone, now);
  const area = q.areaId === undefined ? null : await visibleArea(db, c.user, q.areaId);
  const rows: Row[] = await requested(c, q, month, area)
    .groupBy('u.id', 'u.name', 'f.id', 'f.title', 'f.category')
    .select(
      'u.id as village_id',
      'u.name as village_name',
      'f.id as film_id',
      'f.title',
      'f.category',
      db.raw('count(distinct r.id)::int as requests'),
      db.raw('(count(*) over ())::int as total'),
    )
    .orderBy([
      { column: 'requests', order: 'desc' },
      { column: 'f.title' },
      { column: 'u.name' },
      { column: 'u.id' },
      { column: 'f.id' },
    ])
    .limit(q.limit)
    .offset(q.offset);
  // Past the last page the window count has no row to ride on: count the groups alone.
  const total = rows.length
    ? Number(rows[0]!.total)
    : q.offset > 0
      ? Number((await db.from(requested(c, q, month, area).distinct('u.id', 'f.id').as('g')).first(db.raw('count(*) as n'))).n)
      : 0;
  return {
    month,
    items: rows.map((r) => ({ villageId: r.village_id, villageName: r.village_name, filmId: r.film_id, title: r.title, category: r.category, requests: Number(r.requests) })),
    total,
  };
}
