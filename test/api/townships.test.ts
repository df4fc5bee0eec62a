import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { township, village } from '../helpers/factories.js';
import { bearer, expectProblem } from './support.js';

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  auth = bearer(await t.tokenFor('bureau'));
});
afterAll(() => t.close());

describe('townships', () => {
  it('when a township is created with a 9-digit code, it is answered with id, name and code', async () => {
    const res = await t.http.post('/api/townships').set(auth).send({ name: '秀山街道', code: '530423001' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: '秀山街道', code: '530423001' });
    expect((await t.http.get(`/api/townships/${res.body.id}`).set(auth)).body).toEqual(res.body);
  });

  for (const code of ['53042300', '5304230011', '53042300x']) {
    it(`when the code is ${code}, it answers 400 naming code`, async () => {
      expectProblem(await t.http.post('/api/townships').set(auth).send({ name: 'x', code }), 400, ['code']);
    });
  }

  it('when the name is missing and a field is unknown, it answers 400 naming both', async () => {
    expectProblem(await t.http.post('/api/townships').set(auth).send({ code: '530423009', area: 3 }), 400, ['name', 'area']);
  });

  it('when the code is taken, it answers 409 naming code', async () => {
    await township(t.db, { code: '530423002' });
    expectProblem(await t.http.post('/api/townships').set(auth).send({ name: 'y', code: '530423002' }), 409, ['code']);
  });

  it('when a patch takes another township\'s code, it answers 409 naming code', async () => {
    await township(t.db, { code: '530423003' });
    const other = await township(t.db);
    expectProblem(await t.http.patch(`/api/townships/${other.id}`).set(auth).send({ code: '530423003' }), 409, ['code']);
  });

  it('when a patch sets code to an empty string, the code is removed', async () => {
    const ts = await township(t.db, { code: '530423004' });
    const res = await t.http.patch(`/api/townships/${ts.id}`).set(auth).send({ code: '' });
    expect(res.status).toBe(200);
    expect(res.body.code).toBeNull();
  });

  it('when a township has no villages, DELETE answers 204 and it is gone', async () => {
    const ts = await township(t.db);
    expect((await t.http.delete(`/api/townships/${ts.id}`).set(auth)).status).toBe(204);
    expectProblem(await t.http.get(`/api/townships/${ts.id}`).set(auth), 404);
  });

  it('when a township still has villages, DELETE answers 409 and keeps both', async () => {
    const ts = await township(t.db);
    const v = await village(t.db, { township_id: ts.id });
    expectProblem(await t.http.delete(`/api/townships/${ts.id}`).set(auth), 409);
    expect(await t.db('villages').where({ id: v.id }).first()).toBeTruthy();
  });

  it('when the list is filtered by q, it matches a name part or a code prefix', async () => {
    const a = await township(t.db, { name: '四街镇Q', code: '530423105' });
    const res = await t.http.get('/api/townships').query({ q: '四街' }).set(auth);
    expect(res.body.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const byCode = await t.http.get('/api/townships').query({ q: '530423105' }).set(auth);
    expect(byCode.body.items.map((x: { id: number }) => x.id)).toEqual([a.id]);
  });
});
