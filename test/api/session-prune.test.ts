import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, findSessionUser, pruneSessions, revokeUserSessions } from '../../server/auth/sessions.js';
import { useApp } from '../helpers/api.js';

const app = useApp();
let userId: number;
beforeAll(async () => {
  [{ id: userId }] = await app.db('users').insert({ username: 'pruned', password_hash: 'x', role: 'bureau' }).returning('id');
});

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

describe('session housekeeping', () => {
  it('when sessions died more than a day ago, pruning removes them and keeps live and freshly dead ones', async () => {
    const live = await createSession(app.db, userId, 1);
    const oldExpired = await createSession(app.db, userId, 1);
    const oldRevoked = await createSession(app.db, userId, 1);
    const freshExpired = await createSession(app.db, userId, 1);
    const ids = (await app.db('sessions').where({ user_id: userId }).orderBy('id').pluck('id')) as number[];
    const [liveId, oldExpiredId, oldRevokedId, freshExpiredId] = ids;
    await app.db('sessions').where({ id: oldExpiredId }).update({ expires_at: daysAgo(2) });
    await app.db('sessions').where({ id: oldRevokedId }).update({ revoked_at: daysAgo(2) });
    await app.db('sessions').where({ id: freshExpiredId }).update({ expires_at: daysAgo(0.5) });

    expect(await pruneSessions(app.db)).toBe(2);
    expect(((await app.db('sessions').where({ user_id: userId }).orderBy('id').pluck('id')) as number[])).toEqual([liveId, freshExpiredId]);
    expect(await findSessionUser(app.db, live.token)).toMatchObject({ id: userId });
    expect(await findSessionUser(app.db, oldExpired.token)).toBeUndefined();
    expect(await findSessionUser(app.db, oldRevoked.token)).toBeUndefined();
    expect(await findSessionUser(app.db, freshExpired.token)).toBeUndefined();
  });

  it('when all sessions of a user are revoked, none of its tokens works', async () => {
    const a = await createSession(app.db, userId, 1);
    const b = await createSession(app.db, userId, 1);
    await revokeUserSessions(app.db, userId);
    expect(await findSessionUser(app.db, a.token)).toBeUndefined();
    expect(await findSessionUser(app.db, b.token)).toBeUndefined();
  });
});
