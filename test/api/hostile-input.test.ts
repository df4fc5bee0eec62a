import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// The classes of hostile input the fuzzer (test/fuzz) found answered with a 500, each closed at
// its cause: path decoding, the body parser (media types, encodings), text PostgreSQL cannot
// store, numbers JSON turns into Infinity or 0. Each answer is a 4xx problem naming what was wrong.

const app = useApp({ as: ['admin'] });
const raw = (method: 'get' | 'post' | 'patch', url: string) => app.as.admin[method](url);

describe('a path whose percent-encoding is malformed or not UTF-8', () => {
  it('is a 400 naming the path parameter, not a 500', async () => {
    for (const url of ['/api/screenings/%FF', '/api/teams/%E0%A4%A', '/api/villages/%ED%A0%80', '/api/films/%', '/api/teams/%C0%AF/calendar-link']) {
      expectProblem(await raw('get', url), 400, ['id']);
    }
    expectProblem(await raw('patch', '/api/villages/%ED%A0%80').send({ name: 'x' }), 400, ['id']);
  });

  it('where no route has a parameter there, it is a 404; outside /api too', async () => {
    expectProblem(await raw('get', '/api/%'), 404);
    expectProblem(await app.http.get('/vendor/leaflet/%ED%A0%80'), 404);
    expectProblem(await app.http.get('/%'), 404);
  });
});

describe('a body of another media type', () => {
  const body = JSON.stringify({ name: 'x' });
  it('JSON under any +json type or in any letter case is read', async () => {
    for (const type of ['application/vnd.api+json', 'application/problem+json', 'APPLICATION/JSON', 'application/json; boundary=x']) {
      const res = await app.as.admin.post('/api/partners').set('Content-Type', type).send(JSON.stringify({ name: `partner ${type}` }));
      expect(res.status, type).toBe(201);
    }
  });

  it('anything else is a 415 naming Content-Type and saying what is accepted', async () => {
    for (const type of ['*/*', 'multipart/form-data', 'multipart/form-data; boundary=x', 'text/plain', 'application/x-www-form-urlencoded']) {
      const res = await app.as.admin.post('/api/partners').set('Content-Type', type).send(body);
      expectProblem(res, 415, ['Content-Type']);
      expect(res.body.detail, type).toMatch(/application\/json/);
    }
    expectProblem(await app.as.admin.post('/api/partners').set('Content-Type', 'application/json; charset=latin1').send(body), 415, ['Content-Type']);
  });

  it('with bad credentials it is a 401 first, whatever the body', async () => {
    for (const type of ['*/*', 'multipart/form-data', 'application/json']) {
      const res = await app.http.post('/api/partners').set('Authorization', 'Bearer not-a-token').set('Content-Type', type).set('Content-Encoding', 'gzip').send('not gzip');
      expectProblem(res, 401);
    }
  });
});

describe('a compressed body', () => {
  it('is read when it inflates; a 400 naming Content-Encoding when it does not; a 415 for an unknown coding', async () => {
    const gz = zlib.gzipSync(JSON.stringify({ name: 'gzipped partner' }));
    // The bytes as they are (supertest would write a Buffer out as JSON).
    const ok = await app.as.admin.post('/api/partners').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').serialize((b: unknown) => b as string).send(gz as never);
    expect(ok.status).toBe(201);
    expect(ok.body.name).toBe('gzipped partner');
    for (const coding of ['gzip', 'deflate', 'br']) {
      expectProblem(await app.as.admin.post('/api/partners').set('Content-Type', 'application/json').set('Content-Encoding', coding).send('{"name":"plain"}'), 400, ['Content-Encoding']);
    }
    expectProblem(await app.as.admin.post('/api/partners').set('Content-Type', 'application/json').set('Content-Encoding', 'bogus').send('{"name":"x"}'), 415, ['Content-Encoding']);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('a lone UTF-16 surrogate or U+0000 is a 400 naming the field, and nothing is stored', async () => {
    const before = await app.db('partners').count({ n: '*' }).first();
    for (const text of ['"\\ud800"', '"a\\udc00b"', '"\\udbff\\udfff\\ud800"', '"\\u0000"']) {
      const res = await app.as.admin.post('/api/partners').set('Content-Type', 'application/json').send(`{"name":${text}}`);
      expectProblem(res, 400, ['name']);
    }
    expect(await app.db('partners').count({ n: '*' }).first()).toEqual(before);
    expectProblem(await raw('get', '/api/villages?q=a%00b'), 400, ['q']);
    // A well-formed pair is fine.
    expect((await app.as.admin.post('/api/partners').send({ name: '放映 😀' })).status).toBe(201);
  });
});

describe('numbers JSON reads as Infinity or 0', () => {
  it('where an integer id is expected, they are a 400 naming the field', async () => {
    for (const n of ['1e309', '-1e309', '1e-400', '-0', '1.5']) {
      const res = await app.as.admin.post('/api/villages').set('Content-Type', 'application/json').send(`{"name":"v","townshipId":${n},"kind":"administrative","lat":24,"lng":102.7}`);
      expectProblem(res, 400, ['townshipId']);
    }
    expectProblem(await app.as.admin.post('/api/films').set('Content-Type', 'application/json').send('{"title":"t","category":"feature","minutes":1e309}'), 400, ['minutes']);
  });

  it('a JSON value that is not an object is a 400 asking for an object', async () => {
    for (const text of ['12', '"text"', 'null', '[]']) expectProblem(await app.as.admin.post('/api/partners').set('Content-Type', 'application/json').send(text), 400, ['']);
  });
});
