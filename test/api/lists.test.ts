import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { film, partner, team, township, village } from '../helpers/factories.js';
import { bearer, expectProblem } from './support.js';

// Every list answers {items, total} with limit (default 100, max 1000) and offset.

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  auth = bearer(await t.tokenFor('admin'));
  await t.tokenFor('bureau');
  for (let i = 0; i < 3; i++) {
    await team(t.db);
    await village(t.db);
    await film(t.db);
    await partner(t.db);
    await township(t.db);
  }
  await t.http.post('/api/films').set(auth).send({ title: 'a', category: 'other' });
  await t.http.post('/api/films').set(auth).send({ title: 'b', category: 'other' });
});
afterAll(() => t.close());

const lists = ['/api/users', '/api/partners', '/api/townships', '/api/villages', '/api/teams', '/api/films', '/api/audit'];

describe('paging', () => {
  for (const path of lists) {
    it(`when ${path} is paged, limit and offset cut the items and total counts them all`, async () => {
      const all = await t.http.get(path).set(auth);
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual(['items', 'total']);
      expect(all.body.total).toBeGreaterThanOrEqual(2);
      expect(all.body.items).toHaveLength(Math.min(all.body.total, 100));

      const second = await t.http.get(path).query({ limit: 1, offset: 1 }).set(auth);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0]).toEqual(all.body.items[1]);
      expect(second.body.total).toBe(all.body.total);

      const past = await t.http.get(path).query({ offset: all.body.total }).set(auth);
      expect(past.body).toEqual({ items: [], total: all.body.total });
    });

    it(`when ${path} is asked for more than 1000 or a negative offset, it answers 400 naming the parameter`, async () => {
      expectProblem(await t.http.get(path).query({ limit: 1001 }).set(auth), 400, ['limit']);
      expectProblem(await t.http.get(path).query({ offset: -1 }).set(auth), 400, ['offset']);
    });
  }
});
