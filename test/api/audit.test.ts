import { describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/audit/log.js';
import { expectProblem, useApp } from '../helpers/api.js';

const app = useApp({ as: ['bureau'] });

const history = (entity: string, id: number) => app.as.bureau.get('/api/audit').query({ entity, id });

describe('the audit log', () => {
  it('when a village is created, changed and deleted, each step is logged newest first with before and after', async () => {
    const ts = await app.make.township();
    const created = await app.as.bureau.post('/api/villages').send({ name: '甲村', townshipId: ts.id, kind: 'administrative', lat: 24, lng: 102 });
    const id = created.body.id;
    await app.as.bureau.patch(`/api/villages/${id}`).send({ name: '乙村' });
    await app.as.bureau.delete(`/api/villages/${id}`);

    const res = await history('village', id);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const [del, upd, cre] = res.body.items;
    expect(cre).toMatchObject({ entity: 'village', entityId: id, action: 'create', user: { id: app.as.bureau.id }, before: null, after: { name: '甲村' } });
    expect(upd).toMatchObject({ action: 'update', before: { name: '甲村' }, after: { name: '乙村' } });
    expect(del).toMatchObject({ action: 'delete', before: { name: '乙村' }, after: null });
    expect(cre.at).toMatch(/\+08:00$/);
  });

  it('when another entity shares the id, it is not in the village history', async () => {
    const id = 424242;
    await recordAudit(app.db, { entity: 'village', entityId: id, action: 'create', userId: null, after: { name: '同号村' } });
    await recordAudit(app.db, { entity: 'township', entityId: id, action: 'create', userId: null, after: { name: '同号镇' } });
    const res = await history('village', id);
    expect(res.body.items.map((e: { entity: string; after: object }) => [e.entity, e.after])).toEqual([['village', { name: '同号村' }]]);
    expect(res.body.total).toBe(1);
  });

  for (const [entity, make] of [
    ['township', () => app.as.bureau.post('/api/townships').send({ name: '审计镇' })],
    ['partner', () => app.as.bureau.post('/api/partners').send({ name: `审计公司${Date.now()}` })],
    ['film', () => app.as.bureau.post('/api/films').send({ title: '审计片', category: 'other' })],
  ] as const) {
    it(`when a ${entity} is created, its creation is logged`, async () => {
      const res = await make();
      expect(res.status).toBe(201);
      expect((await history(entity, res.body.id)).body.items[0]).toMatchObject({ action: 'create', after: res.body });
    });
  }

  it('when a team is changed by its partner, the change is logged with that user', async () => {
    const partner = await app.newUser('partner');
    const created = await partner.post('/api/teams').send({ name: '审计队' });
    await partner.patch(`/api/teams/${created.body.id}`).send({ phone: '0877-1111111' });
    const [upd] = (await history('team', created.body.id)).body.items;
    expect(upd).toMatchObject({ action: 'update', before: { phone: null }, after: { phone: '0877-1111111' }, user: { id: partner.id, username: expect.stringMatching(/^partner/) } });
  });

  it('when a screening’s programme changes, the entry holds the programme before and after, in order, filmId its first film', async () => {
    const partner = await app.newUser('partner');
    const team = await app.make.team({ partner_id: partner.partnerId });
    const village = await app.make.village();
    const [a, b] = [await app.make.film({ title: '喜盈门' }), await app.make.film({ title: '种子的故事', category: 'science' })];
    const created = await partner.post('/api/screenings').send({ villageId: village.id, teamId: team.id, startsAt: '2030-03-02T19:30', programme: [a.id] });
    expect(created.status).toBe(201);
    expect((await partner.patch(`/api/screenings/${created.body.id}`).send({ programme: [b.id, a.id] })).status).toBe(200);
    const [upd, cre] = (await history('screening', created.body.id)).body.items;
    expect(cre).toMatchObject({ action: 'create', after: { programme: [a.id], filmId: a.id, filmTitle: '喜盈门' } });
    expect(upd).toMatchObject({ action: 'update', before: { programme: [a.id], filmId: a.id }, after: { programme: [b.id, a.id], filmId: b.id, filmTitle: '种子的故事' } });
    expect(upd.after.films.map((f: { title: string }) => f.title)).toEqual(['种子的故事', '喜盈门']);
  });

  it('when a user is created, the log holds no password or hash', async () => {
    const admin = await app.newUser('admin');
    const created = await admin.post('/api/users').send({ username: 'audited', password: 'long enough', role: 'bureau' });
    const res = await history('user', created.body.id);
    expect(res.body.items).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toMatch(/long enough|argon2/);
  });

  it('when a refused change is answered, nothing is logged', async () => {
    await app.make.township({ code: '530423777' });
    const other = await app.make.township();
    expect((await app.as.bureau.patch(`/api/townships/${other.id}`).send({ code: '530423777' })).status).toBe(409);
    expect((await history('township', other.id)).body.total).toBe(0);
    expect(await app.db('townships').where({ id: other.id }).first('code')).toEqual({ code: null });
  });

  it('when the entity filter is unknown, it answers 400 naming entity', async () => {
    expectProblem(await app.as.bureau.get('/api/audit').query({ entity: 'planet' }), 400, ['entity']);
  });
});
