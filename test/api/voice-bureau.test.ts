import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// The bureau's side of the villagers' voice (DOMAIN.md "Villagers' voice"): the requests counted
// per unit and film, the problem reports with their filters and handling, and an area's
// supervision phone inherited downward. Two counties of one province (A: 530423, B: 530402), each
// with a bureau user and a partner contracted there; the villagers' rows are written straight to
// the tables, as the public pages would have written them.

const app = useApp({ as: ['admin'], now: '2026-06-15T12:00:00' });

const ids = {} as Record<string, number>;
const auth = {} as Record<string, Record<string, string>>;

async function bureauOf(areaId: number, name: string) {
  const [u] = await app.db('users').insert({ username: name, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
  return bearer((await createSession(app.db, u.id, 1)).token);
}
const as = (who: string) => ({
  get: (url: string) => app.http.get(url).set(auth[who]!),
  patch: (url: string) => app.http.patch(url).set(auth[who]!),
  put: (url: string) => app.http.put(url).set(auth[who]!),
});
const request = (village: string, device: string, month: string, films: string[]) =>
  app.db('film_requests')
    .insert({ village_id: ids[village], device_hash: device, month, film_ids: films.map((f) => ids[f]) })
    .onConflict(['village_id', 'month', 'device_hash'])
    .merge({ film_ids: films.map((f) => ids[f]), updated_at: app.db.fn.now() });
const report = async (village: string, kind: string, createdAt: string, screening?: string) =>
  (await app.db('villager_reports').insert({ village_id: ids[village], kind, text: `${kind} at ${village}`, created_at: createdAt, screening_id: screening ? ids[screening] : null }).returning('id'))[0].id as number;

beforeAll(async () => {
  const [province] = await app.db('areas').insert({ code: '53', name: '云南省' }).returning('id');
  const [prefecture] = await app.db('areas').insert({ code: '5304', name: '玉溪市' }).returning('id');
  const [countyA] = await app.db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
  const [countyB] = await app.db('areas').insert({ code: '530402', name: '红塔区' }).returning('id');
  Object.assign(ids, { province: province.id, prefecture: prefecture.id, countyA: countyA.id, countyB: countyB.id });
  const tA = await app.make.township({ county_id: countyA.id, name: 'TA' });
  const tB = await app.make.township({ county_id: countyB.id, name: 'TB' });
  ids.a1 = (await app.make.village({ township_id: tA.id, name: 'Ua1' })).id;
  ids.a2 = (await app.make.village({ township_id: tA.id, name: 'Ua2' })).id;
  ids.n1 = (await app.make.village({ township_id: tA.id, name: 'Na1', kind: 'natural', parent_id: ids.a1 })).id;
  ids.b1 = (await app.make.village({ township_id: tB.id, name: 'Ub1' })).id;
  ids.alpha = (await app.make.film({ title: 'Alpha' })).id;
  ids.beta = (await app.make.film({ title: 'Beta' })).id;
  ids.gamma = (await app.make.film({ title: 'Gamma' })).id;

  const partnerA = await app.newUser('partner');
  const partnerB = await app.newUser('partner');
  await app.db('contracts').insert([
    { partner_id: partnerA.partnerId, county_id: countyA.id, from_month: '2026-01' },
    { partner_id: partnerB.partnerId, county_id: countyB.id, from_month: '2026-01' },
  ]);
  auth.partnerA = partnerA.auth;
  auth.partnerB = partnerB.auth;
  auth.admin = app.as.admin.auth;
  auth.bureauA = await bureauOf(countyA.id, 'bureau_a');
  auth.bureauB = await bureauOf(countyB.id, 'bureau_b');
  auth.bureauProvince = await bureauOf(province.id, 'bureau_53');
  const teamA = await app.make.team({ partner_id: partnerA.partnerId, name: 'Team A' });
  const teamB = await app.make.team({ partner_id: partnerB.partnerId, name: 'Team B' });
  ids.sA = (await app.make.screening({ village_id: ids.a1, team_id: teamA.id, starts_at: '2026-06-05T19:30+08:00', status: 'completed', audience: 50, film_id: ids.alpha })).id;
  ids.sA2 = (await app.make.screening({ village_id: ids.n1, team_id: teamB.id, starts_at: '2026-06-06T19:30+08:00', status: 'completed', audience: 50, film_id: ids.alpha })).id;
  ids.sB = (await app.make.screening({ village_id: ids.b1, team_id: teamB.id, starts_at: '2026-06-07T19:30+08:00', status: 'completed', audience: 50, film_id: ids.alpha })).id;

  // June: in unit a1, phones p1 (Beta, Alpha) and p2 (Alpha, then replaced by Beta), and p3 in its natural village (Beta);
  // in a2, p1 again (Alpha: another village, another hash); in b1, p5 (Beta). May: p4 in a1 (Gamma).
  await request('a1', 'p1', '2026-06', ['beta', 'alpha']);
  await request('a1', 'p2', '2026-06', ['alpha']);
  await request('a1', 'p2', '2026-06', ['beta']);
  await request('n1', 'p3', '2026-06', ['beta']);
  await request('a2', 'p1', '2026-06', ['alpha']);
  await request('b1', 'p5', '2026-06', ['beta']);
  await request('a1', 'p4', '2026-05', ['gamma']);

  ids.r1 = await report('a1', 'not_held', '2026-06-10T10:00+08:00', 'sA');
  ids.r2 = await report('a2', 'late', '2026-06-01T00:10+08:00');
  ids.r3 = await report('a1', 'other', '2026-05-31T23:50+08:00');
  ids.r4 = await report('b1', 'not_held', '2026-06-08T09:00+08:00', 'sB');
  ids.r5 = await report('n1', 'other', '2026-06-09T09:00+08:00', 'sA2');
});

const rows = (body: { items: { villageId: number; filmId: number; requests: number }[] }) => body.items.map((i) => [i.villageId, i.filmId, i.requests]);

describe('GET /api/requests', () => {
  it('counts the phones per unit and film, a natural village for its unit, a replaced request once, most requested first, then by title', async () => {
    const res = await as('admin').get('/api/requests?month=2026-06');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(rows(res.body)).toEqual([
      [ids.a1, ids.beta, 3],
      [ids.a1, ids.alpha, 1],
      [ids.a2, ids.alpha, 1],
      [ids.b1, ids.beta, 1],
    ]);
    expect(res.body).toMatchObject({ month: '2026-06', total: 4 });
    expect(res.body.items[0]).toEqual({ villageId: ids.a1, villageName: 'Ua1', filmId: ids.beta, title: 'Beta', category: 'feature', requests: 3 });
  });

  it('counts each month on its own; the current month by default', async () => {
    expect(rows((await as('admin').get('/api/requests?month=2026-05')).body)).toEqual([[ids.a1, ids.gamma, 1]]);
    expect((await as('admin').get('/api/requests')).body.total).toBe(4);
    expect((await as('admin').get('/api/requests?month=2026-07')).body).toMatchObject({ items: [], total: 0 });
  });

  it('pages with limit and offset, the total counting every row', async () => {
    const page = await as('admin').get('/api/requests?month=2026-06&limit=2&offset=1');
    expect(rows(page.body)).toEqual([
      [ids.a1, ids.alpha, 1],
      [ids.a2, ids.alpha, 1],
    ]);
    expect(page.body.total).toBe(4);
    expect((await as('admin').get('/api/requests?month=2026-06&offset=10')).body).toMatchObject({ items: [], total: 4 });
  });

  it('filters by unit (with its natural villages) and by area', async () => {
    expect(rows((await as('admin').get(`/api/requests?month=2026-06&villageId=${ids.a1}`)).body)).toEqual([
      [ids.a1, ids.beta, 3],
      [ids.a1, ids.alpha, 1],
    ]);
    expect(rows((await as('admin').get(`/api/requests?month=2026-06&villageId=${ids.n1}`)).body)).toEqual([[ids.a1, ids.beta, 1]]);
    expect(rows((await as('admin').get(`/api/requests?month=2026-06&areaId=${ids.countyB}`)).body)).toEqual([[ids.b1, ids.beta, 1]]);
    expect((await as('bureauProvince').get(`/api/requests?month=2026-06&areaId=${ids.countyA}`)).body.total).toBe(3);
  });

  it('shows a bureau user its area only, a partner its contract counties; another county is a 404, another village an empty list', async () => {
    expect(rows((await as('bureauB').get('/api/requests?month=2026-06')).body)).toEqual([[ids.b1, ids.beta, 1]]);
    expect((await as('bureauA').get('/api/requests?month=2026-06')).body.total).toBe(3);
    expect((await as('bureauProvince').get('/api/requests?month=2026-06')).body.total).toBe(4);
    expect(rows((await as('partnerB').get('/api/requests?month=2026-06')).body)).toEqual([[ids.b1, ids.beta, 1]]);
    expect((await as('partnerA').get('/api/requests?month=2026-06')).body.total).toBe(3);
    expectProblem(await as('bureauB').get(`/api/requests?areaId=${ids.countyA}`), 404);
    expectProblem(await as('partnerB').get(`/api/requests?areaId=${ids.countyA}`), 404);
    expect((await as('bureauB').get(`/api/requests?month=2026-06&villageId=${ids.a1}`)).body).toMatchObject({ items: [], total: 0 });
  });

  it('refuses a bad month or id: 400 naming it', async () => {
    expectProblem(await as('admin').get('/api/requests?month=2026-13'), 400, ['month']);
    expectProblem(await as('admin').get('/api/requests?villageId=x'), 400, ['villageId']);
  });
});

const reportIds = (body: { items: { id: number }[] }) => body.items.map((r) => r.id);

describe('GET /api/villager-reports', () => {
  it('lists the reports newest first, with the village, township and screening', async () => {
    const res = await as('admin').get('/api/villager-reports');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(reportIds(res.body)).toEqual([ids.r1, ids.r5, ids.r4, ids.r2, ids.r3]);
    expect(res.body.total).toBe(5);
    expect(res.body.items[0]).toMatchObject({
      id: ids.r1,
      villageId: ids.a1,
      villageName: 'Ua1',
      townshipName: 'TA',
      kind: 'not_held',
      text: 'not_held at a1',
      state: 'new',
      note: null,
      createdAt: '2026-06-10T10:00:00.000+08:00',
      handledAt: null,
      handledBy: null,
      screening: { id: ids.sA, startsAt: '2026-06-05T19:30:00.000+08:00', teamName: 'Team A', status: 'completed', decision: null },
    });
    expect(['verified', 'flagged', 'unverified']).toContain(res.body.items[0].screening.verification);
    expect(res.body.items.find((r: { id: number }) => r.id === ids.r2).screening).toBeNull();
  });

  it('puts a report in the local month of its making (county zone), not the UTC one', async () => {
    expect(reportIds((await as('admin').get('/api/villager-reports?month=2026-06')).body)).toEqual([ids.r1, ids.r5, ids.r4, ids.r2]);
    expect(reportIds((await as('admin').get('/api/villager-reports?month=2026-05')).body)).toEqual([ids.r3]);
  });

  it('filters by kind, state, unit, screening and area', async () => {
    expect(reportIds((await as('admin').get('/api/villager-reports?kind=not_held')).body)).toEqual([ids.r1, ids.r4]);
    expect(reportIds((await as('admin').get(`/api/villager-reports?villageId=${ids.a1}`)).body)).toEqual([ids.r1, ids.r5, ids.r3]);
    expect(reportIds((await as('admin').get(`/api/villager-reports?villageId=${ids.n1}`)).body)).toEqual([ids.r5]);
    expect(reportIds((await as('admin').get(`/api/villager-reports?screeningId=${ids.sB}`)).body)).toEqual([ids.r4]);
    expect(reportIds((await as('admin').get(`/api/villager-reports?areaId=${ids.countyB}`)).body)).toEqual([ids.r4]);
    expect(reportIds((await as('admin').get('/api/villager-reports?state=closed')).body)).toEqual([]);
    expect((await as('admin').get('/api/villager-reports?limit=2&offset=1')).body).toMatchObject({ total: 5, items: [{ id: ids.r5 }, { id: ids.r4 }] });
    expectProblem(await as('admin').get('/api/villager-reports?kind=fraud&state=done'), 400, ['kind', 'state']);
  });

  it('shows a bureau user its area, a partner only the reports on its own teams\' screenings; others are 404', async () => {
    expect(reportIds((await as('bureauA').get('/api/villager-reports')).body)).toEqual([ids.r1, ids.r5, ids.r2, ids.r3]);
    expect(reportIds((await as('bureauB').get('/api/villager-reports')).body)).toEqual([ids.r4]);
    expect(reportIds((await as('partnerA').get('/api/villager-reports')).body)).toEqual([ids.r1]);
    // Partner B's team screened in county A (r5) and in B (r4): its own screenings', wherever.
    expect(reportIds((await as('partnerB').get('/api/villager-reports')).body)).toEqual([ids.r5, ids.r4]);
    expect((await as('partnerA').get(`/api/villager-reports/${ids.r1}`)).status).toBe(200);
    for (const [who, id] of [['partnerA', ids.r2], ['partnerA', ids.r4], ['bureauB', ids.r1], ['bureauA', ids.r4]] as const) {
      expectProblem(await as(who).get(`/api/villager-reports/${id}`), 404);
    }
    expectProblem(await as('bureauB').get(`/api/villager-reports?areaId=${ids.countyA}`), 404);
    expect((await as('bureauB').get(`/api/villager-reports?villageId=${ids.a1}`)).body).toMatchObject({ items: [], total: 0 });
  });
});

describe('PATCH /api/villager-reports/:id', () => {
  it('moves a report from new to looking to closed (with a note), recording who and when; closing without a note is 400 naming note', async () => {
    const looking = await as('bureauA').patch(`/api/villager-reports/${ids.r1}`).send({ state: 'looking' });
    expect(looking.status, JSON.stringify(looking.body)).toBe(200);
    expect(looking.body).toMatchObject({ id: ids.r1, state: 'looking', note: null, handledBy: 'bureau_a', handledAt: expect.any(String) });
    expectProblem(await as('bureauA').patch(`/api/villager-reports/${ids.r1}`).send({ state: 'closed' }), 400, ['note']);
    expectProblem(await as('bureauA').patch(`/api/villager-reports/${ids.r1}`).send({ state: 'closed', note: '   ' }), 400, ['note']);
    expect((await app.db('villager_reports').where({ id: ids.r1 }).first('state')).state).toBe('looking');
    const closed = await as('bureauA').patch(`/api/villager-reports/${ids.r1}`).send({ state: 'closed', note: '已电话核实，放映正常' });
    expect(closed.body).toMatchObject({ state: 'closed', note: '已电话核实，放映正常' });
    expect(reportIds((await as('bureauA').get('/api/villager-reports?state=closed')).body)).toEqual([ids.r1]);
    // Looked into again: the note stays until changed.
    const again = await as('admin').patch(`/api/villager-reports/${ids.r1}`).send({ state: 'looking' });
    expect(again.body).toMatchObject({ state: 'looking', note: '已电话核实，放映正常', handledBy: expect.stringMatching(/^admin/), handledById: app.as.admin.id });
  });

  it('is the bureau\'s and the admin\'s: a partner 403, a bureau user of another county 404, a bad body 400', async () => {
    expectProblem(await as('partnerA').patch(`/api/villager-reports/${ids.r1}`).send({ state: 'looking' }), 403);
    expectProblem(await as('bureauB').patch(`/api/villager-reports/${ids.r1}`).send({ state: 'looking' }), 404);
    expectProblem(await as('bureauA').patch('/api/villager-reports/2000000001').send({ state: 'looking' }), 404);
    expectProblem(await as('bureauA').patch(`/api/villager-reports/${ids.r2}`).send({ state: 'done', extra: 1 }), 400, ['state', 'extra']);
    expectProblem(await as('bureauA').patch(`/api/villager-reports/${ids.r2}`).send({ state: 'looking', note: 'x'.repeat(501) }), 400, ['note']);
    expect((await app.db('villager_reports').where({ id: ids.r2 }).first('state')).state).toBe('new');
  });

  it('is audit-logged with the report before and after; a bureau user of the county reads the log, one of another county does not', async () => {
    const log = await as('admin').get(`/api/audit?entity=villager_report&id=${ids.r1}`);
    expect(log.status, JSON.stringify(log.body)).toBe(200);
    expect(log.body.items.map((e: { after: { state: string } }) => e.after.state)).toEqual(['looking', 'closed', 'looking']);
    expect(log.body.items[2]).toMatchObject({ entity: 'villager_report', entityId: ids.r1, action: 'update', before: { state: 'new' }, after: { state: 'looking' } });
    expect((await as('bureauA').get(`/api/audit?entity=villager_report&id=${ids.r1}`)).body.items).toHaveLength(3);
    expect((await as('bureauB').get(`/api/audit?entity=villager_report&id=${ids.r1}`)).body.items ?? []).toHaveLength(0);
  });
});

describe('GET and PUT /api/areas/:id/settings', () => {
  const phone = (body: { supervisionPhone: { value: string | null; areaId: number | null } }) => [body.supervisionPhone.value, body.supervisionPhone.areaId];

  it('inherits downward: the province sets, the county inherits, the county overrides, a clear inherits again', async () => {
    // issue 22 statements: the answer carries the money settings beside (test/api/money-settings.test.ts)
    expect((await as('bureauA').get(`/api/areas/${ids.countyA}/settings`)).body).toMatchObject({ areaId: ids.countyA, supervisionPhone: { value: null, areaId: null, areaName: null } });
    const set = await as('bureauProvince').put(`/api/areas/${ids.province}/settings`).send({ supervisionPhone: ' 0871-12345 ' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(phone(set.body)).toEqual(['0871-12345', ids.province]);
    expect((await as('bureauA').get(`/api/areas/${ids.countyA}/settings`)).body.supervisionPhone).toEqual({ value: '0871-12345', areaId: ids.province, areaName: '云南省' });
    expect(phone((await as('partnerA').get(`/api/areas/${ids.countyA}/settings`)).body)).toEqual(['0871-12345', ids.province]);
    const own = await as('bureauA').put(`/api/areas/${ids.countyA}/settings`).send({ supervisionPhone: '+86 (877) 301-2131' });
    expect(phone(own.body)).toEqual(['+86 (877) 301-2131', ids.countyA]);
    expect(phone((await as('bureauB').get(`/api/areas/${ids.countyB}/settings`)).body)).toEqual(['0871-12345', ids.province]);
    const cleared = await as('bureauA').put(`/api/areas/${ids.countyA}/settings`).send({ supervisionPhone: null });
    expect(phone(cleared.body)).toEqual(['0871-12345', ids.province]);
    expect(await app.db('area_settings').where({ area_id: ids.countyA }).first()).toBeUndefined();
  });

  it('is audit-logged as the area\'s change', async () => {
    const log = await as('admin').get(`/api/audit?entity=area&id=${ids.countyA}`);
    expect(log.body.items.map((e: { before: { settings: unknown }; after: { settings: unknown } }) => [e.before.settings, e.after.settings])).toEqual([
      [{ supervisionPhone: '+86 (877) 301-2131' }, { supervisionPhone: null }],
      [{ supervisionPhone: null }, { supervisionPhone: '+86 (877) 301-2131' }],
    ]);
  });

  it('is written by the admin and a bureau user inside its area: a partner 403, an area outside 404, a bad phone 400 naming supervisionPhone', async () => {
    expectProblem(await as('partnerA').put(`/api/areas/${ids.countyA}/settings`).send({ supervisionPhone: '0877-1' }), 403);
    expectProblem(await as('bureauA').put(`/api/areas/${ids.province}/settings`).send({ supervisionPhone: '0877-1' }), 404);
    expectProblem(await as('bureauA').put(`/api/areas/${ids.countyB}/settings`).send({ supervisionPhone: '0877-1' }), 404);
    expectProblem(await as('bureauB').get(`/api/areas/${ids.countyA}/settings`), 404);
    expectProblem(await as('admin').put('/api/areas/2000000001/settings').send({ supervisionPhone: '0877-1' }), 404);
    for (const bad of ['abc', '<b>0877</b>', '12', '1'.repeat(41), '0877+1', '---', 12345, true]) {
      const res = await as('admin').put(`/api/areas/${ids.countyA}/settings`).send({ supervisionPhone: bad });
      expect(res.body.errors, String(bad)).toHaveLength(1);
      expectProblem(await as('admin').put(`/api/areas/${ids.countyA}/settings`).send({ supervisionPhone: bad }), 400, ['supervisionPhone']);
    }
    expectProblem(await as('admin').put(`/api/areas/${ids.countyA}/settings`).send({}), 400, ['supervisionPhone']);
    expectProblem(await as('admin').put(`/api/areas/${ids.countyA}/settings`).send({ supervisionPhone: '0877-1', other: 1 }), 400, ['other']);
    expect(phone((await as('admin').put(`/api/areas/${ids.countyA}/settings`).send({ supervisionPhone: '0877-3012131' })).body)).toEqual(['0877-3012131', ids.countyA]);
    expect(phone((await as('admin').put(`/api/areas/${ids.countyA}/settings`).send({ supervisionPhone: '' })).body)).toEqual(['0871-12345', ids.province]);
  });

  it('answers a bad phone in Chinese when asked', async () => {
    const res = await as('admin').put(`/api/areas/${ids.countyA}/settings`).set('Accept-Language', 'zh-CN').send({ supervisionPhone: 'abc' });
    expect(res.body.errors[0].message).toMatch(/电话号码/);
  });
});
