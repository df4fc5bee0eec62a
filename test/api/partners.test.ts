import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { partner } from '../helpers/factories.js';
import { bearer, expectProblem } from './support.js';

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  auth = bearer(await t.tokenFor('bureau'));
});
afterAll(() => t.close());

describe('partners', () => {
  it('when a partner is created, it is answered with id and name', async () => {
    const res = await t.http.post('/api/partners').set(auth).send({ name: '通海县电影公司' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: '通海县电影公司' });
  });

  it('when the name is taken in another letter case, it answers 409 naming name', async () => {
    await partner(t.db, { name: 'Yuxi Film Co' });
    expectProblem(await t.http.post('/api/partners').set(auth).send({ name: 'yuxi film co' }), 409, ['name']);
  });

  it('when the name is empty or a field unknown, it answers 400 naming them', async () => {
    expectProblem(await t.http.post('/api/partners').set(auth).send({ name: '', city: 'x' }), 400, ['name', 'city']);
  });

  it('when a partner user lists partners, it sees only its own company', async () => {
    const own = await partner(t.db);
    await partner(t.db);
    const res = await t.http.get('/api/partners').set(bearer(await t.tokenFor('partner', own.id)));
    expect(res.body).toEqual({ items: [{ id: own.id, name: own.name }], total: 1 });
  });
});
