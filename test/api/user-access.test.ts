import { describe, expect, it } from 'vitest';
import { users } from '../../server/accounts/service.js';
import { verifyPassword } from '../../server/auth/passwords.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// PATCH /api/users/:id: the admin resets a password, disables and enables an account.

const app = useApp({ as: ['admin', 'bureau'] });

/** A user made through the API, so its password is known, and signed in. */
async function account(role: 'admin' | 'bureau' | 'partner' = 'bureau') {
  const partnerId = role === 'partner' ? (await app.make.partner()).id : null;
  const username = `u${Math.random().toString(36).slice(2, 9)}`;
  const password = 'first-password';
  const made = await app.as.admin.post('/api/users').send({ username, password, role, partnerId });
  expect(made.status).toBe(201);
  const session = await app.http.post('/api/session').send({ username, password });
  expect(session.status).toBe(201);
  return { id: made.body.id as number, username, password, token: session.body.token as string, created: made.body };
}

const patch = (id: number, body: object) => app.as.admin.patch(`/api/users/${id}`).send(body);
const signIn = (username: string, password: string) => app.http.post('/api/session').send({ username, password });
const stillIn = async (token: string) => (await app.http.get('/api/session').set(bearer(token))).status;

describe('resetting a password', () => {
  it('when the admin sets a new password, the old one no longer signs in, the new one does, and the user is signed out', async () => {
    const u = await account();
    const res = await patch(u.id, { password: 'second-password' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: u.id, username: u.username, role: 'bureau', disabled: false });
    expect(Date.parse(res.body.passwordChangedAt)).toBeGreaterThan(Date.parse(u.created.passwordChangedAt));
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|second-password/);
    expect(await stillIn(u.token)).toBe(401);
    expectProblem(await signIn(u.username, u.password), 401);
    expect((await signIn(u.username, 'second-password')).status).toBe(201);
    const row = await app.db('users').where({ id: u.id }).first();
    expect(await verifyPassword(row.password_hash, 'second-password')).toBe(true);
  });

  it('when the admin resets their own password, their session goes on', async () => {
    const me = await account('admin');
    const res = await app.http.patch(`/api/users/${me.id}`).set(bearer(me.token)).send({ password: 'my-new-password' });
    expect(res.status).toBe(200);
    expect(await stillIn(me.token)).toBe(200);
  });

  const bad: [string, object, string[]][] = [
    ['the password is shorter than 8', { password: 'short' }, ['password']],
    ['the password is longer than 200', { password: 'x'.repeat(201) }, ['password']],
    ['disabled is not true or false', { disabled: 'yes' }, ['disabled']],
    ['a field is unknown', { role: 'admin' }, ['role']],
  ];
  for (const [when, body, paths] of bad) {
    it(`when ${when}, it answers 400 naming ${paths.join(', ')} and changes nothing`, async () => {
      const u = await account();
      const before = await app.db('users').where({ id: u.id }).first();
      expectProblem(await patch(u.id, body), 400, paths);
      expect(await app.db('users').where({ id: u.id }).first()).toEqual(before);
      expect(await stillIn(u.token)).toBe(200);
    });
  }

  it('when the id is unknown, it answers 404', async () => {
    expectProblem(await patch(424242, { password: 'long enough' }), 404);
  });

  it('when the bureau tries it, it answers 403 and the password stays', async () => {
    const u = await account();
    expectProblem(await app.as.bureau.patch(`/api/users/${u.id}`).send({ password: 'bureau-choice' }), 403);
    expect((await signIn(u.username, u.password)).status).toBe(201);
  });
});

