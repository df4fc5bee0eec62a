import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// DOMAIN.md: a partner reads and writes only its own teams; another partner's team is 404 to it.

const app = useApp({ as: ['partner', 'admin'] });
let own: number;
let other: number;
beforeAll(async () => {
  own = app.as.partner.partnerId!;
  other = (await app.make.partner()).id;
});

describe('teams', () => {
  it('when a partner lists teams, it sees only its own', async () => {
    const mine = await app.make.team({ partner_id: own });
    await app.make.team({ partner_id: other });
    const res = await app.as.partner.get('/api/teams');
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: { id: number }) => x.id)).toContain(mine.id);
    expect(res.body.items.every((x: { partnerId: number }) => x.partnerId === own)).toBe(true);
    expect(res.body.total).toBe(res.body.items.length);
  });

  it("when a partner asks for another partner's teams by filter, it gets none", async () => {
    await app.make.team({ partner_id: other });
    const res = await app.as.partner.get('/api/teams').query({ partnerId: other });
    expect(res.body).toEqual({ items: [], total: 0 });
  });

  it('when a partner creates a team without partnerId, the team is its own', async () => {
    const res = await app.as.partner.post('/api/teams').send({ name: '一队', phone: '0877-3012345' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '一队', partnerId: own, baseVillageId: null, phone: '0877-3012345' });
  });

  it('when a partner creates a team for another partner, it answers 403 and creates nothing', async () => {
    const res = await app.as.partner.post('/api/teams').send({ name: '越界队', partnerId: other });
    expectProblem(res, 403);
    expect(await app.db('teams').where({ name: '越界队' }).first()).toBeUndefined();
  });

  it("when a partner reads another partner's team, it answers 404", async () => {
    const theirs = await app.make.team({ partner_id: other });
    expectProblem(await app.as.partner.get(`/api/teams/${theirs.id}`), 404);
  });

  it("when a partner patches another partner's team, it answers 404 and changes nothing", async () => {
    const theirs = await app.make.team({ partner_id: other });
    expectProblem(await app.as.partner.patch(`/api/teams/${theirs.id}`).send({ name: 'taken over' }), 404);
    expect((await app.db('teams').where({ id: theirs.id }).first()).name).toBe(theirs.name);
  });

  it('when a partner moves its own team to another partner, it answers 403 and the team stays', async () => {
    const mine = await app.make.team({ partner_id: own });
    expectProblem(await app.as.partner.patch(`/api/teams/${mine.id}`).send({ partnerId: other }), 403);
    expect((await app.db('teams').where({ id: mine.id }).first()).partner_id).toBe(own);
  });

  it('when a partner patches its own team, the change is kept', async () => {
    const mine = await app.make.team({ partner_id: own });
    const base = await app.make.village();
    const res = await app.as.partner.patch(`/api/teams/${mine.id}`).send({ baseVillageId: base.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: mine.id, name: mine.name, partnerId: own, baseVillageId: base.id });
  });

  it('when the admin creates a team without partnerId, it answers 400 naming partnerId', async () => {
    expectProblem(await app.as.admin.post('/api/teams').send({ name: '无主队' }), 400, ['partnerId']);
  });

  it('when the partner or base village does not exist, it answers 400 naming the field', async () => {
    expectProblem(await app.as.admin.post('/api/teams').send({ name: 'a', partnerId: 313131 }), 400, ['partnerId']);
    expectProblem(await app.as.partner.post('/api/teams').send({ name: 'b', baseVillageId: 313131 }), 400, ['baseVillageId']);
  });

  it('when the phone is not a phone number or a field is unknown, it answers 400 naming them', async () => {
    expectProblem(await app.as.partner.post('/api/teams').send({ name: 'c', phone: 'call me', leader: 'x' }), 400, ['phone', 'leader']);
  });

  it('when teams are listed, they come by partner, then in Chinese name order (第一, 第二, 第三 … 第十), and limit/offset page through that order', async () => {
    const p = (await app.make.partner()).id;
    const q = (await app.make.partner()).id;
    // Made in an order neither by id nor by code point matches: 第一 < 第二 < 第三 < 第十 < 第十一 by value.
    for (const name of ['第十放映队', '第三放映队', '第一放映队', '第十一放映队', '第二放映队']) await app.make.team({ partner_id: p, name });
    await app.make.team({ partner_id: q, name: '第一放映队' });
    const res = await app.as.admin.get('/api/teams').query({ limit: 1000 });
    const mine = res.body.items.filter((x: { partnerId: number }) => x.partnerId === p).map((x: { name: string }) => x.name);
    expect(mine).toEqual(['第一放映队', '第二放映队', '第三放映队', '第十放映队', '第十一放映队']);
    const partners = res.body.items.map((x: { partnerId: number }) => x.partnerId);
    expect(partners).toEqual([...partners].sort((a: number, b: number) => a - b));

    const page = await app.as.admin.get('/api/teams').query({ partnerId: p, limit: 2, offset: 1 });
    expect(page.body).toMatchObject({ total: 5 });
    expect(page.body.items.map((x: { name: string }) => x.name)).toEqual(['第二放映队', '第三放映队']);
    const last = await app.as.admin.get('/api/teams').query({ partnerId: p, limit: 2, offset: 4 });
    expect(last.body.items.map((x: { name: string }) => x.name)).toEqual(['第十一放映队']);
    expect((await app.as.admin.get('/api/teams').query({ partnerId: p, q: '十' })).body).toMatchObject({ total: 2, items: [{ name: '第十放映队' }, { name: '第十一放映队' }] });
  });

  it('when a partner already has a team of that name, it answers 409 naming name', async () => {
    await app.make.team({ partner_id: own, name: '二队' });
    expectProblem(await app.as.partner.post('/api/teams').send({ name: '二队' }), 409, ['name']);
  });
});
