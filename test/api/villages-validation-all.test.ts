import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

const app = useApp({ as: ['bureau', 'admin'] });

const paths = (res: { body: { errors: { path: string }[] } }) => res.body.errors.map((e) => e.path).sort();

describe('every bad field in one answer', () => {
  it('a village with a bad latitude and an unknown township names both', async () => {
    const res = await app.as.bureau.post('/api/villages')
      .send({ name: '新村', townshipId: 987654, kind: 'administrative', lat: 100, lng: 102 });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['lat', 'townshipId']);
  });

  it('a village change with a bad code and an unknown parent names both', async () => {
    const ts = await app.make.township();
    const v = await app.make.village({ township_id: ts.id, kind: 'administrative' });
    const res = await app.as.bureau.patch(`/api/villages/${v.id}`).send({ code: '12', kind: 'natural', parentId: 987654 });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['code', 'parentId']);
  });

  it('a team with an empty name and an unknown base village names both', async () => {
    const [p] = await app.db('partners').insert({ name: 'P-all' }).returning('id');
    const res = await app.as.admin.post('/api/teams').send({ name: '', partnerId: p.id, baseVillageId: 987654 });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['baseVillageId', 'name']);
  });
});
