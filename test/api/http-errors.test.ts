import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

const app = useApp({ as: ['admin'] });

describe('errors every route shares', () => {
  it('when the JSON body is malformed, it answers 400 problem+json', async () => {
    const res = await app.as.admin.post('/api/townships').set('Content-Type', 'application/json').send('{"name": "秀山",');
    expectProblem(res, 400);
  });

  it('when a sign-in body is malformed JSON, it answers 400, not 401', async () => {
    expectProblem(await app.http.post('/api/session').set('Content-Type', 'application/json').send('{username'), 400);
  });

  it('when a JSON body is over 1 MB, it answers 413 problem+json', async () => {
    const res = await app.as.admin.post('/api/townships').send({ name: 'x'.repeat(1_100_000) });
    expectProblem(res, 413);
  });

  it('when a JSON body is just under 1 MB, it is read (and refused on its merits, 400)', async () => {
    const res = await app.as.admin.post('/api/townships').send({ name: 'x'.repeat(1_000_000) });
    expectProblem(res, 400, ['name']);
  });

  it('when the body is not JSON at all, it answers 415 saying JSON is what is accepted', async () => {
    const res = await app.as.admin.post('/api/townships').set('Content-Type', 'text/plain').send('name=x');
    expectProblem(res, 415, ['Content-Type']);
    expect(res.body.detail).toMatch(/application\/json/);
  });

  it('when the body is JSON null or a string, it answers 400', async () => {
    expectProblem(await app.as.admin.post('/api/films').set('Content-Type', 'application/json').send('null'), 400);
    expectProblem(await app.as.admin.post('/api/films').set('Content-Type', 'application/json').send('"film"'), 400);
  });

  it('when a signed-in client asks for an unknown /api route, it answers 404 problem+json', async () => {
    expectProblem(await app.as.admin.get('/api/nothing-here'), 404);
    expectProblem(await app.as.admin.delete('/api/films/1'), 404);
  });

  it('when an anonymous client asks for an /api path that matches no route, it answers 404, not 401', async () => {
    expectProblem(await app.http.get('/api/nothing-here'), 404);
    expectProblem(await app.http.post('/api/no/such/thing').send({}), 404);
  });

  it('when an unknown page is asked for, it answers 404 problem+json', async () => {
    expectProblem(await app.http.get('/no/such/page'), 404);
  });
});

