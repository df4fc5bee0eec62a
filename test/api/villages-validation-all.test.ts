import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { township, village } from '../helpers/factories.js';

let t: TestApp;
let bureau: string;
let admin: string;
beforeAll(async () => {
  t = await testApp();
  bureau = await t.tokenFor('bureau');
  admin = await t.tokenFor('admin');
});
afterAll(() => t.close());

const paths = (res: { body: { errors: { path: string }[] } }) => res.body.errors.map((e) => e.path).sort();

describe('every bad field in one answer', () => {
  it('a village with a bad latitude and an unknown township names both', async () => {
    const res = await t.http
      .post('/api/villages')
      .auth(bureau, { type: 'bearer' })
      .send({ name: '新村', townshipId: 987654, kind: 'administrative', lat: 100, lng: 102 });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['lat', 'townshipId']);
  });

  it('a village change with a bad code and an unknown parent names both', async () => {
    const ts = await township(t.db);
    const v = await village(t.db, { township_id: ts.id, kind: 'administrative' });
    const res = await t.http.patch(`/api/villages/${v.id}`).auth(bureau, { type: 'bearer' }).send({ code: '12', kind: 'natural', parentId: 987654 });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['code', 'parentId']);
  });

  it('a team with an empty name and an unknown base village names both', async () => {
    const [p] = await t.db('partners').insert({ name: 'P-all' }).returning('id');
    const res = await t.http.post('/api/teams').auth(admin, { type: 'bearer' }).send({ name: '', partnerId: p.id, baseVillageId: 987654 });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['baseVillageId', 'name']);
  });
});
