import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// Campaigns (DOMAIN.md "Films and programmes", "Campaigns"): the records — bureau inside its area
// and admin write, everyone reads those touching its scope — and their coverage over the span.
// One prefecture, two counties: A (two townships) and B (one).

const app = useApp({ as: ['admin', 'bureau'], now: '2026-07-20T12:00:00' });

const divisions = `code,name
53,云南省
5304,玉溪市
530423,通海县
530402,红塔区
530423100,秀山街道
530423101,九街街道
530402001,玉兴街道
`;
const villages = `code,name,township_code,kind,parent_code,lat,lng
530423100001,秀山社区,530423100,administrative,,24.11,102.75
530423100002,北山村,530423100,administrative,,24.12,102.76
530423100003,北山上村,530423100,natural,530423100002,24.125,102.765
530423101001,九街社区,530423101,administrative,,24.2,102.8
530402001001,玉兴社区,530402001,administrative,,24.35,102.54
530402001002,北苑村,530402001,administrative,,24.36,102.55
`;

const ids = {} as Record<string, number>;
let bureauA: Record<string, string>;
let partnerA: Record<string, string>;
let projectionist: Record<string, string>;
let films: { science: number[]; other: number };

async function bureauOf(areaId: number): Promise<Record<string, string>> {
  const [u] = await app.db('users').insert({ username: `bureau_campaign_${areaId}`, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
  return bearer((await createSession(app.db, u.id, 1)).token);
}

const village = (code: string) => ids[code]!;

beforeAll(async () => {
  const csv = (url: string, body: string) => app.as.admin.post(url).set('Content-Type', 'text/csv').send(body);
  expect((await csv('/api/areas/import', divisions)).status).toBe(200);
  const imported = await csv('/api/villages/import', villages);
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  for (const t of ['areas', 'townships', 'villages'] as const) for (const r of await app.db(t).select('id', 'code')) ids[r.code] = r.id;
  bureauA = await bureauOf(ids['530423']!);
  const partner = await app.newUser('partner');
  partnerA = partner.auth;
  expect((await app.as.admin.post('/api/contracts').send({ partnerId: partner.partnerId, countyId: ids['530423'], from: '2026-01' })).status).toBe(201);
  const team = await app.make.team({ partner_id: partner.partnerId });
  ids.team = team.id;
  const made = await partner.post('/api/users').send({ username: 'campaign_phone', password: 'phone-password-1', role: 'projectionist', teamId: team.id });
  expect(made.status).toBe(201);
  projectionist = bearer((await supertest(app.express).post('/api/session').send({ username: 'campaign_phone', password: 'phone-password-1' })).body.token);
  films = {
    science: [(await app.make.film({ title: '防汛抗旱', category: 'science', minutes: 20 })).id, (await app.make.film({ title: '安全用电', category: 'science', minutes: 20 })).id],
    other: (await app.make.film({ title: '故事片甲', category: 'feature', minutes: 95 })).id,
  };
});

const body = (o: Record<string, unknown> = {}) => ({ name: '安全生产月', filmIds: films.science, from: '2026-06', to: '2026-07', areaId: ids['5304'], ...o });

describe('campaign records', () => {
  it('the admin creates, reads, changes and deletes a campaign; each answer names its films and area, and the audit log keeps each write', async () => {
    const made = await app.as.admin.post('/api/campaigns').send(body());
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.headers.location).toBe(`/api/campaigns/${made.body.id}`);
    expect(made.body).toMatchObject({
      name: '安全生产月',
      filmIds: films.science,
      films: [
        { id: films.science[0], title: '防汛抗旱', category: 'science' },
        { id: films.science[1], title: '安全用电', category: 'science' },
      ],
      from: '2026-06',
      to: '2026-07',
      areaId: ids['5304'],
      area: { id: ids['5304'], name: '玉溪市', level: 'prefecture' },
    });
    const id = made.body.id as number;
    expect((await app.as.admin.get(`/api/campaigns/${id}`)).body).toEqual(made.body);
    const changed = await app.as.admin.patch(`/api/campaigns/${id}`).send({ name: '安全月', filmIds: [films.science[1]] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: '安全月', filmIds: [films.science[1]], films: [{ title: '安全用电' }], from: '2026-06' });
    expect((await app.as.admin.delete(`/api/campaigns/${id}`)).status).toBe(204);
    expectProblem(await app.as.admin.get(`/api/campaigns/${id}`), 404);
    const log = (await app.as.admin.get(`/api/audit?entity=campaign&id=${id}`)).body.items;
    expect(log.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(log[1]).toMatchObject({ before: { name: '安全生产月' }, after: { name: '安全月' } });
  });

  it('the list filters by month running and by area touched', async () => {
    const a = (await app.as.admin.post('/api/campaigns').send(body({ name: '六月县A', from: '2026-06', to: '2026-06', areaId: ids['530423'] }))).body.id;
    const b = (await app.as.admin.post('/api/campaigns').send(body({ name: '八月县B', from: '2026-08', to: '2026-09', areaId: ids['530402'] }))).body.id;
    const all = (await app.as.admin.post('/api/campaigns').send(body({ name: '全域', from: '2026-01', to: '2026-12', areaId: null }))).body.id;
    const names = async (q: string) => ((await app.as.admin.get(`/api/campaigns?${q}`)).body.items as { id: number }[]).map((c) => c.id).filter((x) => [a, b, all].includes(x));
    expect((await names('month=2026-06')).sort()).toEqual([a, all].sort());
    expect((await names('month=2026-09')).sort()).toEqual([b, all].sort());
    expect((await names(`areaId=${ids['530402']}`)).sort()).toEqual([b, all].sort());
    expect((await names(`areaId=${ids['5304']}`)).sort()).toEqual([a, b, all].sort());
    for (const id of [a, b, all]) await app.as.admin.delete(`/api/campaigns/${id}`);
  });

  it('a county bureau writes only inside its county; one outside (or of the whole deployment) it cannot write is 404, and one outside its scope it cannot even read', async () => {
    const inB = (await app.as.admin.post('/api/campaigns').send(body({ name: '县B', areaId: ids['530402'] }))).body.id;
    const wide = (await app.as.admin.post('/api/campaigns').send(body({ name: '市里', areaId: ids['5304'] }))).body.id;
    const own = await supertest(app.express).post('/api/campaigns').set(bureauA).send(body({ name: '县A', areaId: ids['530423'] }));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expectProblem(await supertest(app.express).post('/api/campaigns').set(bureauA).send(body({ areaId: ids['530402'] })), 400, ['areaId']);
    expectProblem(await supertest(app.express).post('/api/campaigns').set(bureauA).send(body({ areaId: ids['5304'] })), 400, ['areaId']);
    expectProblem(await supertest(app.express).post('/api/campaigns').set(bureauA).send(body({ areaId: null })), 400, ['areaId']);
    expectProblem(await supertest(app.express).get(`/api/campaigns/${inB}`).set(bureauA), 404);
    expectProblem(await supertest(app.express).patch(`/api/campaigns/${inB}`).set(bureauA).send({ name: 'x' }), 404);
    expectProblem(await supertest(app.express).delete(`/api/campaigns/${inB}`).set(bureauA), 404);
    // The prefecture's campaign touches the county: read, not written.
    expect((await supertest(app.express).get(`/api/campaigns/${wide}`).set(bureauA)).status).toBe(200);
    expectProblem(await supertest(app.express).patch(`/api/campaigns/${wide}`).set(bureauA).send({ name: 'x' }), 404);
    expectProblem(await supertest(app.express).patch(`/api/campaigns/${own.body.id}`).set(bureauA).send({ areaId: ids['530402'] }), 400, ['areaId']);
    expect((await supertest(app.express).patch(`/api/campaigns/${own.body.id}`).set(bureauA).send({ name: '县A改' })).status).toBe(200);
    const listed = (await supertest(app.express).get('/api/campaigns').set(bureauA)).body.items.map((c: { id: number }) => c.id);
    expect(listed).toContain(wide);
    expect(listed).toContain(own.body.id);
    expect(listed).not.toContain(inB);
    expect((await supertest(app.express).delete(`/api/campaigns/${own.body.id}`).set(bureauA)).status).toBe(204);
    for (const id of [inB, wide]) await app.as.admin.delete(`/api/campaigns/${id}`);
  });

  it('a partner reads the campaigns touching its counties and writes none; a projectionist gets 403', async () => {
    const inA = (await app.as.admin.post('/api/campaigns').send(body({ name: '县A', areaId: ids['530423'] }))).body.id;
    const inB = (await app.as.admin.post('/api/campaigns').send(body({ name: '县B', areaId: ids['530402'] }))).body.id;
    const all = (await app.as.admin.post('/api/campaigns').send(body({ name: '全域', areaId: null }))).body.id;
    const listed = (await supertest(app.express).get('/api/campaigns').set(partnerA)).body.items.map((c: { id: number }) => c.id);
    expect(listed.sort()).toEqual([inA, all].sort());
    expectProblem(await supertest(app.express).get(`/api/campaigns/${inB}`).set(partnerA), 404);
    expectProblem(await supertest(app.express).post('/api/campaigns').set(partnerA).send(body()), 403);
    expectProblem(await supertest(app.express).patch(`/api/campaigns/${inA}`).set(partnerA).send({ name: 'x' }), 403);
    expectProblem(await supertest(app.express).get('/api/campaigns').set(projectionist), 403);
    expectProblem(await supertest(app.express).get(`/api/campaigns/${inA}/coverage`).set(projectionist), 403);
    for (const id of [inA, inB, all]) await app.as.admin.delete(`/api/campaigns/${id}`);
  });

  it('a bad body is a 400 naming each bad field: to before from, a repeated or unknown film by its index, too few or too many films, an unknown area', async () => {
    const post = (o: Record<string, unknown>) => app.as.bureau.post('/api/campaigns').send(body(o));
    expectProblem(await post({ from: '2026-07', to: '2026-06' }), 400, ['to']);
    expectProblem(await post({ from: '2026-13' }), 400, ['from']);
    expectProblem(await post({ filmIds: [films.science[0], films.science[1], films.science[0]] }), 400, ['filmIds.2']);
    expectProblem(await post({ filmIds: [films.science[0], 1_999_999_999] }), 400, ['filmIds.1']);
    expectProblem(await post({ filmIds: [] }), 400, ['filmIds']);
    expectProblem(await post({ filmIds: Array.from({ length: 51 }, (_, i) => i + 1) }), 400, ['filmIds']);
    expectProblem(await post({ areaId: 1_999_999_999 }), 400, ['areaId']);
    expectProblem(await post({ name: '', areaId: 1_999_999_999, filmIds: [1_999_999_999] }), 400, ['name', 'areaId', 'filmIds.0']);
    expectProblem(await post({ extra: 1 }), 400, ['extra']);
    const zh = await app.as.bureau.post('/api/campaigns').set('Accept-Language', 'zh-CN').send(body({ filmIds: [films.science[0], films.science[0]] }));
    expect(zh.body.errors[0].message).toBe('这部影片重复了。');
    const made = (await post({})).body.id;
    expectProblem(await app.as.bureau.patch(`/api/campaigns/${made}`).send({ to: '2026-05' }), 400, ['to']);
    await app.as.admin.delete(`/api/campaigns/${made}`);
  });
});

describe('campaign coverage', () => {
  let campaign: number;
  let bScreening: number;
  const screen = async (code: string, startsAt: string, programme: number[], o: Record<string, unknown> = {}) =>
    (await app.make.screening({ village_id: village(code), team_id: ids.team!, starts_at: startsAt, status: 'completed', audience: 40, programme, ...o })).id;

  beforeAll(async () => {
    campaign = (await app.as.admin.post('/api/campaigns').send(body({ name: '安全生产月', areaId: ids['5304'] }))).body.id;
    // Covered: a campaign film in June; the natural village's screening counts for its parent, the film second in its programme.
    await screen('530423100001', '2026-06-10T19:30+08:00', [films.science[0]!]);
    await screen('530423100003', '2026-07-05T19:30+08:00', [films.other, films.science[1]!]);
    // Not covered: no campaign film in the span; one the night before the span began (local time).
    await screen('530423101001', '2026-06-12T19:30+08:00', [films.other]);
    await screen('530423101001', '2026-05-31T23:30+08:00', [films.science[0]!]);
    // County B: one covered (until rejected below), one shown 00:30 local on the first day after the span (still July in UTC).
    bScreening = await screen('530402001001', '2026-06-20T19:30+08:00', [films.science[1]!]);
    await screen('530402001002', '2026-08-01T00:30+08:00', [films.science[0]!]);
    // Scheduled and cancelled screenings cover nothing.
    await screen('530402001002', '2026-07-10T19:30+08:00', [films.science[0]!], { status: 'scheduled', audience: null });
    await screen('530402001002', '2026-07-11T19:30+08:00', [films.science[0]!], { status: 'cancelled', audience: null, cancel_reason: 'rain' });
  });

  const coverage = async (q = '', auth = app.as.admin.auth) => {
    const res = await supertest(app.express).get(`/api/campaigns/${campaign}/coverage${q}`).set(auth);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const sumOf = (groups: { units: number; covered: number; gap: number }[]) =>
    groups.reduce((t, g) => ({ units: t.units + g.units, covered: t.covered + g.covered, gap: t.gap + g.gap }), { units: 0, covered: 0, gap: 0 });

  it('counts the campaign’s units covered over the span, grouped by county by default, and the totals are the sum of the groups at county and township level', async () => {
    const byCounty = await coverage();
    expect(byCounty).toMatchObject({ campaign: { id: campaign, name: '安全生产月', from: '2026-06', to: '2026-07' }, area: { id: ids['5304'], level: 'prefecture' }, groupBy: 'county' });
    expect(byCounty.totals).toEqual({ units: 5, covered: 3, gap: 2, coverage: 0.6 });
    const row = (body: { groups: { id: number }[] }, id: number) => body.groups.find((g) => g.id === id);
    expect(row(byCounty, ids['530423']!)).toMatchObject({ name: '通海县', units: 3, covered: 2, gap: 1 });
    expect(row(byCounty, ids['530402']!)).toMatchObject({ units: 2, covered: 1, gap: 1, coverage: 0.5 });
    expect(sumOf(byCounty.groups)).toEqual({ units: 5, covered: 3, gap: 2 });
    const byTownship = await coverage('?groupBy=township');
    expect(byTownship.groups.map((g: { id: number; units: number; covered: number }) => [g.id, g.units, g.covered])).toEqual([
      [ids['530402001'], 2, 1],
      [ids['530423100'], 2, 2],
      [ids['530423101'], 1, 0],
    ]);
    expect(sumOf(byTownship.groups)).toEqual({ units: 5, covered: 3, gap: 2 });
    expect(byTownship.totals).toEqual(byCounty.totals);
  });

  it('a rejected screening leaves the coverage', async () => {
    await app.db('screenings').where({ id: bScreening }).update({ review_decision: 'rejected', review_reason: 'no photo' });
    const after = await coverage('?groupBy=township');
    expect(after.totals).toEqual({ units: 5, covered: 2, gap: 3, coverage: 0.4 });
    expect(sumOf(after.groups)).toEqual({ units: 5, covered: 2, gap: 3 });
    await app.db('screenings').where({ id: bScreening }).update({ review_decision: null, review_reason: null });
    expect((await coverage()).totals.covered).toBe(3);
  });

  it('the span ends at the first instant of the month after `to` in the county zone, and begins at the first instant of `from`', async () => {
    // 北苑村's screening at 00:30 on 1 August local time (31 July in UTC) and 九街社区's at 23:30 on 31 May do not count.
    const letters = await supertest(app.express).get(`/api/campaigns/${campaign}/coverage/statuses`).set(app.as.admin.auth);
    const units = (await app.as.admin.get('/api/coverage/units')).body.units.id as number[];
    const at = (code: string) => letters.body.statuses[units.indexOf(village(code))];
    expect(letters.body.version).toBe((await app.as.admin.get('/api/coverage/units')).body.version);
    expect(['530423100001', '530423100002', '530423101001', '530402001001', '530402001002'].map(at).join('')).toBe('ccgcg');
    // Moved an hour earlier, into 31 July local time, it counts.
    await app.db('screenings').where({ village_id: village('530402001002'), status: 'completed' }).update({ starts_at: '2026-07-31T23:30+08:00' });
    expect((await coverage()).totals.covered).toBe(4);
    await app.db('screenings').where({ village_id: village('530402001002'), status: 'completed' }).update({ starts_at: '2026-08-01T00:30+08:00' });
    expect((await coverage()).totals.covered).toBe(3);
  });

  it('at the natural level only natural villages are units', async () => {
    const natural = await coverage('?level=natural&groupBy=township');
    expect(natural.totals).toEqual({ units: 1, covered: 1, gap: 0, coverage: 1 });
  });

  it('areaId narrows inside the campaign’s area; an area outside it is 404; groupBy must lie below the area', async () => {
    const county = await coverage(`?areaId=${ids['530423']}`);
    expect(county).toMatchObject({ area: { id: ids['530423'], level: 'county' }, groupBy: 'township', totals: { units: 3, covered: 2 } });
    const narrow = (await app.as.admin.post('/api/campaigns').send(body({ name: '县A', areaId: ids['530423'] }))).body.id;
    expectProblem(await app.as.admin.get(`/api/campaigns/${narrow}/coverage?areaId=${ids['530402']}`), 404);
    // An area holding the campaign's counts the campaign's units in it, by its children.
    const wide = (await app.as.admin.get(`/api/campaigns/${narrow}/coverage?areaId=${ids['5304']}`)).body;
    expect(wide.totals).toMatchObject({ units: 3, covered: 2 });
    expect(wide.groups.find((g: { id: number }) => g.id === ids['530402'])).toMatchObject({ units: 0 });
    expectProblem(await app.as.admin.get(`/api/campaigns/${campaign}/coverage?areaId=${ids['530423']}&groupBy=county`), 400, ['groupBy']);
    expectProblem(await app.as.admin.get(`/api/campaigns/${campaign}/coverage?level=village`), 400, ['level']);
    await app.as.admin.delete(`/api/campaigns/${narrow}`);
  });

  it('a county bureau and a partner count only their own county of a wider campaign', async () => {
    const own = await coverage('', bureauA);
    expect(own).toMatchObject({ area: { id: ids['530423'] }, groupBy: 'township', totals: { units: 3, covered: 2, gap: 1 } });
    expectProblem(await supertest(app.express).get(`/api/campaigns/${campaign}/coverage?areaId=${ids['530402']}`).set(bureauA), 404);
    const partner = await coverage('?groupBy=county', partnerA);
    expect(partner.totals).toMatchObject({ units: 3, covered: 2 });
    expect(partner.groups.map((g: { id: number }) => g.id)).toEqual([ids['530423']]);
  });
});
