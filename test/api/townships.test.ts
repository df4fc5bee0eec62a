import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

const app = useApp({ as: ['bureau'] });

describe('townships', () => {
  it('when a township is created with a 9-digit code, it is answered with id, name and code', async () => {
    const res = await app.as.bureau.post('/api/townships').send({ name: '秀山街道', code: '530423001' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: '秀山街道', code: '530423001', countyId: null });
    expect((await app.as.bureau.get(`/api/townships/${res.body.id}`)).body).toEqual(res.body);
  });

  for (const code of ['53042300', '5304230011', '53042300x']) {
    it(`when the code is ${code}, it answers 400 naming code`, async () => {
      expectProblem(await app.as.bureau.post('/api/townships').send({ name: 'x', code }), 400, ['code']);
    });
  }

  it('when the name is missing and a field is unknown, it answers 400 naming both', async () => {
    expectProblem(await app.as.bureau.post('/api/townships').send({ code: '530423009', area: 3 }), 400, ['name', 'area']);
  });

  it('when the code is taken, it answers 409 naming code', async () => {
    await app.make.township({ code: '530423002' });
    expectProblem(await app.as.bureau.post('/api/townships').send({ name: 'y', code: '530423002' }), 409, ['code']);
  });

  it('when a patch takes another township\'s code, it answers 409 naming code', async () => {
    await app.make.township({ code: '530423003' });
    const other = await app.make.township();
    expectProblem(await app.as.bureau.patch(`/api/townships/${other.id}`).send({ code: '530423003' }), 409, ['code']);
  });

  it('when a patch sets code to an empty string, the code is removed', async () => {
    const ts = await app.make.township({ code: '530423004' });
    const res = await app.as.bureau.patch(`/api/townships/${ts.id}`).send({ code: '' });
    expect(res.status).toBe(200);
    expect(res.body.code).toBeNull();
  });

  it('when a township has no villages, DELETE answers 204 and it is gone', async () => {
    const ts = await app.make.township();
    expect((await app.as.bureau.delete(`/api/townships/${ts.id}`)).status).toBe(204);
    expectProblem(await app.as.bureau.get(`/api/townships/${ts.id}`), 404);
  });

  it('when a township still has villages, DELETE answers 409 and keeps both', async () => {
    const ts = await app.make.township();
    const v = await app.make.village({ township_id: ts.id });
    expectProblem(await app.as.bureau.delete(`/api/townships/${ts.id}`), 409);
    expect((await app.as.bureau.get(`/api/townships/${ts.id}`)).body).toEqual({ id: ts.id, name: ts.name, code: null, countyId: null });
    expect((await app.as.bureau.get(`/api/villages/${v.id}`)).body).toMatchObject({ id: v.id, townshipId: ts.id });
  });

  it('when the list is filtered by q, it matches a name part or a code prefix', async () => {
    const a = await app.make.township({ name: '四街镇Q', code: '530423105' });
    const res = await app.as.bureau.get('/api/townships').query({ q: '四街' });
    expect(res.body.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const byCode = await app.as.bureau.get('/api/townships').query({ q: '530423105' });
    expect(byCode.body.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
  });
});
