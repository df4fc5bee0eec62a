import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

const app = useApp({ as: ['partner'] });
let tsA: number;
let tsB: number;
let adm: number;
let nat: number;
let retired: number;
beforeAll(async () => {
  tsA = (await app.make.township()).id;
  tsB = (await app.make.township()).id;
  adm = (await app.make.village({ township_id: tsA, name: '杨广村', code: '530423101001' })).id;
  nat = (await app.make.village({ township_id: tsA, name: '大新村', kind: 'natural', parent_id: adm })).id;
  retired = (await app.make.village({ township_id: tsA, name: '旧村', retired_at: new Date('2025-01-01T00:00:00+08:00') })).id;
  for (let i = 0; i < 120; i++) await app.make.village({ township_id: tsB, name: `村${String(i).padStart(3, '0')}` });
});

const list = (query: Record<string, unknown>) => app.as.partner.get('/api/villages').query(query);
const ids = (res: { body: { items: { id: number }[] } }) => res.body.items.map((v) => v.id).sort((a, b) => a - b);

describe('listing villages', () => {
  it('when filtered by townshipId, only that township is listed, with its total', async () => {
    const res = await list({ townshipId: tsA });
    expect(ids(res)).toEqual([adm, nat, retired].sort((a, b) => a - b));
    expect(res.body.total).toBe(3);
  });

  it('when filtered by kind, only that kind is listed', async () => {
    expect(ids(await list({ townshipId: tsA, kind: 'natural' }))).toEqual([nat]);
    expect(ids(await list({ townshipId: tsA, kind: 'administrative' }))).toEqual([adm, retired].sort((a, b) => a - b));
  });

  it('when filtered by q, a name part or a code prefix matches', async () => {
    expect(ids(await list({ q: '广' }))).toEqual([adm]);
    expect(ids(await list({ q: '530423101' }))).toEqual([adm]);
  });

  it('when q holds % or _, they are matched as typed, not as wildcards', async () => {
    const odd = await app.make.village({ township_id: tsA, name: '百分%村' });
    expect(ids(await list({ q: '%' }))).toEqual([odd.id]);
    expect(ids(await list({ q: '_' }))).toEqual([]);
    await app.db('villages').where({ id: odd.id }).delete();
  });

  it('when filtered by retired, retired villages are listed or left out', async () => {
    expect(ids(await list({ townshipId: tsA, retired: 'true' }))).toEqual([retired]);
    expect(ids(await list({ townshipId: tsA, retired: 'false' }))).not.toContain(retired);
    expect(ids(await list({ townshipId: tsA }))).toContain(retired);
  });

  it('when filtered by parentId, the natural villages of that village are listed', async () => {
    expect(ids(await list({ parentId: adm }))).toEqual([nat]);
  });

  it('when no limit is given, 100 items come back and total counts all', async () => {
    const res = await list({ townshipId: tsB });
    expect(res.body.items).toHaveLength(100);
    expect(res.body.total).toBe(120);
  });

  it('when offset is given, the page continues where the last one ended', async () => {
    const first = await list({ townshipId: tsB, limit: 50 });
    const second = await list({ townshipId: tsB, limit: 50, offset: 50 });
    const last = await list({ townshipId: tsB, limit: 50, offset: 100 });
    expect(second.body.items).toHaveLength(50);
    expect(last.body.items).toHaveLength(20);
    const all = [...first.body.items, ...second.body.items, ...last.body.items].map((v: { id: number }) => v.id);
    expect(new Set(all).size).toBe(120);
    expect(last.body.total).toBe(120);
  });

  it('when limit is 1000, it is accepted; above 1000 it answers 400 naming limit', async () => {
    expect((await list({ limit: 1000 })).status).toBe(200);
    expectProblem(await list({ limit: 1001 }), 400, ['limit']);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['limit is 0', { limit: 0 }, 'limit'],
    ['limit is not a number', { limit: 'ten' }, 'limit'],
    ['offset is negative', { offset: -1 }, 'offset'],
    ['kind is unknown', { kind: 'hamlet' }, 'kind'],
    ['townshipId is not an id', { townshipId: 'abc' }, 'townshipId'],
    ['retired is not true, false or all', { retired: 'maybe' }, 'retired'],
  ];
  for (const [when, query, path] of bad) {
    it(`when ${when}, it answers 400 naming ${path}`, async () => {
      expectProblem(await list(query), 400, [path]);
    });
  }

  it('when a village is listed, it carries its township name and position', async () => {
    const res = await list({ q: '杨广' });
    expect(res.body.items[0]).toMatchObject({ id: adm, townshipId: tsA, townshipName: expect.any(String), kind: 'administrative', code: '530423101001', lat: 24.1, lng: 102.75 });
  });
});