describe('nothing a client sends causes a 500', () => {
  const ids = ['99999999999', '2147483648', 'abc', '-1', '0', '1.5', '1e3', '%20', 'x'.repeat(5000), "1'; drop table villages;--"];
  for (const resource of ['villages', 'townships', 'teams', 'films', 'partners']) {
    it(`when /api/${resource}/:id gets a bad id, it answers 400 or 404, never 500`, async () => {
      for (const id of ids) {
        const res = await app.as.admin.get(`/api/${resource}/${encodeURIComponent(id)}`);
        expect([400, 404], `${resource}/${id} → ${res.status}`).toContain(res.status);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
      }
    });
  }

  it('when an id is written as hex, exponent, decimal, signed or padded, it answers 400 rather than finding a record', async () => {
    const [v] = await app.db('townships').insert({ name: '十六' }).returning('id');
    expect((await app.as.admin.get(`/api/townships/${v.id}`)).status).toBe(200);
    for (const id of [`0x${v.id.toString(16)}`, `${v.id}e0`, `${v.id}.0`, `+${v.id}`, ` ${v.id}`]) {
      expectProblem(await app.as.admin.get(`/api/townships/${encodeURIComponent(id)}`), 400, ['id']);
    }
    expectProblem(await app.as.admin.get('/api/villages').query({ townshipId: `0x${v.id.toString(16)}` }), 400, ['townshipId']);
  });

  it('when a time lies outside the years a screening can have, it answers 400 naming it, never 500', async () => {
    const [ts] = await app.db('townships').insert({ name: '时' }).returning('id');
    for (const retiredAt of ['9999-12-31T23:59:59-12:00', '0001-01-01T00:00Z', '0000-01-01', '1969-12-31']) {
      const res = await app.as.admin.post('/api/villages').send({ name: 'x', townshipId: ts.id, kind: 'administrative', lat: 1, lng: 1, retiredAt });
      expectProblem(res, 400, ['retiredAt']);
    }
  });

  it('when a patch or delete gets a bad id, it answers 400, never 500', async () => {
    for (const id of ['99999999999', 'abc', '-1']) {
      expect((await app.as.admin.patch(`/api/villages/${id}`).send({ name: 'x' })).status).toBe(400);
      expect((await app.as.admin.delete(`/api/townships/${id}`)).status).toBe(400);
    }
  });

  it('when query parameters are out of range, repeated or huge, it answers 400, never 500', async () => {
    const queries = ['townshipId=99999999999', 'limit=1e400', 'offset=99999999999999999999', 'q=' + 'x'.repeat(5000), 'kind=natural&kind=administrative', 'townshipId[]=1', 'limit=', 'offset=NaN'];
    for (const q of queries) {
      const res = await app.as.admin.get(`/api/villages?${q}`);
      expect([200, 400], `${q} → ${res.status}`).toContain(res.status);
    }
  });

  it('when body values are huge, odd types or deeply nested, it answers 400, never 500', async () => {
    const bodies: object[] = [
      { name: 'x', townshipId: 99999999999, kind: 'administrative', lat: 1, lng: 1 },
      { name: 'x', townshipId: 1, kind: 'administrative', lat: 1e308, lng: 1 },
      { name: { $gt: '' }, townshipId: [1], kind: null, lat: true, lng: {} },
      { name: 'x', townshipId: 1, kind: 'administrative', lat: 1, lng: 1, retiredAt: '99999-01-01' },
      { name: 'x', townshipId: 1, kind: 'administrative', lat: 1, lng: 1, retiredAt: '0000-00-00T25:61' },
      { name: 'x', townshipId: 1, kind: 'administrative', lat: 1, lng: 1, code: 12 },
      { name: 'x', townshipId: 1, kind: 'natural', parentId: 99999999999, lat: 1, lng: 1 },
      { a: { b: { c: { d: { e: { f: [[[[[[]]]]]] } } } } } },
      { name: 'x'.repeat(200_000), townshipId: 1, kind: 'administrative', lat: 1, lng: 1 },
    ];
    for (const body of bodies) {
      const res = await app.as.admin.post('/api/villages').send(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
  });

  it('when a body carries __proto__ or constructor keys, it answers 400 naming them as unknown', async () => {
    const res = await app.as.admin.post('/api/partners').set('Content-Type', 'application/json').send('{"name": "x", "__proto__": {"admin": true}, "constructor": {}}');
    expectProblem(res, 400, ['__proto__', 'constructor']);
    expect(res.body.errors.map((e: { message: string }) => e.message)).toEqual(['unknown field', 'unknown field']);
  });

  it('when a text field or a query holds U+0000, it answers 400 naming that field', async () => {
    expectProblem(await app.as.admin.post('/api/townships').send({ name: 'a\u0000b' }), 400, ['name']);
    expectProblem(await app.as.admin.post('/api/films').send({ title: 'a\u0000b', category: 'docu' }), 400, ['category', 'title']);
    expectProblem(await app.as.admin.get('/api/villages?q=%00'), 400, ['q']);
  });

  it('when a film or user gets odd values, it answers 400, never 500', async () => {
    expect((await app.as.admin.post('/api/films').send({ title: 'x', category: 'feature', minutes: 99999999999 })).status).toBe(400);
    expect((await app.as.admin.post('/api/users').send({ username: 'abc', password: 'x'.repeat(100_000), role: 'admin' })).status).toBe(400);
    expect((await app.as.admin.post('/api/users').send({ username: 'abc', password: 'long enough', role: 'partner', partnerId: 99999999999 })).status).toBe(400);
    expect((await app.as.admin.post('/api/teams').send({ name: 'x', partnerId: 1, baseVillageId: -3 })).status).toBe(400);
  });

  it('when a bearer token or cookie is garbage, it answers 401, never 500', async () => {
    for (const header of ['Bearer ', 'Bearer x y', 'Basic abc', 'Bearer ' + 'x'.repeat(10_000), 'Bearer %%%']) {
      expect((await app.http.get('/api/films').set('Authorization', header)).status).toBe(401);
    }
    expect((await app.http.get('/api/films').set('Cookie', 'film2131_session=%E0%A4%A')).status).toBe(401);
  });

  it('when a sign-in has odd types, it answers 400, never 500', async () => {
    for (const body of [{ username: ['a'], password: 'x' }, { username: 'a', password: 12 }, { username: 'x'.repeat(10_000), password: 'x' }]) {
      expect((await app.http.post('/api/session').send(body)).status).toBe(400);
    }
  });
});
