import { shiftMonth } from '../../domain/months.js';
import type { FilmCategory } from '../../domain/programme.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { visibleTeams } from '../registry/teams/queries.js';
import type { PlanFilm } from './programmes.js';

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

/**
 * The films a draft may choose from: not retired, newest first (the new-film share), then by id.
 * Dates as YYYY-MM-DD text on both engines.
 */
export async function catalogueForPlan(db: Db): Promise<PlanFilm[]> {
  const rows: { id: number; title: string; category: FilmCategory; minutes: number | null; year: number | null; available_from: string | null; available_to: string | null }[] = await db('films')
    .whereNull('retired_at')
    .select('id', 'title', 'category', 'minutes', 'year', db.raw(`to_char(available_from, 'YYYY-MM-DD') as available_from`), db.raw(`to_char(available_to, 'YYYY-MM-DD') as available_to`))
    .orderByRaw('year desc nulls last, id');
  return rows.map((r) => ({ id: r.id, title: r.title, category: r.category, minutes: r.minutes, year: r.year, availableFrom: r.available_from, availableTo: r.available_to }));
}

/** Live screenings (not cancelled, not rejected) with a programme, of these villages, starting in [from, to). */
export async function programmesShown(db: Db, villageIds: number[], from: Date, to: Date) {
  if (!villageIds.length) return [];
  return (await db('screenings')
    .whereRaw('village_id = any(?::int[])', [villageIds])
    .whereNot('status', 'cancelled')
    .whereRaw(`review_decision is distinct from 'rejected'`)
    .whereRaw('cardinality(programme) > 0')
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .select('village_id', 'starts_at', 'programme')) as { village_id: number; starts_at: Date; programme: number[] }[];
}

/** The campaigns running in the month (from ≤ month ≤ to), with their area's code (null: everywhere). */
export async function runningCampaigns(db: Db, month: string) {
  return (await db('campaigns as c')
    .leftJoin('areas as a', 'a.id', 'c.area_id')
    .where('c.from_month', '<=', month)
    .where('c.to_month', '>=', month)
    .orderBy('c.id')
    .select('c.id', 'c.film_ids', 'c.from_month', 'c.to_month', 'a.code as area_code')) as { id: number; film_ids: number[]; from_month: string; to_month: string; area_code: string | null }[];
}

/** Of these villages, those with a completed screening the bureau did not reject in [from, to) showing one of the films. */
export async function villagesShowing(db: Db, villageIds: number[], filmIds: number[], from: Date, to: Date): Promise<number[]> {
  if (!villageIds.length || !filmIds.length) return [];
  return db('screenings')
    .whereRaw('village_id = any(?::int[])', [villageIds])
    .where('status', 'completed')
    .whereRaw(`review_decision is distinct from 'rejected'`)
    .whereRaw('programme && ?::int[]', [filmIds])
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .distinct()
    .pluck('village_id');
}

/** A film a unit's villagers asked for, and how many phones asked for it. */
export interface RequestedFilm {
  filmId: number;
  requests: number;
}

/**
 * The films the villagers of each unit asked for, most wanted first (DOMAIN.md "Villagers'
 * voice"): the draft of month M prefers them. The requests made in M − 1 and M count; per film, the
 * phones that asked (a phone asking twice counts once; a phone's hash is of its village, so the
 * villages of one unit never share one); only films that exist and are not retired (the picker
 * checks the licence on the evening itself). `unitOf` maps a village to the unit it counts for
 * (the draft's administrative unit: a natural village's requests are its parent's); ties go to
 * the lower film id. This is the one place the planner learns of the requests.
 */
export async function requestedFilms(db: Db, villageIds: readonly number[], month: string, unitOf: (villageId: number) => number = (v) => v): Promise<Map<number, RequestedFilm[]>> {
  const out = new Map<number, RequestedFilm[]>();
  if (!villageIds.length) return out;
  const rows = (await db('film_requests as r')
    .crossJoin(db.raw('unnest(r.film_ids) as u(film_id)'))
    .join('films as f', 'f.id', 'u.film_id')
    .whereNull('f.retired_at')
    .whereIn('r.month', [shiftMonth(month, -1), month])
    .whereRaw('r.village_id = any(?::int[])', [[...villageIds]])
    .groupBy('r.village_id', 'f.id')
    .select('r.village_id', 'f.id as film_id', db.raw('count(distinct r.device_hash)::int as requests'))) as { village_id: number; film_id: number; requests: number }[];
  const counts = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const unit = unitOf(r.village_id);
    const films = counts.get(unit) ?? new Map<number, number>();
    counts.set(unit, films);
    films.set(r.film_id, (films.get(r.film_id) ?? 0) + Number(r.requests));
  }
  for (const [unit, films] of counts) {
    out.set(
      unit,
      [...films].map(([filmId, requests]) => ({ filmId, requests })).sort((a, b) => b.requests - a.requests || a.filmId - b.filmId),
    );
  }
  return out;
}
