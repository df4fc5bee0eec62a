import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// issue 22 progress (DOMAIN.md "Periods and settlement", Progress): GET /api/reports/progress.
// Two provinces: 云南省 (annualPlanPerUnit 10) with 玉溪市's 通海县 (3 units, inherits 10) and
// 红塔区 (2 units, its own 6); 北京市 (default 12) with 东城区 (1 unit, nothing held). The clock:
// 2028-03-01 10:00 in Asia/Shanghai — 60 whole days of the leap year's 366 have passed.

const app = useApp({ as: ['admin', 'partner'], now: '2028-03-01T10:00:00' });
const ids: Record<string, number> = {};
const unit: Record<string, number> = {};
const SHARE_2028 = 60 / 366;

async function completed(village: string, startsAt: string, o: Record<string, unknown> = {}) {
  const start = new Date(startsAt);
  // A team each: no two screenings of a team within 3 hours.
  const team = (await app.make.team({ partner_id: app.as.partner.partnerId })).id;
  return app.make.screening({ village_id: unit[village]!, team_id: team, starts_at: start, status: 'completed', audience: 30, reported_at: new Date(start.getTime() + 3_600_000), ...o });
}

beforeAll(async () => {
  await app.db('areas').insert([
    { code: '53', name: '云南省' },
    { code: '5304', name: '玉溪市' },
    { code: '530423', name: '通海县' },
    { code: '530402', name: '红塔区' },
    { code: '11', name: '北京市' },
    { code: '1101', name: '北京市辖区' },
    { code: '110101', name: '东城区' },
  ]);
  for (const a of await app.db('areas').select('id', 'code')) ids[a.code] = a.id;
  const township = async (code: string, county: string) => (await app.make.township({ code, county_id: ids[county] })).id;
  const tA = await township('530423100', '530423');
  const tB = await township('530402001', '530402');
  const tC = await township('110101001', '110101');
  for (const [name, t] of [['a1', tA], ['a2', tA], ['a3', tA], ['b1', tB], ['b2', tB], ['c1', tC]] as const) unit[name] = (await app.make.village({ township_id: t })).id;
  // A retired unit: retired before 2028, it is no unit of 2028.
  await app.make.village({ township_id: tA, retired_at: new Date('2027-06-01T00:00:00+08:00') });
  ids.team = (await app.make.team({ partner_id: app.as.partner.partnerId })).id;
  await app.db('area_settings').insert([
    { area_id: ids['53'], annual_plan_per_unit: 10 },
    { area_id: ids['530402'], annual_plan_per_unit: 6 },
  ]);
  // 通海县 2028: a1 twice in January (one month held) and once in February; a2 at 23:30 on 31 January
  // (January in the county); a3 at 00:30 on 1 January county time (16:30 UTC the day before: 2028).
  await completed('a1', '2028-01-10T19:00+08:00');
  await completed('a1', '2028-01-20T19:00+08:00', { reported_at: new Date('2028-01-22T20:00+08:00') }); // 49 h: late
  await completed('a1', '2028-02-10T19:00+08:00');
  await completed('a2', '2028-01-31T23:30+08:00');
  await completed('a3', '2028-01-01T00:30+08:00');
  // 通海县 2027: a3 at 23:30 on 31 December (2027, not 2028), and four more; three in the last 5 days of a quarter.
  await completed('a3', '2027-12-31T23:30+08:00');
  await completed('a1', '2027-12-28T19:00+08:00');
  await completed('a2', '2027-11-10T19:00+08:00');
  await completed('a1', '2027-03-29T19:00+08:00');
  await completed('a2', '2027-02-10T19:00+08:00');
  // 红塔区 2028: b1 in January; b2 in February, rejected by the bureau (counts for nothing held).
  await completed('b1', '2028-01-15T19:00+08:00');
  await completed('b2', '2028-02-15T19:00+08:00', { review_decision: 'rejected', review_reason: '照片不符' });
  // Scheduled and cancelled screenings hold nothing.
  await app.make.screening({ village_id: unit.c1!, team_id: ids.team!, starts_at: new Date('2028-02-20T19:00+08:00'), status: 'cancelled', cancel_reason: 'rain' });
});

const get = (q: string) => app.as.admin.get(`/api/reports/progress?${q}`);
const byName = (groups: { name: string }[]) => Object.fromEntries(groups.map((g) => [g.name, g])) as Record<string, Record<string, unknown>>;