describe('disabling a user', () => {
  it('when the admin disables a user, their sessions end at once and the right password gets a 401 saying the account is disabled', async () => {
    const u = await account('partner');
    const other = await signIn(u.username, u.password);
    const res = await patch(u.id, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: u.id, disabled: true });
    expect(await stillIn(u.token)).toBe(401);
    expect(await stillIn(other.body.token)).toBe(401);
    expect((await app.http.get('/api/teams').set(bearer(u.token))).status).toBe(401);

    const refused = await signIn(u.username, u.password);
    expectProblem(refused, 401);
    expect(refused.body.type).toMatch(/\/account-disabled$/);
    expect(refused.body.detail).toMatch(/disabled/);
    expect(refused.headers['set-cookie']).toBeUndefined();
    // A wrong password learns nothing about the account.
    const wrong = await signIn(u.username, 'not-the-password');
    expectProblem(wrong, 401);
    expect(wrong.body.type).not.toMatch(/account-disabled/);
    expect(wrong.body.detail).not.toMatch(/disabled/);
  });

  it('when the admin enables the user again, the password signs in again', async () => {
    const u = await account();
    await patch(u.id, { disabled: true });
    const res = await patch(u.id, { disabled: false });
    expect(res.body.disabled).toBe(false);
    expect((await signIn(u.username, u.password)).status).toBe(201);
  });

  it('when the list is read, it shows who is disabled', async () => {
    const u = await account();
    await patch(u.id, { disabled: true });
    const list = await app.as.admin.get('/api/users').query({ role: 'bureau', limit: 1000 });
    const shown = list.body.items.find((x: { id: number }) => x.id === u.id);
    expect(shown).toMatchObject({ username: u.username, disabled: true });
    expect(list.body.items.some((x: { disabled: boolean }) => x.disabled === false)).toBe(true);
  });

  it('when the admin disables their own account, it answers 409 naming disabled, and they stay signed in', async () => {
    const me = await account('admin');
    expectProblem(await app.http.patch(`/api/users/${me.id}`).set(bearer(me.token)).send({ disabled: true }), 409, ['disabled']);
    expect(await stillIn(me.token)).toBe(200);
    expect((await app.db('users').where({ id: me.id }).first()).disabled_at).toBeNull();
  });

  it('when the admin to disable is the last one who can sign in, it answers 409 naming disabled', async () => {
    const caller = await account('admin');
    const last = await account('admin');
    // Every other admin disabled behind the API's back, the caller's own account too: `last` is the only one left.
    await app.db('users').where({ role: 'admin' }).whereNot({ id: last.id }).update({ disabled_at: app.db.fn.now() });
    try {
      const asCaller = { db: app.db, user: { id: caller.id, username: caller.username, role: 'admin' as const, partnerId: null, teamId: null, areaId: null, counties: null }, zone: app.config.timezone };
      await expect(users.update(asCaller, last.id, { disabled: true })).rejects.toMatchObject({ status: 409, errors: [{ path: 'disabled' }] });
      expect((await app.db('users').where({ id: last.id }).first()).disabled_at).toBeNull();
    } finally {
      await app.db('users').where({ role: 'admin' }).update({ disabled_at: null });
    }
  });

  it('when two admins disable each other at once, one admin who can sign in remains', async () => {
    const a = await account('admin');
    const b = await account('admin');
    await app.db('users').where({ role: 'admin' }).whereNotIn('id', [a.id, b.id]).update({ disabled_at: app.db.fn.now() });
    try {
      const answers = await Promise.all([
        app.http.patch(`/api/users/${b.id}`).set(bearer(a.token)).send({ disabled: true }),
        app.http.patch(`/api/users/${a.id}`).set(bearer(b.token)).send({ disabled: true }),
      ]);
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of answers.filter((x) => x.status !== 200)) expect([401, 409]).toContain(r.status);
      const left = await app.db('users').whereIn('id', [a.id, b.id]).whereNull('disabled_at').select('id');
      expect(left).toHaveLength(1);
    } finally {
      await app.db('users').where({ role: 'admin' }).update({ disabled_at: null });
    }
  });
});

describe('the audit log of user changes', () => {
  it('when a password is reset and the user disabled, the log names who did it, shows the reset time and the disabling, and never a password', async () => {
    const u = await account();
    await patch(u.id, { password: 'audited-password' });
    await patch(u.id, { disabled: true });
    const log = await app.as.admin.get('/api/audit').query({ entity: 'user', id: u.id });
    expect(log.status).toBe(200);
    const [disabled, reset, created] = log.body.items;
    expect(created).toMatchObject({ action: 'create', user: { id: app.as.admin.id } });
    expect(reset).toMatchObject({ action: 'update', user: { id: app.as.admin.id }, before: { disabled: false }, after: { disabled: false } });
    expect(reset.after.passwordChangedAt).not.toBe(reset.before.passwordChangedAt);
    expect(disabled).toMatchObject({ action: 'update', before: { disabled: false }, after: { disabled: true } });
    expect(JSON.stringify(log.body)).not.toMatch(/argon2|password_hash|audited-password|first-password/);
  });
});
