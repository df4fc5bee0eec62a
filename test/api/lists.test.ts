import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// Every list answers {items, total} with limit (default 100, max 1000) and offset.

const app = useApp({ as: ['admin', 'bureau'] });
beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    await app.make.team();
    await app.make.village();
    await app.make.film();
    await app.make.partner();
    await app.make.township();
  }
  await app.as.admin.post('/api/films').send({ title: 'a', category: 'other' });
  await app.as.admin.post('/api/films').send({ title: 'b', category: 'other' });
});

const lists = ['/api/users', '/api/partners', '/api/townships', '/api/villages', '/api/teams', '/api/films', '/api/audit'];

describe('paging', () => {
  for (const path of lists) {
    it(`when ${path} is paged, limit and offset cut the items and total counts them all`, async () => {
      const all = await app.as.admin.get(path);
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual(['items', 'total']);
      expect(all.body.total).toBeGreaterThanOrEqual(2);
      expect(all.body.items).toHaveLength(Math.min(all.body.total, 100));

      const second = await app.as.admin.get(path).query({ limit: 1, offset: 1 });
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0]).toEqual(all.body.items[1]);
      expect(second.body.total).toBe(all.body.total);

      const past = await app.as.admin.get(path).query({ offset: all.body.total });
      expect(past.body).toEqual({ items: [], total: all.body.total });
    });

    it(`when ${path} is asked for more than 1000 or a negative offset, it answers 400 naming the parameter`, async () => {
      expectProblem(await app.as.admin.get(path).query({ limit: 1001 }), 400, ['limit']);
      expectProblem(await app.as.admin.get(path).query({ offset: -1 }), 400, ['offset']);
    });
  }
});
