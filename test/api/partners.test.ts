import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

const app = useApp({ as: ['bureau'] });

describe('partners', () => {
  it('when a partner is created, it is answered with id and name', async () => {
    const res = await app.as.bureau.post('/api/partners').send({ name: '通海县电影公司' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: '通海县电影公司' });
  });

  it('when the name is taken in another letter case, it answers 409 naming name', async () => {
    await app.make.partner({ name: 'Yuxi Film Co' });
    expectProblem(await app.as.bureau.post('/api/partners').send({ name: 'yuxi film co' }), 409, ['name']);
  });

  it('when the name is empty or a field unknown, it answers 400 naming them', async () => {
    expectProblem(await app.as.bureau.post('/api/partners').send({ name: '', city: 'x' }), 400, ['name', 'city']);
  });

  it('when a partner user lists partners, it sees only its own company', async () => {
    const own = await app.make.partner();
    await app.make.partner();
    const res = await (await app.newUser('partner', own.id)).get('/api/partners');
    expect(res.body).toEqual({ items: [{ id: own.id, name: own.name }], total: 1 });
  });
});
