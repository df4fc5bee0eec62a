import { HttpError, periodLocked } from '../http/problem.js';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

/** What each named constraint means to a client: the field it guards and a sentence. */
const constraints: Record<string, { path: string; message: string }> = {
  partners_name_key: { path: 'name', message: 'a partner with this name exists' },
  // knex names a column's unique constraint <table>_<column>_unique.
  townships_code_unique: { path: 'code', message: 'a township with this code exists' },
  townships_code_format: { path: 'code', message: 'must be 9 digits' },
  villages_code_unique: { path: 'code', message: 'a village with this code exists' },
  villages_code_format: { path: 'code', message: 'must be 12 digits' },
  villages_township_id_foreign: { path: 'townshipId', message: 'no such township' },
  villages_parent_fk: { path: 'parentId', message: 'must be an administrative village of the same township' },
  villages_parent_by_kind: { path: 'parentId', message: 'a natural village needs a parent; an administrative one has none' },
  villages_lat_range: { path: 'lat', message: 'must be between -90 and 90' },
  villages_lng_range: { path: 'lng', message: 'must be between -180 and 180' },
  villages_population: { path: 'population', message: 'must be between 0 and 10000000' },
  // Drawn from 122 random bits (migrations/202612080001): two alike is a collision the writer retries.
  villages_public_token_key: { path: 'token', message: 'a village page link collided with another; try again' },
  teams_partner_id_foreign: { path: 'partnerId', message: 'no such partner' },
  teams_base_village_id_foreign: { path: 'baseVillageId', message: 'no such village' },
  teams_partner_id_name_unique: { path: 'name', message: 'this partner already has a team with this name' },
  users_username_key: { path: 'username', message: 'this username is taken' },
  users_partner_id_foreign: { path: 'partnerId', message: 'no such partner' },
  users_partner_by_role: { path: 'partnerId', message: 'required for the partner role, and only for it' },
  townships_county_fk: { path: 'countyId', message: 'no such county' },
  users_area_id_fkey: { path: 'areaId', message: 'no such area' },
  users_area_by_role: { path: 'areaId', message: 'only a bureau user has an area' },
  users_team_id_fkey: { path: 'teamId', message: 'no such team' },
  users_team_by_role: { path: 'teamId', message: 'required for the projectionist role, and only for it' },
  areas_code_key: { path: 'code', message: 'an area with this code exists' },
  areas_code_format: { path: 'code', message: 'must be 2, 4 or 6 digits' },
  areas_name_length: { path: 'name', message: 'must be 1 to 100 characters' },
  areas_parent_fk: { path: 'code', message: 'no area above it: import its province or prefecture first' },
  areas_parent_by_level: { path: 'code', message: 'no area above it: import its province or prefecture first' },
  contracts_partner_id_fkey: { path: 'partnerId', message: 'no such partner' },
  contracts_county_fk: { path: 'countyId', message: 'no such county' },
  contracts_period: { path: 'to', message: 'must be the from month or later' },
  films_category: { path: 'category', message: 'must be feature, science, documentary, opera, children or other' },
  films_code_unique: { path: 'code', message: 'a film with this code exists' },
  films_code_blank: { path: 'code', message: 'must not be empty' },
  films_year_range: { path: 'year', message: 'must be a year between 1900 and 2100' },
  films_available_order: { path: 'availableTo', message: 'must be on or after availableFrom' },
  films_minutes_range: { path: 'minutes', message: 'must be between 1 and 1000' },
};

/** The constraint names this file can explain (a test checks each exists in the schema). */
export const knownConstraints = (): string[] => Object.keys(constraints);

export function registerConstraint(name: string, path: string, message: string): void {
  constraints[name] = { path, message };
}

/**
 * Turns a PostgreSQL error into the HTTP error a client should see, or undefined when the error
 * is not the client's doing. The schema is the source of truth for uniqueness and references;
 * this is the one place that translates its refusals.
 */
export function mapDbError(err: unknown): HttpError | undefined {
  const e = err as PgError;
  if (!e || typeof e.code !== 'string') return undefined;
  const known = e.constraint ? constraints[e.constraint] : undefined;
  const field = known ? [{ path: known.path, message: known.message }] : [];
  const say = (fallback: string) => (known ? `${known.path}: ${known.message}.` : fallback);
  switch (e.code) {
    case '23505': // unique_violation
      return new HttpError(409, say('A record with these values exists.'), field);
    case '23503': {
      // foreign_key_violation: the message tells which side. Writing a row that points at nothing
      // is a bad field (400); removing or reshaping a row others point at is a conflict (409).
      const referencedSide = /update or delete on table/.test(e.message ?? '');
      if (referencedSide) return new HttpError(409, 'Other records still refer to this one; it cannot be removed or changed this way.');
      return new HttpError(400, say('A referenced record does not exist.'), field);
    }
    case '23P01': // exclusion_violation
      return new HttpError(409, say('This conflicts with an existing record.'), field);
    case 'Z2131': {
      // migrations/202612090001: a write touching a locked county-month ("period-locked <countyId> <month>").
      const m = /period-locked (\d+) (\d{4}-\d{2})/.exec(e.message ?? '');
      return m ? periodLocked(Number(m[1]), m[2]!) : undefined;
    }
    case 'Z2132': // migrations/202612090001: an issued statement is never changed nor deleted
      return new HttpError(409, 'An issued statement never changes: issue the round again to supersede it.');
    case '23514': // check_violation
    case '23502': // not_null_violation
      return new HttpError(400, say('A value is out of range.'), field);
    default:
      // Class 22, data exception (22P02 invalid text, 22003 number out of range, 22008 datetime
      // overflow, 22009 time zone displacement, …): always a value the client sent.
      if (e.code.startsWith('22')) return new HttpError(400, 'A value is malformed or out of range.');
      return undefined;
  }
}
