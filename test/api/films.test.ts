import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

const app = useApp({ as: ['bureau'] });

describe('films', () => {
  it('when a film is created, it is answered with its category and minutes', async () => {
    const res = await app.as.bureau.post('/api/films').send({ title: '我和我的祖国', category: 'feature', minutes: 155 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), title: '我和我的祖国', category: 'feature', minutes: 155 });
  });

  it('when minutes are left out, the film has none', async () => {
    const res = await app.as.bureau.post('/api/films').send({ title: '科普', category: 'science' });
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
      expectProblem(await app.as.bureau.post('/api/films').send({ title: 'T', category: 'other', minutes: 80, ...change }), 400, paths);
    });
  }

  it('when a patch changes only minutes, the title and category stay', async () => {
    const f = await app.make.film({ title: '守岛人', category: 'feature', minutes: 110 });
    const res = await app.as.bureau.patch(`/api/films/${f.id}`).send({ minutes: 112 });
    expect(res.body).toEqual({ id: f.id, title: '守岛人', category: 'feature', minutes: 112 });
  });

  it('when a patch sets an unknown category, it answers 400 naming category and changes nothing', async () => {
    const f = await app.make.film({ category: 'feature' });
    expectProblem(await app.as.bureau.patch(`/api/films/${f.id}`).send({ category: 'x' }), 400, ['category']);
    expect((await app.db('films').where({ id: f.id }).first()).category).toBe('feature');
  });

  it('when the list is filtered by category, only that category is listed', async () => {
    await app.make.film({ category: 'science', title: '稻田科普' });
    const res = await app.as.bureau.get('/api/films').query({ category: 'science', limit: 1000 });
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((f: { category: string }) => f.category === 'science')).toBe(true);
    expectProblem(await app.as.bureau.get('/api/films').query({ category: 'x' }), 400, ['category']);
  });

  it('when the film does not exist, GET and PATCH answer 404', async () => {
    expectProblem(await app.as.bureau.get('/api/films/555555'), 404);
    expectProblem(await app.as.bureau.patch('/api/films/555555').send({ minutes: 3 }), 404);
  });
});
