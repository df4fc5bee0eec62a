import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// DOMAIN.md "Levels": a natural village has an administrative parent in the same township; an
// administrative village has none, and cannot become natural while it has children.

const app = useApp({ as: ['bureau'] });

const natural = (townshipId: number, parentId: number | null | undefined) => ({ name: '小村', townshipId, kind: 'natural', parentId, lat: 24, lng: 102.7 });

describe('the parent rule', () => {
  it('when a natural village names an administrative parent of its township, it is created', async () => {
    const parent = await app.make.village();
    const res = await app.as.bureau.post('/api/villages').send(natural(parent.township_id, parent.id));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'natural', parentId: parent.id, townshipId: parent.township_id });
  });

  it('when a natural village has no parent, it answers 400 naming parentId', async () => {
    const ts = await app.make.township();
    expectProblem(await app.as.bureau.post('/api/villages').send(natural(ts.id, undefined)), 400, ['parentId']);
    expectProblem(await app.as.bureau.post('/api/villages').send(natural(ts.id, null)), 400, ['parentId']);
  });

  it('when an administrative village names a parent, it answers 400 naming parentId', async () => {
    const parent = await app.make.village();
    const res = await app.as.bureau.post('/api/villages').send({ ...natural(parent.township_id, parent.id), kind: 'administrative' });
    expectProblem(res, 400, ['parentId']);
  });

  it('when the parent is itself a natural village, it answers 400 naming parentId', async () => {
    const adm = await app.make.village();
    const nat = await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expectProblem(await app.as.bureau.post('/api/villages').send(natural(adm.township_id, nat.id)), 400, ['parentId']);
  });

  it('when the parent lies in another township, it answers 400 naming parentId', async () => {
    const parent = await app.make.village();
    const elsewhere = await app.make.township();
    expectProblem(await app.as.bureau.post('/api/villages').send(natural(elsewhere.id, parent.id)), 400, ['parentId']);
  });

  it('when the parent does not exist, it answers 400 naming parentId', async () => {
    const ts = await app.make.township();
    expectProblem(await app.as.bureau.post('/api/villages').send(natural(ts.id, 888888)), 400, ['parentId']);
  });

  it('when a village is made its own parent, it answers 400 naming parentId', async () => {
    const adm = await app.make.village();
    const nat = await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expectProblem(await app.as.bureau.patch(`/api/villages/${nat.id}`).send({ parentId: nat.id }), 400, ['parentId']);
  });

  it('when an administrative village with children is made natural, it answers 409 naming kind and changes nothing', async () => {
    const adm = await app.make.village();
    await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    const otherAdm = await app.make.village({ township_id: adm.township_id });
    const res = await app.as.bureau.patch(`/api/villages/${adm.id}`).send({ kind: 'natural', parentId: otherAdm.id });
    expectProblem(res, 409, ['kind']);
    expect((await app.db('villages').where({ id: adm.id }).first()).kind).toBe('administrative');
  });

  it('when an administrative village with children is made natural without naming a parent, it still answers 409 naming kind', async () => {
    const adm = await app.make.village();
    await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    expectProblem(await app.as.bureau.patch(`/api/villages/${adm.id}`).send({ kind: 'natural' }), 409, ['kind']);
  });

  it('when an administrative village without children is made natural under a parent, it answers 200', async () => {
    const adm = await app.make.village();
    const otherAdm = await app.make.village({ township_id: adm.township_id });
    const res = await app.as.bureau.patch(`/api/villages/${adm.id}`).send({ kind: 'natural', parentId: otherAdm.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'natural', parentId: otherAdm.id });
  });

  it('when a natural village is made administrative, its parent is dropped', async () => {
    const adm = await app.make.village();
    const nat = await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    const res = await app.as.bureau.patch(`/api/villages/${nat.id}`).send({ kind: 'administrative' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'administrative', parentId: null });
  });

  it('when a parent with children moves to another township, it answers 409 naming townshipId and stays', async () => {
    const adm = await app.make.village();
    await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    const elsewhere = await app.make.township();
    expectProblem(await app.as.bureau.patch(`/api/villages/${adm.id}`).send({ townshipId: elsewhere.id }), 409, ['townshipId']);
    expect((await app.db('villages').where({ id: adm.id }).first()).township_id).toBe(adm.township_id);
  });

  it('when a parent without children moves to another township, it answers 200', async () => {
    const adm = await app.make.village();
    const elsewhere = await app.make.township();
    const res = await app.as.bureau.patch(`/api/villages/${adm.id}`).send({ townshipId: elsewhere.id });
    expect(res.status).toBe(200);
    expect(res.body.townshipId).toBe(elsewhere.id);
  });

  it('when a natural village moves township alone, leaving its parent behind, it answers 400 naming parentId', async () => {
    const adm = await app.make.village();
    const nat = await app.make.village({ township_id: adm.township_id, kind: 'natural', parent_id: adm.id });
    const elsewhere = await app.make.township();
    expectProblem(await app.as.bureau.patch(`/api/villages/${nat.id}`).send({ townshipId: elsewhere.id }), 400, ['parentId']);
  });

  it('when a patch moves a village to an unknown township, it answers 400 naming townshipId', async () => {
    const adm = await app.make.village();
    expectProblem(await app.as.bureau.patch(`/api/villages/${adm.id}`).send({ townshipId: 999999 }), 400, ['townshipId']);
  });
});
