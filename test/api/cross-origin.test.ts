import { describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// A browser sends the cookie with any request to us, whoever made the page: a cookie-borne write
// must come from our own origin. Bearer tokens are never sent by a browser on its own.

const app = useApp({ as: ['bureau'] });
const cookie = () => `film2131_session=${app.as.bureau.token}`;

const write = () => app.http.post('/api/partners').set('Host', 'film.example:3000').send({ name: `P${Math.random()}` });

describe('cookie writes across origins', () => {
  it('when a cookie write comes from another origin, it answers 403 and writes nothing', async () => {
    const before = await app.db('partners').count({ n: '*' }).first();
    expectProblem(await write().set('Cookie', cookie()).set('Origin', 'https://evil.example'), 403);
    expect(await app.db('partners').count({ n: '*' }).first()).toEqual(before);
  });

  it('when a cookie write carries no Origin and no Sec-Fetch-Site, it answers 403', async () => {
    expectProblem(await write().set('Cookie', cookie()), 403);
  });

  it('when a cookie write says Sec-Fetch-Site: cross-site, it answers 403', async () => {
    expectProblem(await write().set('Cookie', cookie()).set('Sec-Fetch-Site', 'cross-site'), 403);
  });

  it('when a cookie write carries Origin null, it answers 403', async () => {
    expectProblem(await write().set('Cookie', cookie()).set('Origin', 'null'), 403);
  });

  it('when the Origin differs only in port, it answers 403', async () => {
    expectProblem(await write().set('Cookie', cookie()).set('Origin', 'http://film.example:4000'), 403);
  });

  it('when a cookie write has an Origin matching Host, it passes', async () => {
    expect((await write().set('Cookie', cookie()).set('Origin', 'http://film.example:3000')).status).toBe(201);
  });

  it('when a cookie write says Sec-Fetch-Site: same-origin, it passes', async () => {
    expect((await write().set('Cookie', cookie()).set('Sec-Fetch-Site', 'same-origin')).status).toBe(201);
  });

  it('when a write uses a bearer token, no Origin is needed', async () => {
    expect((await write().set(app.as.bureau.auth).set('Origin', 'https://elsewhere.example')).status).toBe(201);
  });

  it('when a cookie read comes from another origin, it is answered (reads change nothing)', async () => {
    expect((await app.http.get('/api/partners').set('Cookie', cookie()).set('Origin', 'https://evil.example')).status).toBe(200);
  });

  it('when a cross-origin cookie write patches or deletes, it answers 403 too', async () => {
    const [ts] = await app.db('townships').insert({ name: '跨域' }).returning('id');
    expectProblem(await app.http.patch(`/api/townships/${ts.id}`).set('Cookie', cookie()).set('Origin', 'https://evil.example').send({ name: 'x' }), 403);
    expectProblem(await app.http.delete(`/api/townships/${ts.id}`).set('Cookie', cookie()).set('Origin', 'https://evil.example'), 403);
    expect(await app.db('townships').where({ id: ts.id }).first()).toMatchObject({ name: '跨域' });
  });
});

describe('cookie writes behind a reverse proxy', () => {
  it('when TRUST_PROXY is set, the Origin is matched against X-Forwarded-Host', async () => {
    const res = await app
      .withEnv({ TRUST_PROXY: '1' })
      .post('/api/partners')
      .set({ Cookie: cookie(), Host: '127.0.0.1:3000', 'X-Forwarded-Host': 'film.example', Origin: 'https://film.example' })
      .send({ name: 'behind a proxy' });
    expect(res.status).toBe(201);
  });

  it('when TRUST_PROXY is not set, a forwarded host is ignored', async () => {
    const res = await app.http
      .post('/api/partners')
      .set({ Cookie: cookie(), Host: '127.0.0.1:3000', 'X-Forwarded-Host': 'evil.example', Origin: 'https://evil.example' })
      .send({ name: 'forged' });
    expectProblem(res, 403);
  });
});
