import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/index.js';
import { migrateDownTo, migrateLatest } from '../../server/db/migrate.js';
import { freshDatabase } from '../helpers/app.js';

// migrations/202612070001_add_programmes: a screening's film becomes a one-film programme, and the
// database itself keeps a programme to the rules (at most 6 distinct films that exist, a film in a
// programme is not deleted), whoever writes — the API, an import, psql.

const MIGRATION = '202612070001_add_programmes';
let db: Database;
let ids: { village: number; team: number; films: number[]; withFilm: number; withoutFilm: number };

beforeAll(async () => {
  db = await freshDatabase();
  const k = db.knex;
  await migrateDownTo(k, MIGRATION);
  const [{ id: partner }] = await k('partners').insert({ name: 'P' }).returning('id');
  const [{ id: township }] = await k('townships').insert({ name: 'T' }).returning('id');
  const [{ id: village }] = await k('villages').insert({ name: 'V', township_id: township, kind: 'administrative', lat: 24.1, lng: 102.7 }).returning('id');
  const [{ id: team }] = await k('teams').insert({ name: 'Team', partner_id: partner }).returning('id');
  const films = (await k('films').insert([1, 2, 3, 4, 5, 6, 7].map((n) => ({ title: `F${n}`, category: 'feature', minutes: 90 }))).returning('id')).map((r: { id: number }) => r.id);
  const at = (d: number) => new Date(Date.UTC(2026, 10, d, 11, 30));
  const [{ id: withFilm }] = await k('screenings').insert({ village_id: village, team_id: team, film_id: films[2], starts_at: at(1), status: 'scheduled' }).returning('id');
  const [{ id: withoutFilm }] = await k('screenings').insert({ village_id: village, team_id: team, starts_at: at(2), status: 'scheduled' }).returning('id');
  ids = { village, team, films, withFilm, withoutFilm };
  await migrateLatest(k);
});
afterAll(() => db?.close());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code);

describe('a film becomes a programme', () => {
  it("keeps each screening's film as a one-film programme, and none where there was none", async () => {
    const rows = await db.knex('screenings').orderBy('id').select('id', 'programme', 'film_id', 'repeat_reason');
    expect(rows).toEqual([
      { id: ids.withFilm, programme: [ids.films[2]], film_id: ids.films[2], repeat_reason: null },
      { id: ids.withoutFilm, programme: [], film_id: null, repeat_reason: null },
    ]);
  });

  it('film_id follows the programme: its first film', async () => {
    await db.knex('screenings').where({ id: ids.withoutFilm }).update({ programme: [ids.films[4], ids.films[1]] });
    expect(await db.knex('screenings').where({ id: ids.withoutFilm }).first('film_id')).toEqual({ film_id: ids.films[4] });
    await expect(code(db.knex('screenings').where({ id: ids.withoutFilm }).update({ film_id: ids.films[0] }))).resolves.toBe('428C9');
  });

  it('refuses a programme of more than 6 films, a film twice, a null, or a film that does not exist', async () => {
    const set = (programme: unknown) => code(db.knex('screenings').where({ id: ids.withoutFilm }).update({ programme: programme as number[] }));
    await expect(set(ids.films.slice(0, 6))).resolves.toBe('ok');
    await expect(set(ids.films)).resolves.toBe('23514');
    await expect(set([ids.films[0], ids.films[0]])).resolves.toBe('23514');
    await expect(set(db.knex.raw('array[?, null]::int[]', [ids.films[0]!]))).resolves.toBe('23514');
    await expect(set([ids.films[0], 999_999])).resolves.toBe('23503');
  });

  it('refuses a film twice at any two places of six, and in an array that does not start at 1 (migrations/202612140001)', async () => {
    const set = (programme: unknown) => code(db.knex('screenings').where({ id: ids.withoutFilm }).update({ programme: programme as number[] }));
    const six = ids.films.slice(0, 6);
    for (let i = 0; i < 6; i++)
      for (let j = i + 1; j < 6; j++) {
        const twice = six.map((f, k) => (k === j ? six[i]! : f));
        await expect(set(twice), `places ${i + 1} and ${j + 1}`).resolves.toBe('23514');
      }
    await expect(set(db.knex.raw(`('[0:2]={' || ? || ',' || ? || ',' || ? || '}')::int[]`, [six[0]!, six[1]!, six[0]!]))).resolves.toBe('23514');
    await expect(set(db.knex.raw(`('[0:2]={' || ? || ',' || ? || ',' || ? || '}')::int[]`, [six[0]!, six[1]!, six[2]!]))).resolves.toBe('ok');
    // A plain expression the planner puts in place of the call (an update checks it on every row).
    const plan = (await db.knex.raw('explain (verbose) select programme_ok(programme) from screenings')).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('array_position');
    expect(plan).not.toContain('programme_ok');
  });

  it('checks the rule where a programme is written, as the CHECK did, and not on a write that leaves it (migrations/202612150001)', async () => {
    const refusal = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string; constraint?: string }) => `${e.code} ${e.constraint}`);
    const [a, b] = ids.films;
    await expect(refusal(db.knex('screenings').where({ id: ids.withoutFilm }).update({ programme: [a, b, a] }))).resolves.toBe('23514 screenings_programme');
    const row = { village_id: ids.village, team_id: ids.team, starts_at: new Date(Date.UTC(2026, 10, 20, 11, 30)), status: 'scheduled' };
    await expect(refusal(db.knex('screenings').insert({ ...row, programme: [b, b] }))).resolves.toBe('23514 screenings_programme');
    // A missing film is told first, as when the trigger ran before the CHECK.
    await expect(refusal(db.knex('screenings').insert({ ...row, programme: [999_999, b, b] }))).resolves.toBe('23503 screenings_programme_film');
    // A row that breaks the rule (written with the trigger off, as only a superuser can) is no
    // longer refused a write of another column: a recheck's states do not check programmes again.
    await db.knex.transaction(async (trx) => {
      await trx.raw('alter table screenings disable trigger screenings_programme_films');
      await trx('screenings').where({ id: ids.withFilm }).update({ programme: [a, a] });
      await trx.raw('alter table screenings enable trigger screenings_programme_films');
      await expect(refusal(trx('screenings').where({ id: ids.withFilm }).update({ repeat_reason: 'asked for' }))).resolves.toBe('ok');
      throw new Error('undo');
    }).catch((e: Error) => expect(e.message).toBe('undo'));
    expect(await db.knex('screenings').where({ id: ids.withFilm }).first('programme', 'repeat_reason')).toEqual({ programme: [ids.films[2]], repeat_reason: null });
  });

  it('keeps a film that a programme shows from being deleted, and lets an unused one go', async () => {
    await db.knex('screenings').where({ id: ids.withoutFilm }).update({ programme: [ids.films[5]] });
    await expect(code(db.knex('films').where({ id: ids.films[5] }).delete())).resolves.toBe('23503');
    await expect(code(db.knex('films').where({ id: ids.films[6] }).delete())).resolves.toBe('ok');
  });

  it('goes down again to one film per screening, the first of its programme', async () => {
    await db.knex('screenings').where({ id: ids.withoutFilm }).update({ programme: [ids.films[3], ids.films[5]] });
    await migrateDownTo(db.knex, MIGRATION);
    const rows = await db.knex('screenings').orderBy('id').select('id', 'film_id');
    expect(rows).toEqual([
      { id: ids.withFilm, film_id: ids.films[2] },
      { id: ids.withoutFilm, film_id: ids.films[3] },
    ]);
    await migrateLatest(db.knex);
  });
});
