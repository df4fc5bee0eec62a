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

describe('the demo villagers’ voice', () => {
  const signIn = async (role: 'bureau' | 'partner') => {
    const s = demoSignIns.find((x) => x.role === role)!;
    const session = await app.http.post('/api/session').send({ username: s.username, password: s.password });
    return { Authorization: `Bearer ${session.body.token}` };
  };

  it('the county has a supervision phone; villagers asked for films this month and last, in a few dozen units', async () => {
    const bureau = await signIn('bureau');
    const county = await app.db('areas').where({ code: '530423' }).first('id');
    expect((await app.http.get(`/api/areas/${county.id}/settings`).set(bureau)).body.supervisionPhone).toMatchObject({ value: '0877-3012131', areaId: county.id });
    const month = app.config.now().setZone(app.config.timezone);
    for (const m of [month.toFormat('yyyy-MM'), month.minus({ months: 1 }).toFormat('yyyy-MM')]) {
      const res = await app.http.get(`/api/requests?month=${m}&limit=1000`).set(bureau);
      expect(res.status).toBe(200);
      const units = new Set(res.body.items.map((i: { villageId: number }) => i.villageId));
      expect(units.size, m).toBeGreaterThanOrEqual(12);
      expect(res.body.items[0].requests, m).toBeGreaterThan(1);
    }
  });

  it('the bureau lists reports of every kind and state, one of them `not_held` on a completed screening', async () => {
    const res = await app.http.get('/api/villager-reports').set(await signIn('bureau'));
    expect(res.body.total).toBe(8);
    const items: { kind: string; state: string; note: string | null; screening: { status: string } | null }[] = res.body.items;
    expect(new Set(items.map((r) => r.kind))).toEqual(new Set(['not_held', 'late', 'other']));
    expect(new Set(items.map((r) => r.state))).toEqual(new Set(['new', 'looking', 'closed']));
    expect(items.filter((r) => r.state === 'closed').every((r) => r.note)).toBe(true);
    expect(items.some((r) => r.kind === 'not_held' && r.state === 'new' && r.screening?.status === 'completed')).toBe(true);
  });
});
