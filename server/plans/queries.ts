import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { whereInMonth, type MonthRange } from '../months.js';
import { visibleTeams } from '../registry/teams/queries.js';

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

/** A team's screenings of a month that are not cancelled, with the names a run sheet prints. */
export async function runsheetRows(db: Db, teamId: number, month: MonthRange) {
  return (await whereInMonth(db('screenings as s'), 's.starts_at', month)
    .join('villages as v', 'v.id', 's.village_id')
    .join('townships as tw', 'tw.id', 'v.township_id')
    .leftJoin('films as f', 'f.id', 's.film_id')
    .where('s.team_id', teamId)
    .whereNot('s.status', 'cancelled')
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
