import { beforeAll, describe, expect, it } from 'vitest';
import { demoSignIns, isEmpty, seedDemo } from '../../server/demo/seed.js';
import { useApp } from '../helpers/api.js';

// The newcomer's path: the demo data on an empty database, a demo sign-in, the 77 Tonghai units.

const app = useApp();
beforeAll(async () => {
  expect(await isEmpty(app.db)).toBe(true);
  await seedDemo(app.db, app.config);
}, 120_000);

describe('the demo county', () => {
  it('when a demo user signs in, it lists the 77 administrative units of Tonghai in 9 townships', async () => {
    const bureau = demoSignIns.find((s) => s.role === 'bureau')!;
    const session = await app.http.post('/api/session').send({ username: bureau.username, password: bureau.password });
    expect(session.status).toBe(201);
    const auth = { Authorization: `Bearer ${session.body.token}` };
    const units = await app.http.get('/api/villages').query({ kind: 'administrative', limit: 1000 }).set(auth);
    expect(units.body.total).toBe(77);
    expect(units.body.items.every((v: { positionApproximate: boolean }) => v.positionApproximate)).toBe(true);
    expect((await app.http.get('/api/townships').set(auth)).body.total).toBe(9);
  });

  it('every demo role can sign in', async () => {
    for (const s of demoSignIns) {
      const res = await app.http.post('/api/session').send({ username: s.username, password: s.password });
      expect(res.body.user?.role, s.username).toBe(s.role);
    }
  });

  it('when seeded, the database is no longer empty, so a restart does not seed twice', async () => {
    expect(await isEmpty(app.db)).toBe(false);
  });
});
