import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

const app = useApp();

describe('both engines answer alike', () => {
  it('count(*) is a number, update and delete give row counts, dates stay calendar strings', async () => {
    await app.make.partner({ name: 'A' });
    await app.make.partner({ name: 'B' });
    expect(await app.db('partners').count({ n: '*' })).toEqual([{ n: 2 }]);
    expect(await app.db('partners').where({ name: 'A' }).update({ name: 'A2' })).toBe(1);
    expect(await app.db('partners').whereIn('name', ['A2', 'B']).delete()).toBe(2);
    const { rows } = await app.db.raw(`select date '2026-11-01' as d, 9007199254740991::bigint as b`);
    expect(rows[0]).toEqual({ d: '2026-11-01', b: 9007199254740991 });
  });
});
