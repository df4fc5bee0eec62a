import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../server/coverage/cache.js';
import { readEpochs } from '../../server/coverage/log.js';
import { requestRebuild } from '../../server/coverage/service.js';
import { useApp } from '../helpers/api.js';
import { screening, team, village } from '../helpers/factories.js';

// Coverage answers are kept in memory until a commit or the clock changes them
// (server/coverage/cache.ts). These tests change the data behind the API's back — plain SQL, a
// second server process, the clock — and check that no kept answer outlives what it was made from.

const app = useApp({ as: ['bureau'] });
beforeEach(() => app.setNow('2026-11-15T12:00:00'));

type Agent = ReturnType<typeof app.withEnv>;
const get = (url: string, agent: Agent = app.http) => agent.get(url).set(app.as.bureau.auth);
const totals = async (townshipId: number, agent: Agent = app.http) => {
  const res = await get(`/api/coverage?month=2026-11&townshipId=${townshipId}`, agent);
  expect(res.status).toBe(200);
  return res.body.totals;
};

async function county() {
  const ts = await app.make.township();
  const vs = [await app.make.village({ township_id: ts.id }), await app.make.village({ township_id: ts.id }), await app.make.village({ township_id: ts.id })] as const;
  return { ts, vs, tm: await app.make.team() };
}

