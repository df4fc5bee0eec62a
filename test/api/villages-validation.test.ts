import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

const app = useApp({ as: ['bureau'] });
let townshipId: number;
beforeAll(async () => {
  townshipId = (await app.make.township()).id;
});

const valid = () => ({ name: '秀山村', townshipId, kind: 'administrative', lat: 24.11, lng: 102.75 });
const post = (body: object) => app.as.bureau.post('/api/villages').send(body);

describe('creating a village', () => {
  it('when the body is valid, it answers 201 with the village and a Location', async () => {
    const res = await post({ ...valid(), code: '530423100201' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/villages/${res.body.id}`);
    expect(res.body).toMatchObject({ name: '秀山村', townshipId, kind: 'administrative', parentId: null, code: '530423100201', lat: 24.11, lng: 102.75, retiredAt: null });
  });

  const cases: [string, Record<string, unknown>, string[]][] = [
    ['the name is missing', { name: undefined }, ['name']],
    ['the name is blank', { name: '   ' }, ['name']],
    ['the name is longer than 100 characters', { name: '村'.repeat(101) }, ['name']],
    ['townshipId is not a number', { townshipId: 'one' }, ['townshipId']],
    ['kind is not administrative or natural', { kind: 'hamlet' }, ['kind']],
    ['the code has 11 digits', { code: '53042310020' }, ['code']],
    ['the code has 13 digits', { code: '5304231002011' }, ['code']],
    ['the code has letters', { code: '53042310020A' }, ['code']],
    ['lat is above 90', { lat: 90.0001 }, ['lat']],
    ['lat is below -90', { lat: -91 }, ['lat']],
    ['lng is above 180', { lng: 180.5 }, ['lng']],
    ['lng is below -180', { lng: -181 }, ['lng']],
    ['lat is a string', { lat: '24.1' }, ['lat']],
    ['lat and lng are both missing', { lat: undefined, lng: undefined }, ['lat', 'lng']],
    ['retiredAt is not a time', { retiredAt: 'last year' }, ['retiredAt']],
    ['retiredAt is not a real date', { retiredAt: '2026-02-30' }, ['retiredAt']],
    ['a field is unknown', { population: 1200 }, ['population']],
    ['two fields are unknown', { population: 1200, mayor: 'x' }, ['population', 'mayor']],
  ];
  for (const [when, change, paths] of cases) {
    it(`when ${when}, it answers 400 naming ${paths.join(' and ')}`, async () => {
      const res = await post({ ...valid(), ...change });
      expectProblem(res, 400, paths);
    });
  }

  it('when the township does not exist, it answers 400 naming townshipId', async () => {
    expectProblem(await post({ ...valid(), townshipId: 987654 }), 400, ['townshipId']);
  });

  it('when the body is an array, it answers 400', async () => {
    expectProblem(await app.as.bureau.post('/api/villages').send([valid()]), 400);
  });

  it('when the code is taken, it answers 409 naming code', async () => {
    await app.make.village({ code: '530423100999' });
    expectProblem(await post({ ...valid(), code: '530423100999' }), 409, ['code']);
  });

  it('when four clients create the same code at once, one gets 201 and the others 409 naming code', async () => {
    const body = { ...valid(), code: '530423100555' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(body)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of answers.filter((a) => a.status === 409)) expectProblem(r, 409, ['code']);
  });

  it('when the code is taken only by another village changing to it, PATCH answers 409 naming code', async () => {
    await app.make.village({ code: '530423100998' });
    const other = await app.make.village();
    expectProblem(await app.as.bureau.patch(`/api/villages/${other.id}`).send({ code: '530423100998' }), 409, ['code']);
  });

  it('when retiredAt has no offset, it is read in the county zone', async () => {
    const res = await post({ ...valid(), retiredAt: '2026-03-01T00:00' });
    expect(res.status).toBe(201);
    expect(res.body.retiredAt).toBe('2026-03-01T00:00:00.000+08:00');
  });

  it('when retiredAt has an offset, it is honoured and answered in the county offset', async () => {
    const res = await post({ ...valid(), retiredAt: '2026-02-28T16:00:00Z' });
    expect(res.status).toBe(201);
    expect(res.body.retiredAt).toBe('2026-03-01T00:00:00.000+08:00');
  });

  it('when a village is retired and later un-retired with null, it keeps no retiredAt', async () => {
    const created = await post({ ...valid(), retiredAt: '2026-01-01' });
    const res = await app.as.bureau.patch(`/api/villages/${created.body.id}`).send({ retiredAt: null });
    expect(res.status).toBe(200);
    expect(res.body.retiredAt).toBeNull();
  });

  it('when a patch names only the name, the code, position and retirement stay as they were', async () => {
    const created = await post({ ...valid(), code: '530423100777', retiredAt: '2026-01-01' });
    const res = await app.as.bureau.patch(`/api/villages/${created.body.id}`).send({ name: '新名' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '新名', code: '530423100777', lat: 24.11, lng: 102.75, retiredAt: created.body.retiredAt });
  });

  it('when a patch has an unknown field, it answers 400 naming it and changes nothing', async () => {
    const v = await app.make.village();
    expectProblem(await app.as.bureau.patch(`/api/villages/${v.id}`).send({ name: 'x', colour: 'red' }), 400, ['colour']);
    expect((await app.db('villages').where({ id: v.id }).first()).name).toBe(v.name);
  });

  it('when a patch moves lat out of range, it answers 400 naming lat', async () => {
    const v = await app.make.village();
    expectProblem(await app.as.bureau.patch(`/api/villages/${v.id}`).send({ lat: 120 }), 400, ['lat']);
  });

  it('when the village does not exist, GET, PATCH and DELETE answer 404', async () => {
    expectProblem(await app.as.bureau.get('/api/villages/777777'), 404);
    expectProblem(await app.as.bureau.patch('/api/villages/777777').send({ name: 'x' }), 404);
    expectProblem(await app.as.bureau.delete('/api/villages/777777'), 404);
  });
});
