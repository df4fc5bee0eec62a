import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { partner } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('both engines answer alike', () => {
  it('count(*) is a number, update and delete give row counts, dates stay calendar strings', async () => {
    await partner(t.db, { name: 'A' });
    await partner(t.db, { name: 'B' });
    expect(await t.db('partners').count({ n: '*' })).toEqual([{ n: 2 }]);
    expect(await t.db('partners').where({ name: 'A' }).update({ name: 'A2' })).toBe(1);
    expect(await t.db('partners').whereIn('name', ['A2', 'B']).delete()).toBe(2);
    const { rows } = await t.db.raw(`select date '2026-11-01' as d, 9007199254740991::bigint as b`);
    expect(rows[0]).toEqual({ d: '2026-11-01', b: 9007199254740991 });
  });
});
