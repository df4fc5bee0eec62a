import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { partner, township } from '../helpers/factories.js';
import { bearer, expectProblem } from './support.js';

let t: TestApp;
let auth: Record<string, string>;
let bureauId: number;
beforeAll(async () => {
  t = await testApp();
  const token = await t.tokenFor('bureau');
  auth = bearer(token);
  bureauId = (await t.http.get('/api/session').set(auth)).body.user.id;
});
afterAll(() => t.close());

const history = (entity: string, id: number) => t.http.get('/api/audit').query({ entity, id }).set(auth);

describe('the audit log', () => {
  it('when a village is created, changed and deleted, each step is logged newest first with before and after', async () => {
    const ts = await township(t.db);
    const created = await t.http.post('/api/villages').set(auth).send({ name: '甲村', townshipId: ts.id, kind: 'administrative', lat: 24, lng: 102 });
    const id = created.body.id;
    await t.http.patch(`/api/villages/${id}`).set(auth).send({ name: '乙村' });
    await t.http.delete(`/api/villages/${id}`).set(auth);

    const res = await history('village', id);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const [del, upd, cre] = res.body.items;
    expect(cre).toMatchObject({ entity: 'village', entityId: id, action: 'create', user: { id: bureauId }, before: null, after: { name: '甲村' } });
    expect(upd).toMatchObject({ action: 'update', before: { name: '甲村' }, after: { name: '乙村' } });
    expect(del).toMatchObject({ action: 'delete', before: { name: '乙村' }, after: null });
    expect(cre.at).toMatch(/\+08:00$/);
  });

  it('when another entity shares the id, it is not in the village history', async () => {
    const ts = await township(t.db);
    const res = await history('township', ts.id);
    expect(res.body.items.every((e: { entity: string }) => e.entity === 'township')).toBe(true);
  });

  for (const [entity, make] of [
    ['township', () => t.http.post('/api/townships').set(auth).send({ name: '审计镇' })],
    ['partner', () => t.http.post('/api/partners').set(auth).send({ name: `审计公司${Date.now()}` })],
    ['film', () => t.http.post('/api/films').set(auth).send({ title: '审计片', category: 'other' })],
  ] as const) {
    it(`when a ${entity} is created, its creation is logged`, async () => {
      const res = await make();
      expect(res.status).toBe(201);
      expect((await history(entity, res.body.id)).body.items[0]).toMatchObject({ action: 'create', after: res.body });
    });
  }

  it('when a team is changed by its partner, the change is logged with that user', async () => {
    const p = await partner(t.db);
    const asPartner = bearer(await t.tokenFor('partner', p.id));
    const created = await t.http.post('/api/teams').set(asPartner).send({ name: '审计队' });
    await t.http.patch(`/api/teams/${created.body.id}`).set(asPartner).send({ phone: '0877-1111111' });
    const [upd] = (await history('team', created.body.id)).body.items;
    expect(upd).toMatchObject({ action: 'update', before: { phone: null }, after: { phone: '0877-1111111' }, user: { username: expect.stringMatching(/^partner/) } });
  });

  it('when a user is created, the log holds no password or hash', async () => {
    const admin = bearer(await t.tokenFor('admin'));
    const created = await t.http.post('/api/users').set(admin).send({ username: 'audited', password: 'long enough', role: 'bureau' });
    const res = await history('user', created.body.id);
    expect(res.body.items).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toMatch(/long enough|argon2/);
  });

  it('when a refused change is answered, nothing is logged', async () => {
    const ts = await township(t.db, { code: '530423777' });
    const other = await township(t.db);
    expect((await t.http.patch(`/api/townships/${other.id}`).set(auth).send({ code: '530423777' })).status).toBe(409);
    expect((await history('township', other.id)).body.total).toBe(0);
    expect(ts).toBeTruthy();
  });

  it('when the entity filter is unknown, it answers 400 naming entity', async () => {
    expectProblem(await t.http.get('/api/audit').query({ entity: 'planet' }).set(auth), 400, ['entity']);
  });
});
