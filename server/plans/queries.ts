import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
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
