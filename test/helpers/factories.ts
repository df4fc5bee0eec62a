import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

// Small factories that write straight to the database: a test states only what matters to it.

const unique = () => randomBytes(3).toString('hex');

export async function township(db: Knex, o: Record<string, unknown> = {}) {
  const [row] = await db('townships').insert({ name: `乡镇${unique()}`, ...o }).returning('*');
  return row as { id: number; name: string; code: string | null };
}

export async function village(db: Knex, o: Record<string, unknown> = {}) {
  const townshipId = (o.township_id as number | undefined) ?? (await township(db)).id;
  const [row] = await db('villages')
    .insert({ name: `村${unique()}`, township_id: townshipId, kind: 'administrative', lat: 24.1, lng: 102.75, ...o })
    .returning('*');
  return row as { id: number; name: string; township_id: number; kind: string; parent_id: number | null };
}

export async function partner(db: Knex, o: Record<string, unknown> = {}) {
  const [row] = await db('partners').insert({ name: `公司${unique()}`, ...o }).returning('*');
  return row as { id: number; name: string };
}

export async function team(db: Knex, o: Record<string, unknown> = {}) {
  const partnerId = (o.partner_id as number | undefined) ?? (await partner(db)).id;
  const [row] = await db('teams').insert({ name: `放映队${unique()}`, partner_id: partnerId, ...o }).returning('*');
  return row as { id: number; name: string; partner_id: number };
}

export async function film(db: Knex, o: Record<string, unknown> = {}) {
  const [row] = await db('films').insert({ title: `影片${unique()}`, category: 'feature', ...o }).returning('*');
  return row as { id: number; title: string };
}

/** A screening row; `film_id` (generated from the programme since migrations/202612070001) is taken as a one-film programme. */
export async function screening(db: Knex, o: Record<string, unknown> & { village_id: number; team_id: number; starts_at: string | Date }) {
  const { film_id, ...rest } = o;
  const programme = film_id === undefined || film_id === null ? {} : { programme: [film_id] };
  const [row] = await db('screenings').insert({ status: 'scheduled', ...programme, ...rest }).returning('*');
  return row as { id: number; version: number; status: string };
}
