import { describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// Each server keeps who a token is in memory (server/auth/session-cache.ts) while the database's
// sessions counter stands: every change is seen by the next request, on every server, whoever
// wrote it. Each test first has the token kept (a request that succeeds), then changes it.
const app = useApp();

describe('a session kept in memory', () => {
  it('is refused by every server from the moment it is signed out on one', async () => {
    const other = app.withEnv({}); // a second server on the same database
    const u = await app.newUser('bureau');
    expect((await app.http.get('/api/session').set(u.auth)).status).toBe(200);
    expect((await other.get('/api/session').set(u.auth)).status).toBe(200);
    expect((await other.get('/api/coverage').set(u.auth)).status).toBe(200);
    expect((await app.http.delete('/api/session').set(u.auth)).status).toBe(204);
    expectProblem(await other.get('/api/session').set(u.auth), 401);
    expectProblem(await other.get('/api/coverage').set(u.auth), 401);
    expectProblem(await app.http.get('/api/coverage/statuses').set(u.auth), 401);
  });

  it('follows what is written straight to the database: a revocation, an account disabled, a changed name, a session expired', async () => {
    const [a, b, c, d] = [await app.newUser('bureau'), await app.newUser('bureau'), await app.newUser('bureau'), await app.newUser('bureau')];
    for (const u of [a, b, c, d]) expect((await app.http.get('/api/session').set(u.auth)).status).toBe(200);

    await app.db('sessions').where({ user_id: a.id }).update({ revoked_at: app.db.fn.now() });
    expectProblem(await app.http.get('/api/coverage').set(a.auth), 401);

    await app.db('users').where({ id: b.id }).update({ disabled_at: app.db.fn.now() });
    expectProblem(await app.http.get('/api/session').set(b.auth), 401);

    await app.db('users').where({ id: c.id }).update({ username: `renamed-${c.id}` });
    expect((await app.http.get('/api/session').set(c.auth)).body.user).toMatchObject({ id: c.id, username: `renamed-${c.id}` });

    await app.db('sessions').where({ user_id: d.id }).update({ expires_at: app.db.raw(`now() - interval '1 second'`) });
    expectProblem(await app.http.get('/api/session').set(d.auth), 401);
  });

  it('ends at its expiry with nothing written meanwhile', async () => {
    const u = await app.newUser('bureau');
    const { token } = await createSession(app.db, u.id, 1.5 / 3600); // lasts 1.5 s
    expect((await app.http.get('/api/session').set(bearer(token))).status).toBe(200);
    expect((await app.http.get('/api/session').set(bearer(token))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expectProblem(await app.http.get('/api/session').set(bearer(token)), 401);
  });
});
