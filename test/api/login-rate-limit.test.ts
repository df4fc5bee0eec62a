import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { expectProblem, useApp } from '../helpers/api.js';

// LOGIN_MAX_ATTEMPTS failures per username (and five times that per IP) in the window, then 429.

const app = useApp({ env: { LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_MINUTES: '15' } });
beforeAll(async () => {
  const hash = await hashPassword('right-password');
  await app.db('users').insert([
    { username: 'target', password_hash: hash, role: 'bureau' },
    { username: 'bystander', password_hash: hash, role: 'bureau' },
  ]);
});

const signIn = (username: string, password: string) => app.http.post('/api/session').send({ username, password });

describe('sign-in rate limit', () => {
  it('when a username fails 3 times, the 4th try answers 429 with Retry-After, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('target', 'wrong')).status).toBe(401);
    const res = await signIn('target', 'right-password');
    expectProblem(res, 429);
    const wait = Number(res.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
  });

  it('when one username is locked, another username can still sign in', async () => {
    expect((await signIn('bystander', 'right-password')).status).toBe(201);
  });

  it('when the username is sent in another letter case, it is the same lock', async () => {
    expectProblem(await signIn('TARGET', 'right-password'), 429);
  });

  it('when one IP fails across many usernames, it is locked after 5 × the limit', async () => {
    for (let i = 0; i < 15 - 3; i++) await signIn(`ghost${i}`, 'wrong');
    expectProblem(await signIn('bystander', 'right-password'), 429);
  });
});

describe('sign-in rate limit across servers', () => {
  it('when a username fails on one server, a second server on the same database counts those failures', async () => {
    const hash = await hashPassword('right-password');
    await app.db('users').insert({ username: 'shared', password_hash: hash, role: 'bureau' });
    // Two servers behind a proxy, each its own app over this database; the client comes from
    // another address than the suite's, so the per-address lock above does not answer first.
    const [one, two] = [app.withEnv({ TRUST_PROXY: '1' }), app.withEnv({ TRUST_PROXY: '1' })];
    const signInOn = (server: typeof one, password: string) =>
      server.post('/api/session').set('X-Forwarded-For', '203.0.113.9').send({ username: 'shared', password });
    expect((await signInOn(two, 'wrong')).status).toBe(401);
    expect((await signInOn(one, 'wrong')).status).toBe(401);
    expect((await signInOn(two, 'wrong')).status).toBe(401);
    expectProblem(await signInOn(one, 'right-password'), 429);
    expectProblem(await signInOn(two, 'right-password'), 429);
    const kept = await app.db('rate_limits').where('bucket', 'sign-in:username');
    expect(kept.length).toBeGreaterThan(0);
    expect(JSON.stringify(kept)).not.toContain('shared');
  });
});
