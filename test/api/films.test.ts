import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { film } from '../helpers/factories.js';
import { bearer, expectProblem } from './support.js';

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  auth = bearer(await t.tokenFor('bureau'));
});
afterAll(() => t.close());

describe('films', () => {
  it('when a film is created, it is answered with its category and minutes', async () => {
    const res = await t.http.post('/api/films').set(auth).send({ title: '我和我的祖国', category: 'feature', minutes: 155 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), title: '我和我的祖国', category: 'feature', minutes: 155 });
  });

  it('when minutes are left out, the film has none', async () => {
    const res = await t.http.post('/api/films').set(auth).send({ title: '科普', category: 'science' });
    expect(res.status).toBe(201);
    expect(res.body.minutes).toBeNull();
  });

  const bad: [string, object, string[]][] = [
    ['the category is unknown', { category: 'cartoon' }, ['category']],
    ['the category is missing', { category: undefined }, ['category']],
    ['minutes are 0', { minutes: 0 }, ['minutes']],
    ['minutes are over 1000', { minutes: 1001 }, ['minutes']],
    ['minutes are a fraction', { minutes: 90.5 }, ['minutes']],
    ['minutes are a string', { minutes: '90' }, ['minutes']],
    ['the title is empty', { title: '' }, ['title']],
    ['a field is unknown', { director: 'x' }, ['director']],
  ];
  for (const [when, change, paths] of bad) {
    it(`when ${when}, it answers 400 naming ${paths.join(', ')}`, async () => {
      expectProblem(await t.http.post('/api/films').set(auth).send({ title: 'T', category: 'other', minutes: 80, ...change }), 400, paths);
    });
  }

  it('when a patch changes only minutes, the title and category stay', async () => {
    const f = await film(t.db, { title: '守岛人', category: 'feature', minutes: 110 });
    const res = await t.http.patch(`/api/films/${f.id}`).set(auth).send({ minutes: 112 });
    expect(res.body).toEqual({ id: f.id, title: '守岛人', category: 'feature', minutes: 112 });
  });

  it('when a patch sets an unknown category, it answers 400 naming category and changes nothing', async () => {
    const f = await film(t.db, { category: 'feature' });
    expectProblem(await t.http.patch(`/api/films/${f.id}`).set(auth).send({ category: 'x' }), 400, ['category']);
    expect((await t.db('films').where({ id: f.id }).first()).category).toBe('feature');
  });

  it('when the list is filtered by category, only that category is listed', async () => {
    await film(t.db, { category: 'science', title: '稻田科普' });
    const res = await t.http.get('/api/films').query({ category: 'science', limit: 1000 }).set(auth);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((f: { category: string }) => f.category === 'science')).toBe(true);
    expectProblem(await t.http.get('/api/films').query({ category: 'x' }).set(auth), 400, ['category']);
  });

  it('when the film does not exist, GET and PATCH answer 404', async () => {
    expectProblem(await t.http.get('/api/films/555555').set(auth), 404);
    expectProblem(await t.http.patch('/api/films/555555').set(auth).send({ minutes: 3 }), 404);
  });
});
