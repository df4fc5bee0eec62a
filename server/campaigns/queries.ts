import type { Knex } from 'knex';
import { registerConstraint } from '../db/errors.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import type { MonthRange } from '../months.js';

// What the campaigns read of the database: who may see and write which campaign (in SQL, beside
// the rules of server/areas/scope.ts it builds on), the campaigns' rows with their films and area,
// and which villages a campaign's films reached in a span.

export interface CampaignRow {
  id: number;
  name: string;
  area_id: number | null;
  film_ids: number[];
  from_month: string;
  to_month: string;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  area_name: string | null;
  area_level: 'province' | 'prefecture' | 'county' | null;
}

/** The campaigns with their area's name and level, aliased `c` (the area `a`). */
export const campaignRows = (db: Db) =>
  db('campaigns as c')
    .leftJoin('areas as a', 'a.id', 'c.area_id')
    .select('c.id', 'c.name', 'c.area_id', 'c.film_ids', 'c.from_month', 'c.to_month', 'c.created_by', 'c.created_at', 'c.updated_at', 'a.name as area_name', 'a.level as area_level');

/** An area (aliased `a`, may be null: a campaign of the whole deployment) that contains, or lies inside, one of the areas of `codes`. */
const touchesSql = (codesSql: string) => `(a.id is null or exists (select 1 from (${codesSql}) k(code) where k.code like a.code || '%' or a.code like k.code || '%'))`;

/**
 * Keeps the campaigns touching the user's scope (DOMAIN.md "Campaigns": everyone reads those
 * touching their scope): a bureau user with an area, those whose area contains or lies inside
 * it; a partner with contracts, those whose area holds one of its counties; either also the
 * campaigns of the whole deployment (no area). Everyone else reads every campaign.
 */
export function whereCampaignVisible<Q extends Knex.QueryBuilder>(query: Q, user: User): Q {
  if (user.role === 'bureau' && user.areaId !== null) query.whereRaw(touchesSql('select code from areas where id = ?'), [user.areaId]);
  else if (user.counties !== null) query.whereRaw(touchesSql('select code from areas where id = any(?::int[])'), [user.counties]);
  return query;
}

/** Keeps the campaigns the user may change: a bureau user with an area, those of an area inside its own (never one of the whole deployment); admins and other bureau users every one. */
export function whereCampaignWritable<Q extends Knex.QueryBuilder>(query: Q, user: User): Q {
  if (user.role === 'bureau' && user.areaId !== null) query.whereRaw(`a.code like (select code from areas where id = ?) || '%'`, [user.areaId]);
  return query;
}

/** Keeps the campaigns whose area contains or lies inside the area (a campaign of no area contains every area). */
export function whereCampaignTouches<Q extends Knex.QueryBuilder>(query: Q, areaId: number): Q {
  query.whereRaw(touchesSql('select code from areas where id = ?'), [areaId]);
  return query;
}

/** Keeps the campaigns running in the month: from ≤ month ≤ to. */
export function whereCampaignRunning<Q extends Knex.QueryBuilder>(query: Q, month: string): Q {
  query.where('c.from_month', '<=', month).where('c.to_month', '>=', month);
  return query;
}

/** The films of these ids (any order), as a campaign names them. */
export const filmsOf = (db: Db, ids: number[]): Promise<{ id: number; title: string; category: string }[]> =>
  db('films').whereIn('id', ids).select('id', 'title', 'category');

/**
 * The villages with a screening that covers them for the campaign (DOMAIN.md "Campaigns"):
 * completed, not rejected, started inside the span, with one of the films in its programme.
 * Which unit a village counts for is the unit list's to say (server/coverage/units.ts).
 */
export async function villagesShown(db: Db, filmIds: number[], span: Pick<MonthRange, 'start' | 'end'>): Promise<number[]> {
  const rows: { village_id: number }[] = await db('screenings as s')
    .distinct('s.village_id')
    .where('s.status', 'completed')
    .whereRaw(`s.review_decision is distinct from 'rejected'`)
    .where('s.starts_at', '>=', span.start.toJSDate())
    .where('s.starts_at', '<', span.end.toJSDate())
    .whereRaw('s.programme && ?::int[]', [filmIds]);
  return rows.map((r) => r.village_id);
}

// A write the checks above let through but a concurrent one made wrong (an area or film removed meanwhile) still answers naming the field.
registerConstraint('campaigns_area_id_fkey', 'areaId', 'no such area');
registerConstraint('campaigns_span', 'to', 'must be the from month or later');