describe('progress of a year', () => {
  it('a leap year at 1 March: 60 of 366 days; expected units × plan × share; held unit-months, across the county zone', async () => {
    const res = await get(`year=2028&areaId=${ids['530423']}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ year: 2028, elapsedDays: 60, daysInYear: 366, groupBy: 'township', area: { id: ids['530423'], level: 'county' } });
    expect(res.body.asOf).toMatch(/^2028-03-01T10:00:00(\.000)?\+08:00$/);
    expect(res.body.elapsedShare).toBeCloseTo(SHARE_2028, 12);
    // a1 January (twice: once) and February, a2 January (23:30 on the 31st), a3 January (00:30 on the 1st).
    expect(res.body.totals).toMatchObject({ units: 3, held: 4, completed: 5, onTime: 4, onTimeRate: 0.8, roundScreenings: 5, bunched: 0, bunchingShare: 0 });
    expect(res.body.totals.expected).toBeCloseTo(3 * 10 * SHARE_2028, 2);
    expect(res.body.totals.progress).toBeCloseTo(4 / (3 * 10 * SHARE_2028), 10);
  });

  it('a past year counts whole (share 1) and its own screenings only: 23:30 on 31 December 2027 is 2027', async () => {
    const res = await get(`year=2027&areaId=${ids['530423']}`);
    expect(res.body).toMatchObject({ elapsedDays: 365, daysInYear: 365, elapsedShare: 1 });
    // The retired unit was a unit of 2027 (retired in June): 4 units.
    expect(res.body.totals).toMatchObject({ units: 4, expected: 40, held: 5, completed: 5, onTime: 5, onTimeRate: 1 });
    // 29 March (Q1's last 5 days: 27–31), 28 and 31 December (Q4's): 3 of the 5.
    expect(res.body.totals).toMatchObject({ roundScreenings: 5, bunched: 3, bunchingShare: 0.6 });
  });

  it('a common year: 1 March 2027 is 59 of 365 days; a future year expects nothing', async () => {
    app.setNow('2027-03-01T10:00:00');
    try {
      const res = await get(`year=2027&areaId=${ids['530423']}`);
      expect(res.body).toMatchObject({ elapsedDays: 59, daysInYear: 365 });
      expect(res.body.totals.expected).toBeCloseTo(4 * 10 * (59 / 365), 2);
      // Only Q1 has begun: its 2 screenings (February, 29 March), one in its last 5 days.
      expect(res.body.totals).toMatchObject({ roundScreenings: 2, bunched: 1, bunchingShare: 0.5 });
      const future = await get(`year=2028&areaId=${ids['530423']}`);
      expect(future.body).toMatchObject({ elapsedDays: 0, elapsedShare: 0 });
      expect(future.body.totals).toMatchObject({ expected: 0, progress: null, roundScreenings: 0, bunchingShare: null });
    } finally {
      app.setNow('2028-03-01T10:00:00');
    }
  });

  it('a payment round by month: the months that have begun, bunched in each month\'s last 5 days', async () => {
    await app.db('area_settings').insert({ area_id: ids['530423'], payment_round: 'month' });
    try {
      const res = await get(`year=2027&areaId=${ids['530423']}`);
      // Every month a round: 28 and 31 December, 29 March in their month's last 5 days; 10 November and 10 February not.
      expect(res.body.totals).toMatchObject({ roundScreenings: 5, bunched: 3 });
      const now = await get(`year=2028&areaId=${ids['530423']}`);
      expect(now.body.totals).toMatchObject({ roundScreenings: 5, bunched: 1 }); // 31 January 23:30
    } finally {
      await app.db('area_settings').where({ area_id: ids['530423'] }).delete();
    }
  });
});

describe('groups, worst first, with inherited plans', () => {
  it('by county: 东城区 (nothing held) first, then 红塔区 (its own plan 6, a rejected one not held), then 通海县 (the province\'s 10)', async () => {
    const res = await get('year=2028&groupBy=county');
    expect(res.body.groups.map((g: { name: string }) => g.name)).toEqual(['东城区', '红塔区', '通海县']);
    const g = byName(res.body.groups);
    expect(g['东城区']).toMatchObject({ level: 'county', units: 1, held: 0, progress: 0, completed: 0, onTimeRate: null, bunchingShare: null });
    expect(g['东城区']!.expected).toBeCloseTo(12 * SHARE_2028, 2);
    expect(g['红塔区']).toMatchObject({ units: 2, held: 1, completed: 2, onTimeRate: 1 });
    expect(g['红塔区']!.expected).toBeCloseTo(2 * 6 * SHARE_2028, 2);
    expect(g['通海县']!.expected).toBeCloseTo(3 * 10 * SHARE_2028, 2);
    expect(res.body.totals).toMatchObject({ units: 6, held: 5, completed: 7 });
    expect(res.body.totals.expected).toBeCloseTo((12 + 12 + 30) * SHARE_2028, 2);
  });

  it('by province and by prefecture', async () => {
    const provinces = await get('year=2028&groupBy=province');
    expect(provinces.body.groups.map((g: { name: string; held: number; units: number }) => [g.name, g.units, g.held])).toEqual([
      ['北京市', 1, 0],
      ['云南省', 5, 5],
    ]);
    const byDefault = await get('year=2028');
    expect(byDefault.body.groupBy).toBe('province');
    const prefectures = await get(`year=2028&groupBy=prefecture&areaId=${ids['53']}`);
    expect(prefectures.body.groups.map((g: { name: string }) => g.name)).toEqual(['玉溪市']);
    expect(prefectures.body.totals).toMatchObject({ units: 5, held: 5 });
    expectProblem(await get(`year=2028&groupBy=province&areaId=${ids['53']}`), 400, ['groupBy']);
    expectProblem(await get('year=20x8'), 400, ['year']);
  });

  it('a kept answer follows a write: a screening reported in 东城区 counts at once', async () => {
    const before = await get('year=2028&groupBy=county');
    expect(byName(before.body.groups)['东城区']).toMatchObject({ held: 0 });
    await completed('c1', '2028-02-21T19:00+08:00');
    const after = await get('year=2028&groupBy=county');
    expect(byName(after.body.groups)['东城区']).toMatchObject({ held: 1, completed: 1 });
    // 1 of 12 × 60/366 against 红塔区's 1 of 2 × 6 × 60/366: a tie, broken by code.
    expect(after.body.groups.map((g: { name: string }) => g.name)).toEqual(['东城区', '红塔区', '通海县']);
    expect(after.body.groups[0].progress).toBeCloseTo(after.body.groups[1].progress, 10);
    await app.db('screenings').where({ village_id: unit.c1, status: 'completed' }).delete();
    expect(byName((await get('year=2028&groupBy=county')).body.groups)['东城区']).toMatchObject({ held: 0 });
  });

  it('downloads as CSV and XLSX', async () => {
    const csv = await get('year=2028&groupBy=county&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('序时进度');
    expect(csv.text.indexOf('东城区')).toBeLessThan(csv.text.indexOf('通海县'));
    const xlsx = await get('year=2028&format=xlsx').buffer(true);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
  });
});

describe('who may read it', () => {
  it("a county bureau reads its own county (by township); another area's id is 404, as a missing one", async () => {
    const [u] = await app.db('users').insert({ username: 'bureau_tonghai_progress', password_hash: 'x', role: 'bureau', area_id: ids['530423'] }).returning('id');
    const auth = bearer((await createSession(app.db, u.id, 1)).token);
    const own = await app.http.get('/api/reports/progress?year=2028').set(auth);
    expect(own.body).toMatchObject({ groupBy: 'township', area: { id: ids['530423'] }, totals: { units: 3, held: 4 } });
    expect(JSON.stringify(own.body)).not.toContain('红塔区');
    expectProblem(await app.http.get(`/api/reports/progress?year=2028&areaId=${ids['530402']}`).set(auth), 404);
    expectProblem(await app.http.get('/api/reports/progress?year=2028&areaId=2000000001').set(auth), 404);
    const byCounty = await app.http.get('/api/reports/progress?year=2028&groupBy=county').set(auth);
    expectProblem(byCounty, 400, ['groupBy']);
  });

  it('a partner and a projectionist are refused; nobody signed in is 401', async () => {
    expectProblem(await app.as.partner.get('/api/reports/progress'), 403);
    const [u] = await app.db('users').insert({ username: 'progress_projectionist', password_hash: 'x', role: 'projectionist', team_id: ids.team }).returning('id');
    expectProblem(await app.http.get('/api/reports/progress').set(bearer((await createSession(app.db, u.id, 1)).token)), 403);
    expectProblem(await app.http.get('/api/reports/progress'), 401);
  });
});
