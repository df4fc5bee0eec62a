import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

const app = useApp();
let userId: number;
beforeAll(async () => {
  [{ id: userId }] = await app.db('users').insert({ username: 'Liu.Yang', password_hash: await hashPassword('s3cret-pass'), role: 'bureau' }).returning('id');
});

const signIn = (username = 'Liu.Yang', password = 's3cret-pass') => app.http.post('/api/session').send({ username, password });
const cookieOf = (res: { headers: Record<string, unknown> }) => ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('film2131_session='));

describe('signing in and out', () => {
  it('when the password is right, it sets an httpOnly SameSite cookie and answers token and user', async () => {
    const res = await signIn();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token: expect.any(String), user: { id: userId, username: 'Liu.Yang', role: 'bureau', partnerId: null } });
    const cookie = cookieOf(res);
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).toContain(`film2131_session=${res.body.token}`);
  });

  it('when the username differs only in letter case, it still signs in', async () => {
    expect((await signIn('liu.yang')).status).toBe(201);
  });

  it('when signed in, the token works as a bearer and as the cookie', async () => {
    const { body } = await signIn();
    expect((await app.http.get('/api/session').set(bearer(body.token))).body.user).toMatchObject({ id: userId, role: 'bureau' });
    expect((await app.http.get('/api/films').set('Cookie', `film2131_session=${body.token}`)).status).toBe(200);
  });

  it('the token is stored only as a digest', async () => {
    const { body } = await signIn();
    const rows: { token_hash: Uint8Array }[] = await app.db('sessions').where({ user_id: userId });
    const digest = createHash('sha256').update(body.token).digest();
    expect(rows.filter((r) => Buffer.from(r.token_hash).equals(digest))).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(body.token);
  });

  it('when the password is wrong, it answers 401 and sets no cookie', async () => {
    const res = await signIn('Liu.Yang', 'wrong-pass');
    expectProblem(res, 401);
    expect(cookieOf(res)).toBeUndefined();
    expect(res.body).not.toHaveProperty('token');
  });

  it('when the user is unknown, it answers the same 401 as a wrong password', async () => {
    const unknown = await signIn('nobody-here', 'whatever1');
    const wrong = await signIn('Liu.Yang', 'whatever1');
    expectProblem(unknown, 401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('when the username or password is missing, it answers 400 naming them', async () => {
    expectProblem(await app.http.post('/api/session').send({}), 400, ['username', 'password']);
  });

  it('a session lasts SESSION_TTL_HOURS (12 by default), and the cookie expires with it', async () => {
    const res = await signIn();
    const expires = new Date(res.body.expiresAt).getTime();
    expect(Math.abs(expires - (Date.now() + 12 * 3_600_000))).toBeLessThan(60_000);
    const cookieExpiry = /Expires=([^;]+)/i.exec(cookieOf(res) ?? '')?.[1];
    expect(Math.abs(new Date(cookieExpiry ?? 0).getTime() - expires)).toBeLessThan(2000);
  });

  it('when the session has expired, the token answers 401', async () => {
    const { body } = await signIn();
    expect((await app.http.get('/api/films').set(bearer(body.token))).status).toBe(200);
    await app.db('sessions').where({ user_id: userId }).update({ expires_at: new Date(Date.now() - 1000) });
    expectProblem(await app.http.get('/api/films').set(bearer(body.token)), 401);
  });

  it('when signed out, the token answers 401 and the cookie is cleared', async () => {
    const { body } = await signIn();
    const out = await app.http.delete('/api/session').set(bearer(body.token));
    expect(out.status).toBe(204);
    expect(cookieOf(out)).toMatch(/film2131_session=;|Expires=Thu, 01 Jan 1970/);
    expectProblem(await app.http.get('/api/films').set(bearer(body.token)), 401);
    expectProblem(await app.http.get('/api/session').set(bearer(body.token)), 401);
  });

  it('when one session signs out, another session of the same user stays live', async () => {
    const a = (await signIn()).body.token;
    const b = (await signIn()).body.token;
    await app.http.delete('/api/session').set(bearer(a));
    expect((await app.http.get('/api/films').set(bearer(b))).status).toBe(200);
  });

  it('when signed out by cookie from our own page, the cookie session is revoked', async () => {
    const { body } = await signIn();
    const cookie = `film2131_session=${body.token}`;
    const out = await app.http.delete('/api/session').set('Cookie', cookie).set('Origin', 'http://film.example').set('Host', 'film.example');
    expect(out.status).toBe(204);
    expectProblem(await app.http.get('/api/films').set('Cookie', cookie), 401);
  });

  it('when no token is sent, it answers 401 with a WWW-Authenticate challenge', async () => {
    const res = await app.http.get('/api/villages');
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });
});