describe('kept coverage answers', () => {
  it('a screening written with plain SQL shows in the next answer of every coverage endpoint', async () => {
    const { ts, vs, tm } = await county();
    const urls = [
      `/api/coverage?month=2026-11&townshipId=${ts.id}`,
      `/api/coverage/villages?month=2026-11&townshipId=${ts.id}`,
      `/api/coverage/villages?month=2026-11&townshipId=${ts.id}&format=csv`,
      `/api/coverage/statuses?month=2026-11&townshipId=${ts.id}`,
      `/api/coverage/year?year=2026&townshipId=${ts.id}`,
    ];
    const before = await Promise.all(urls.map((u) => get(u)));
    before.forEach((res, i) => {
      expect(res.status, urls[i]).toBe(200);
      expect(res.headers.etag, urls[i]).toMatch(/^"[\w-]+"$/);
    });
    expect((await Promise.all(urls.map((u) => get(u)))).map((r) => r.headers.etag)).toEqual(before.map((r) => r.headers.etag));
    await app.make.screening({ village_id: vs[0].id, team_id: tm.id, starts_at: '2026-11-03T19:00+08:00', status: 'completed', audience: 5 });
    const after = await Promise.all(urls.map((u) => get(u)));
    after.forEach((res, i) => {
      expect(res.status, urls[i]).toBe(200);
      expect(res.headers.etag, urls[i]).not.toBe(before[i]!.headers.etag);
    });
    expect(after[0]!.body.totals).toMatchObject({ units: 3, covered: 1, gap: 2 });
    expect(after[1]!.body.features.find((f: { id: number }) => f.id === vs[0].id).properties).toMatchObject({ status: 'covered', screenings: 1 });
    expect(after[2]!.text).toContain(',已放映,,1,');
    expect(after[3]!.body.statuses).toContain('c');
    expect(after[4]!.body.months[10]).toMatchObject({ units: 3, covered: 1 });
  });

  it('answers If-None-Match with 304 until the data changes', async () => {
    const { ts, vs, tm } = await county();
    const url = `/api/coverage?month=2026-11&townshipId=${ts.id}`;
    const etag = (await get(url)).headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(url).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    await app.make.screening({ village_id: vs[1].id, team_id: tm.id, starts_at: '2026-11-20T19:00+08:00' });
    const changed = await get(url).set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.body.totals).toMatchObject({ planned: 1, gap: 2 });
  });

  it('a change to the registry (retiring a village, renaming a township) shows at once', async () => {
    const { ts, vs } = await county();
    expect(await totals(ts.id)).toMatchObject({ units: 3 });
    await app.db('villages').where({ id: vs[2].id }).update({ retired_at: '2026-10-01T00:00+08:00' });
    expect(await totals(ts.id)).toMatchObject({ units: 2 });
    await app.db('townships').where({ id: ts.id }).update({ name: `${ts.name} renamed` });
    const res = await get(`/api/coverage?month=2026-11&townshipId=${ts.id}`);
    expect(res.body.townships[0].name).toBe(`${ts.name} renamed`);
  });

  it('planned turns overdue when now passes the start, and back when the clock is set back', async () => {
    const { ts, vs, tm } = await county();
    await app.make.screening({ village_id: vs[0].id, team_id: tm.id, starts_at: '2026-11-16T19:30+08:00' });
    await app.make.screening({ village_id: vs[1].id, team_id: tm.id, starts_at: '2026-11-25T19:30+08:00' });
    app.setNow('2026-11-16T19:29:59');
    expect(await totals(ts.id)).toMatchObject({ planned: 2, overdue: 0 });
    app.setNow('2026-11-16T19:30:00');
    expect(await totals(ts.id)).toMatchObject({ planned: 1, overdue: 1 });
    app.setNow('2026-11-20T12:00:00');
    expect(await totals(ts.id)).toMatchObject({ planned: 1, overdue: 1 });
    app.setNow('2026-11-26T12:00:00');
    expect(await totals(ts.id)).toMatchObject({ planned: 0, overdue: 2 });
    app.setNow('2026-11-16T12:00:00');
    expect(await totals(ts.id)).toMatchObject({ planned: 2, overdue: 0 });
  });

  it('a second server on the same database sees the first one’s writes', async () => {
    const { ts, vs, tm } = await county();
    const other = app.withEnv({});
    expect(await totals(ts.id, other)).toMatchObject({ covered: 0 });
    expect(await totals(ts.id)).toMatchObject({ covered: 0 });
    const partner = await app.newUser('partner', (await app.db('teams').where({ id: tm.id }).first()).partner_id);
    const created = await partner.post('/api/screenings').send({ villageId: vs[0].id, teamId: tm.id, startsAt: '2026-11-02T19:00', status: 'completed', audience: 12 });
    expect(created.status).toBe(201);
    expect(await totals(ts.id, other)).toMatchObject({ covered: 1 });
  });

  it('sends the kept bytes gzipped to a client that takes gzip, the same answer as plain', async () => {
    const { ts } = await county();
    // Enough villages for a body over the 1 kB below which nothing is compressed.
    await Promise.all(Array.from({ length: 8 }, () => app.make.village({ township_id: ts.id })));
    const url = `/api/coverage/villages?month=2026-11&townshipId=${ts.id}`;
    const plain = await get(url).set('Accept-Encoding', 'identity');
    // supertest unzips what it receives; the header says it came zipped.
    const zipped = await get(url).set('Accept-Encoding', 'gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(zipped.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-gz"`);
    expect((await get(url).set('Accept-Encoding', 'gzip').set('If-None-Match', String(zipped.headers.etag))).status).toBe(304);
    expect(zipped.body).toEqual(plain.body);
    expect(Number(zipped.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']));
  });

  it('requests that miss together share one computation', async () => {
    const cache = new AnswerCache(() => readEpochs(app.db), 1 << 20);
    let renders = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const spec = {
      key: 'k',
      depends: ['screenings' as const],
      now: app.config.now(),
      async render() {
        renders++;
        await gate;
        return { type: 'text/plain', body: 'answer' };
      },
    };
    const sent: string[] = [];
    const res = () => {
      const r = { setHeader: () => r, getHeader: () => undefined, vary: () => r, end: (b?: Buffer) => void (b && sent.push(String(b))) };
      return r;
    };
    const req = { fresh: false, headers: {}, acceptsEncodings: () => 'identity' };
    const all = Promise.all(Array.from({ length: 5 }, () => cache.send(req as never, res() as never, spec)));
    // Every request has read the counters and missed long before this; then the one computation ends.
    await new Promise((r) => setTimeout(r, 300));
    open();
    await all;
    expect(renders).toBe(1);
    expect(sent).toEqual(['answer', 'answer', 'answer', 'answer', 'answer']);
  });

  it('answers from what it keeps while the counters stand still, with or without the answer bytes kept; a rebuild request or a registry change ends it', async () => {
    // Writing with the counter's trigger switched off is the one way to change data without
    // telling the servers: what they keep then shows the old figure, which proves it is kept —
    // the month's statuses even when COVERAGE_CACHE_MB=0 keeps no answer bytes.
    const { ts, vs, tm } = await county();
    const off = app.withEnv({ COVERAGE_CACHE_MB: '0' });
    const behindTheirBack = async (villageId: number, day: string) => {
      await app.db.raw('alter table screenings disable trigger screenings_coverage_touch');
      try {
        await app.make.screening({ village_id: villageId, team_id: tm.id, starts_at: `2026-11-${day}T19:00+08:00`, status: 'completed', audience: 1 });
      } finally {
        await app.db.raw('alter table screenings enable trigger screenings_coverage_touch');
      }
    };
    expect(await totals(ts.id)).toMatchObject({ covered: 0 });
    expect(await totals(ts.id, off)).toMatchObject({ covered: 0 });
    await behindTheirBack(vs[0].id, '02');
    expect(await totals(ts.id)).toMatchObject({ covered: 0 });
    expect(await totals(ts.id, off)).toMatchObject({ covered: 0 });
    // npm run coverage:refresh: every server rebuilds.
    await requestRebuild(app.db);
    expect(await totals(ts.id)).toMatchObject({ covered: 1 });
    expect(await totals(ts.id, off)).toMatchObject({ covered: 1 });
    await behindTheirBack(vs[1].id, '05');
    expect(await totals(ts.id)).toMatchObject({ covered: 1 });
    await app.db('townships').where({ id: ts.id }).update({ name: `${ts.name}!` });
    expect(await totals(ts.id)).toMatchObject({ covered: 2 });
    expect(await totals(ts.id, off)).toMatchObject({ covered: 2 });
  });
});

describe('coverage epochs', () => {
  it('move once per committed transaction that writes a subject, and not for a rolled back one', async () => {
    const start = await readEpochs(app.db);
    const ts = await app.make.township();
    const after1 = await readEpochs(app.db);
    expect(after1).toEqual({ ...start, registry: start.registry + 1 });

    await app.db.transaction(async (trx) => {
      const v1 = await village(trx, { township_id: ts.id });
      await village(trx, { township_id: ts.id });
      const tm = await team(trx);
      await screening(trx, { village_id: v1.id, team_id: tm.id, starts_at: '2026-11-02T19:00+08:00' });
      // Inside the transaction the counters have not moved yet: they move at commit.
      expect(await readEpochs(trx)).toEqual(after1);
    });
    const after2 = await readEpochs(app.db);
    // The team written moves the sessions counter too: a projectionist's partner is its team's.
    expect(after2).toEqual({ ...after1, registry: after1.registry + 1, screenings: after1.screenings + 1, sessions: after1.sessions + 1 });

    await expect(
      app.db.transaction(async (trx) => {
        await village(trx, { township_id: ts.id });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await readEpochs(app.db)).toEqual(after2);
    expect(await app.db('coverage_touches').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });
});
