import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ensureAdmin } from '../../server/accounts/users.js';

// ADMIN_USERNAME / ADMIN_PASSWORD create that admin on start when no admin exists.

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('the bootstrap admin', () => {
  it('when no admin exists, it is created and can sign in and manage users', async () => {
    expect(await ensureAdmin(t.db, { username: 'root', password: 'first-password' })).toBe(true);
    const res = await t.http.post('/api/session').send({ username: 'root', password: 'first-password' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: 'root', role: 'admin', partnerId: null });
    expect((await t.http.get('/api/users').auth(res.body.token, { type: 'bearer' })).status).toBe(200);
  });

  it('when an admin exists, a second start changes nothing, not even the password', async () => {
    expect(await ensureAdmin(t.db, { username: 'other-root', password: 'second-password' })).toBe(false);
    expect(await t.db('users').where({ username: 'other-root' }).first()).toBeUndefined();
    expect((await t.http.post('/api/session').send({ username: 'root', password: 'first-password' })).status).toBe(201);
  });

  it('when nothing is configured, nobody is created', async () => {
    const before = await t.db('users').count({ n: '*' }).first();
    expect(await ensureAdmin(t.db, undefined)).toBe(false);
    expect(await t.db('users').count({ n: '*' }).first()).toEqual(before);
  });
});
