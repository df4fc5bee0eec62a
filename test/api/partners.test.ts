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

  it('when a partner is renamed, the new name is answered, read back and audit-logged', async () => {
    const p = await app.make.partner({ name: '旧名电影公司' });
    const res = await app.as.bureau.patch(`/api/partners/${p.id}`).send({ name: '新名电影公司' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: p.id, name: '新名电影公司' });
    expect((await app.as.bureau.get(`/api/partners/${p.id}`)).body.name).toBe('新名电影公司');
    const log = await app.as.bureau.get('/api/audit').query({ entity: 'partner', id: p.id });
    expect(log.body.items[0]).toMatchObject({ action: 'update', before: { name: '旧名电影公司' }, after: { name: '新名电影公司' }, user: { id: app.as.bureau.id } });
  });

  it('when the new name is taken, it answers 409 naming name and keeps the old one', async () => {
    const [a, b] = [await app.make.partner(), await app.make.partner()];
    expectProblem(await app.as.bureau.patch(`/api/partners/${a.id}`).send({ name: b.name.toUpperCase() }), 409, ['name']);
    expect((await app.as.bureau.get(`/api/partners/${a.id}`)).body.name).toBe(a.name);
  });

  it('when the name is missing or empty, it answers 400 naming name', async () => {
    const p = await app.make.partner();
    expectProblem(await app.as.bureau.patch(`/api/partners/${p.id}`).send({}), 400, ['name']);
    expectProblem(await app.as.bureau.patch(`/api/partners/${p.id}`).send({ name: '  ' }), 400, ['name']);
  });

  it('when the partner does not exist, it answers 404', async () => {
    expectProblem(await app.as.bureau.patch('/api/partners/424242').send({ name: '无此公司' }), 404);
  });

  it('when a partner user renames its own company, it answers 403', async () => {
    const own = await app.make.partner();
    expectProblem(await (await app.newUser('partner', own.id)).patch(`/api/partners/${own.id}`).send({ name: 'Renamed by itself' }), 403);
  });
});
