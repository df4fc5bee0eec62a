import type { DateTime } from 'luxon';
import type { User } from '../auth/user.js';
import { unitStatusQuery } from '../coverage/queries.js';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';
import { visibleTeams } from '../registry/teams.js';

export interface TeamRow {
  id: number;
  name: string;
  partner_id: number;
  phone: string | null;
  base_lat: number | null;
  base_lng: number | null;
}

/** Teams with the position of their base village, limited to what the user may see. */
export function teamsWithBase(db: Db, user: User) {
  return visibleTeams(db, user)
    .leftJoin('villages as b', 'b.id', 'teams.base_village_id')
    .select('teams.id', 'teams.name', 'teams.partner_id', 'teams.phone', 'b.lat as base_lat', 'b.lng as base_lng')
    .orderBy('teams.id');
}

/** Administrative units of the month with nothing at all (DOMAIN.md "gap"), with their positions. */
export async function gapUnits(db: Db, month: MonthRange, now: DateTime) {
  const statuses = unitStatusQuery(db, month, now, { level: 'administrative' }).as('st');
  const rows = await db
    .from(statuses)
    .join('villages as v', 'v.id', 'st.id')
    .where('st.status', 'gap')
    .select('v.id', 'v.lat', 'v.lng')
    .orderBy('v.id');
  return rows as { id: number; lat: number; lng: number }[];
}

/** Live (not cancelled) screenings of these teams starting in [from, to). */
export async function liveScreenings(db: Db, teamIds: number[], from: Date, to: Date) {
  if (!teamIds.length) return [];
  const rows = await db('screenings')
    .whereIn('team_id', teamIds)
    .whereNot('status', 'cancelled')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .select('team_id', 'starts_at');
  return rows as { team_id: number; starts_at: Date }[];
}

export async function filmsForPlan(db: Db) {
  return (await db('films').select('id', 'category').orderBy('id')) as { id: number; category: string }[];
}

/**
 * Units (administrative villages; a natural village counts for its parent) among these villages
 * that already have a live screening in the month: no longer gaps.
 */
export async function unitsTakenSince(db: Db, villageIds: number[], month: MonthRange) {
  const units = await db('villages').whereIn('id', villageIds).select('id', db.raw('coalesce(parent_id, id) as unit_id'));
  const unitIds = [...new Set(units.map((u: { unit_id: number }) => u.unit_id))];
  if (!unitIds.length) return new Map<number, number>();
  const rows: { unit_id: number }[] = await db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .whereNot('s.status', 'cancelled')
    .where('s.starts_at', '>=', month.start.toJSDate())
    .where('s.starts_at', '<', month.end.toJSDate())
    .whereRaw('coalesce(v.parent_id, v.id) = any(?::int[])', [unitIds])
    .distinct(db.raw('coalesce(v.parent_id, v.id) as unit_id'));
  const taken = new Set(rows.map((r) => r.unit_id));
  // village id → its unit, for those whose unit is taken
  return new Map<number, number>(units.filter((u: { unit_id: number }) => taken.has(u.unit_id)).map((u: { id: number; unit_id: number }) => [u.id, u.unit_id]));
}

/** A team's screenings of a month that are not cancelled, with the names a run sheet prints. */
export async function runsheetRows(db: Db, teamId: number, month: MonthRange) {
  return (await db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('townships as tw', 'tw.id', 'v.township_id')
    .leftJoin('films as f', 'f.id', 's.film_id')
    .where('s.team_id', teamId)
    .whereNot('s.status', 'cancelled')
    .where('s.starts_at', '>=', month.start.toJSDate())
    .where('s.starts_at', '<', month.end.toJSDate())
    .select('s.id', 's.starts_at', 's.status', 's.village_id', 'v.name as village_name', 'tw.name as township_name', 'f.title as film_title')
    .orderBy(['s.starts_at', 's.id'])) as {
    id: number;
    starts_at: Date;
    status: string;
    village_id: number;
    village_name: string;
    township_name: string;
    film_title: string | null;
  }[];
}
