import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { withIndexesRebuilt } from '../../server/db/rebuild.js';
import { useApp } from '../helpers/api.js';

// server/db/rebuild.ts: a large import writes the villages with their indexes and foreign keys set
// aside and made again. What comes back must be exactly what was there, and every row must still
// pass them: a row that breaks one fails the transaction, and nothing stays dropped.

const app = useApp();

/** Every index and constraint on the villages table and those pointing at it, as the catalogue spells them. */
const catalogue = async () =>
  (
    await app.db.raw(`
      select 'index' as what, indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def from pg_index where indrelid = 'villages'::regclass
      union all
      select 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) || case when convalidated then '' else ' (not valid)' end
      from pg_constraint where 'villages'::regclass in (conrelid, confrelid)
      order by 1, 2`)
  ).rows as { what: string; name: string; def: string }[];

/** The tables this transaction holds against every other session. */
const exclusive = async (trx: Knex) =>
  (
    await trx.raw(`select distinct relation::regclass::text as name from pg_locks l join pg_class c on c.oid = l.relation
      where l.pid = pg_backend_pid() and l.mode = 'AccessExclusiveLock' and c.relkind in ('r', 'p') order by 1`)
  ).rows.map((r: { name: string }) => r.name);

describe('rebuilding the villages’ indexes around a large write', () => {
  it('when the write is good, its rows are there and every index and constraint comes back as it was, validated', async () => {
    const before = await catalogue();
    expect(before.map((c) => c.name)).toEqual(expect.arrayContaining(['villages_public_token_key', 'villages.villages_parent_fk', 'villages.villages_township_id_foreign']));
    const township = await app.make.township();
    const parent = await app.make.village({ township_id: township.id, code: '530423950001' });
    let locked: string[] = [];
    await app.db.transaction((trx) =>
      withIndexesRebuilt(trx, 'villages', async () => {
        await trx('villages').insert([
          { name: '新村', township_id: township.id, kind: 'administrative', lat: 24, lng: 102, code: '530423950002' },
          { name: '小组', township_id: township.id, kind: 'natural', parent_id: parent.id, lat: 24, lng: 102, code: '530423950003' },
        ]);
        locked = await exclusive(trx);
      }),
    );
    // The townships too: their foreign key was set aside (dropping it locks them).
    expect(locked).toEqual(['townships', 'villages']);
    expect(await app.db('villages').whereIn('code', ['530423950002', '530423950003']).count({ n: '*' })).toEqual([{ n: 2 }]);
    expect(await catalogue()).toEqual(before);
  });

  it.each([
    ['a code twice', '23505', (township: number) => ({ name: '重复', township_id: township, kind: 'administrative', lat: 24, lng: 102, code: '530423950002' })],
    ['a township that does not exist', '23503', () => ({ name: '无乡', township_id: 999_999, kind: 'administrative', lat: 24, lng: 102, code: '530423950009' })],
    ['a parent in another township', '23503', (_: number, otherParent: number) => ({ name: '错组', township_id: _, kind: 'natural', parent_id: otherParent, lat: 24, lng: 102, code: '530423950010' })],
  ])('when the write puts %s, the transaction fails (%s) and nothing stays written or dropped', async (_what, code, row) => {
    const before = await catalogue();
    const township = await app.make.township();
    const elsewhere = await app.make.village();
    const villages = await app.db('villages').count({ n: '*' });
    const failed = await app.db
      .transaction((trx) => withIndexesRebuilt(trx, 'villages', () => trx('villages').insert(row(township.id, elsewhere.id))))
      .catch((err: { code?: string }) => err);
    expect(failed).toMatchObject({ code });
    expect(await app.db('villages').count({ n: '*' })).toEqual(villages);
    expect(await catalogue()).toEqual(before);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('when another session is reading the townships, the write waits for nobody: their foreign key stays, checked row by row', async () => {
    // Two sessions: the PostgreSQL run only (TEST_DATABASE_URL); the embedded engine has one.
    const before = await catalogue();
    const township = await app.make.township();
    // A reader of the townships (that might next wait, holding them, for the villages the rebuild
    // locks: waiting for it could be a deadlock).
    const reader = await app.db.transaction();
    await reader.raw('select count(*) from townships');
    let locked: string[] = [];
    let kept: unknown[] = [];
    try {
      await app.db.transaction((trx) =>
        withIndexesRebuilt(trx, 'villages', async () => {
          await trx('villages').insert({ name: '读时村', township_id: township.id, kind: 'administrative', lat: 24, lng: 102, code: '530423950020' });
          locked = await exclusive(trx);
          kept = (await trx.raw(`select conname from pg_constraint where conrelid = 'villages'::regclass and contype = 'f'`)).rows;
        }),
      );
    } finally {
      await reader.commit();
    }
    expect(locked).toEqual(['villages']);
    expect(kept).toEqual([{ conname: 'villages_township_id_foreign' }]);
    expect(await app.db('villages').where({ code: '530423950020' }).first()).toBeTruthy();
    expect(await catalogue()).toEqual(before);
  });
});
