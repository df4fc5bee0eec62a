import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { createSession, findSessionUser, pruneSessions, revokeUserSessions } from '../../server/auth/sessions.js';

let t: TestApp;
let userId: number;
beforeAll(async () => {
  t = await testApp();
  [{ id: userId }] = await t.db('users').insert({ username: 'pruned', password_hash: 'x', role: 'bureau' }).returning('id');
});
afterAll(() => t.close());

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

describe('session housekeeping', () => {
  it('when sessions died more than a day ago, pruning removes them and keeps live and freshly dead ones', async () => {
    const live = await createSession(t.db, userId, 1);
    const oldExpired = await createSession(t.db, userId, 1);
    const oldRevoked = await createSession(t.db, userId, 1);
    const freshExpired = await createSession(t.db, userId, 1);
    const ids = (await t.db('sessions').where({ user_id: userId }).orderBy('id').pluck('id')) as number[];
    const [liveId, oldExpiredId, oldRevokedId, freshExpiredId] = ids;
    await t.db('sessions').where({ id: oldExpiredId }).update({ expires_at: daysAgo(2) });
    await t.db('sessions').where({ id: oldRevokedId }).update({ revoked_at: daysAgo(2) });
    await t.db('sessions').where({ id: freshExpiredId }).update({ expires_at: daysAgo(0.5) });

    expect(await pruneSessions(t.db)).toBe(2);
    expect(((await t.db('sessions').where({ user_id: userId }).orderBy('id').pluck('id')) as number[])).toEqual([liveId, freshExpiredId]);
    expect(await findSessionUser(t.db, live.token)).toMatchObject({ id: userId });
    expect(await findSessionUser(t.db, oldExpired.token)).toBeUndefined();
    expect(await findSessionUser(t.db, oldRevoked.token)).toBeUndefined();
    expect(await findSessionUser(t.db, freshExpired.token)).toBeUndefined();
  });

  it('when all sessions of a user are revoked, none of its tokens works', async () => {
    const a = await createSession(t.db, userId, 1);
    const b = await createSession(t.db, userId, 1);
    await revokeUserSessions(t.db, userId);
    expect(await findSessionUser(t.db, a.token)).toBeUndefined();
    expect(await findSessionUser(t.db, b.token)).toBeUndefined();
  });
});
