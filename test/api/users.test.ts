import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords.js';
import { expectProblem, useApp } from '../helpers/api.js';

const app = useApp({ as: ['admin'] });
let partnerId: number;
beforeAll(async () => {
  partnerId = (await app.make.partner()).id;
});

const post = (body: object) => app.as.admin.post('/api/users').send(body);

describe('users', () => {
  it('when the admin creates a partner user, it is answered without the password and stored argon2id-hashed', async () => {
    const res = await post({ username: 'li.wei', password: 'correct horse', role: 'partner', partnerId });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), username: 'li.wei', role: 'partner', partnerId, areaId: null, teamId: null, disabled: false, passwordChangedAt: expect.stringMatching(/\+08:00$/) });
    const row = await app.db('users').where({ id: res.body.id }).first();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, 'correct horse')).toBe(true);
  });

  it('when the new user signs in, the session names its role and partner', async () => {
    await post({ username: 'zhang.min', password: 'correct horse', role: 'partner', partnerId });
    const res = await app.http.post('/api/session').send({ username: 'zhang.min', password: 'correct horse' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ username: 'zhang.min', role: 'partner', partnerId });
  });

  const bad: [string, object, string[]][] = [
    ['the username is empty', { username: '' }, ['username']],
    ['the username is too long', { username: 'x'.repeat(51) }, ['username']],
    ['the username has a space', { username: 'li wei' }, ['username']],
    ['the password is shorter than 8', { password: 'short' }, ['password']],
    ['the role is unknown', { role: 'root' }, ['role']],
    ['a partner user has no partnerId', { role: 'partner', partnerId: undefined }, ['partnerId']],
    ['a bureau user has a partnerId', { role: 'bureau', partnerId: 1 }, ['partnerId']],
    ['partnerId is not an id', { role: 'partner', partnerId: 'acme' }, ['partnerId']],
    ['a field is unknown', { email: 'a@b.c' }, ['email']],
  ];
  for (const [when, change, paths] of bad) {
    it(`when ${when}, it answers 400 naming ${paths.join(', ')}`, async () => {
      expectProblem(await post({ username: 'wang.fang', password: 'long enough', role: 'bureau', ...change }), 400, paths);
    });
  }

  it('when the partner does not exist, it answers 400 naming partnerId', async () => {
    expectProblem(await post({ username: 'nobody.p', password: 'long enough', role: 'partner', partnerId: 424242 }), 400, ['partnerId']);
  });

  it('when the username is taken in another letter case, it answers 409 naming username', async () => {
    await post({ username: 'Chen.Jing', password: 'long enough', role: 'bureau' });
    expectProblem(await post({ username: 'chen.jing', password: 'long enough', role: 'bureau' }), 409, ['username']);
  });

  it('when the list is filtered by role, only that role is listed, with a total', async () => {
    const res = await app.as.admin.get('/api/users').query({ role: 'partner' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((u: { role: string }) => u.role === 'partner')).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password_hash|"password"/);
  });
});
