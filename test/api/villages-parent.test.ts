import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { township, village } from '../helpers/factories.js';
import { bearer, expectProblem } from './support.js';

// DOMAIN.md "Levels": a natural village has an administrative parent in the same township; an
// administrative village has none, and cannot become natural while it has children.

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await testApp();
  auth = bearer(await t.tokenFor('bureau'));
});
afterAll(() => t.close());

const natural = (townshipId: number, parentId: number | null | undefined) => ({ name: '小村', townshipId, kind: 'natural', parentId, lat: 24, lng: 102.7 });

describe('the parent rule', () => {
  it('when a natural village names an administrative parent of its township, it is created', async () => {
    const parent = await village(t.db);
    const res = await t.http.post('/api/villages').set(auth).send(natural(parent.township_id, parent.id));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'natural', parentId: parent.id, townshipId: parent.township_id });
  });

  it('when a natural village has no parent, it answers 400 naming parentId', async () => {
    const ts = await township(t.db);
    expectProblem(await t.http.post('/api/villages').set(auth).send(natural(ts.id, undefined)), 400, ['parentId']);
    expectProblem(await t.http.post('/api/villages').set(auth).send(natural(ts.id, null)), 400, ['parentId']);
  });

  it('when an administrative village names a parent, it answers 400 naming parentId', async () => {
    const parent = await village(t.db);
    const res = await t.http.post('/api/villages').set(auth).send({ ...natural(parent.township_id, parent.id), kind: 'administrative' });
    expectProblem(res, 400, ['parentId']);
  });

  it('when the parent is itself a natural village, it answers 400 naming parentId', async () => {
    const adm = await village(t.db);
    const nat = await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expectProblem(await t.http.post('/api/villages').set(auth).send(natural(adm.township_id, nat.id)), 400, ['parentId']);
  });

  it('when the parent lies in another township, it answers 400 naming parentId', async () => {
    const parent = await village(t.db);
    const elsewhere = await township(t.db);
    expectProblem(await t.http.post('/api/villages').set(auth).send(natural(elsewhere.id, parent.id)), 400, ['parentId']);
  });

  it('when the parent does not exist, it answers 400 naming parentId', async () => {
    const ts = await township(t.db);
    expectProblem(await t.http.post('/api/villages').set(auth).send(natural(ts.id, 888888)), 400, ['parentId']);
  });

  it('when a village is made its own parent, it answers 400 naming parentId', async () => {
    const adm = await village(t.db);
    const nat = await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expectProblem(await t.http.patch(`/api/villages/${nat.id}`).set(auth).send({ parentId: nat.id }), 400, ['parentId']);
  });

  it('when an administrative village with children is made natural, it answers 409 naming kind and changes nothing', async () => {
    const adm = await village(t.db);
    await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    const otherAdm = await village(t.db, { township_id: adm.township_id });
    const res = await t.http.patch(`/api/villages/${adm.id}`).set(auth).send({ kind: 'natural', parentId: otherAdm.id });
    expectProblem(res, 409, ['kind']);
    expect((await t.db('villages').where({ id: adm.id }).first()).kind).toBe('administrative');
  });

  it('when an administrative village with children is made natural without naming a parent, it still answers 409 naming kind', async () => {
    const adm = await village(t.db);
    await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expectProblem(await t.http.patch(`/api/villages/${adm.id}`).set(auth).send({ kind: 'natural' }), 409, ['kind']);
  });

  it('when an administrative village without children is made natural under a parent, it answers 200', async () => {
    const adm = await village(t.db);
    const otherAdm = await village(t.db, { township_id: adm.township_id });
    const res = await t.http.patch(`/api/villages/${adm.id}`).set(auth).send({ kind: 'natural', parentId: otherAdm.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'natural', parentId: otherAdm.id });
  });

  it('when a natural village is made administrative, its parent is dropped', async () => {
    const adm = await village(t.db);
    const nat = await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    const res = await t.http.patch(`/api/villages/${nat.id}`).set(auth).send({ kind: 'administrative' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'administrative', parentId: null });
  });

  it('when a parent with children moves to another township, it answers 409 naming townshipId and stays', async () => {
    const adm = await village(t.db);
    await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    const elsewhere = await township(t.db);
    expectProblem(await t.http.patch(`/api/villages/${adm.id}`).set(auth).send({ townshipId: elsewhere.id }), 409, ['townshipId']);
    expect((await t.db('villages').where({ id: adm.id }).first()).township_id).toBe(adm.township_id);
  });

  it('when a parent without children moves to another township, it answers 200', async () => {
    const adm = await village(t.db);
    const elsewhere = await township(t.db);
    const res = await t.http.patch(`/api/villages/${adm.id}`).set(auth).send({ townshipId: elsewhere.id });
    expect(res.status).toBe(200);
    expect(res.body.townshipId).toBe(elsewhere.id);
  });

  it('when a natural village moves township alone, leaving its parent behind, it answers 400 naming parentId', async () => {
    const adm = await village(t.db);
    const nat = await village(t.db, { township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    const elsewhere = await township(t.db);
    expectProblem(await t.http.patch(`/api/villages/${nat.id}`).set(auth).send({ townshipId: elsewhere.id }), 400, ['parentId']);
  });

  it('when a patch moves a village to an unknown township, it answers 400 naming townshipId', async () => {
    const adm = await village(t.db);
    expectProblem(await t.http.patch(`/api/villages/${adm.id}`).set(auth).send({ townshipId: 999999 }), 400, ['townshipId']);
  });
});
