import { beforeAll, describe, expect, it } from 'vitest';
import { RANK } from '../../domain/status.js';
import { isUnitInMonth } from '../../domain/units.js';
import { monthRange } from '../../server/months.js';
import { useApp } from '../helpers/api.js';

// issue 22 progress: the counts kept per county-month and township-month (server/reports/progressCounts.ts,
// table progress_counts) are the coverage engine's covered unit-months, and follow every write.
// The clock: 2028-03-01 10:00 in Asia/Shanghai.

const app = useApp({ as: ['admin', 'partner'], now: '2028-03-01T10:00:00' });
const ids: Record<string, number> = {};
const v: Record<string, number> = {};
const MONTHS = ['2027-12', '2028-01', '2028-02', '2028-03'];

async function screening(village: string, startsAt: string, o: Record<string, unknown> = {}) {
  const start = new Date(startsAt);
  const team = (await app.make.team({ partner_id: app.as.partner.partnerId })).id; // a team each: no 3-hour clash
  return app.make.screening({ village_id: v[village]!, team_id: team, starts_at: start, status: 'completed', audience: 30, reported_at: new Date(start.getTime() + 3_600_000), ...o });
}

beforeAll(async () => {
  await app.db('areas').insert([
    { code: '53', name: '云南省' },
    { code: '5304', name: '玉溪市' },
    { code: '530423', name: '通海县' },
    { code: '530402', name: '红塔区' },
  ]);
  for (const a of await app.db('areas').select('id', 'code')) ids[a.code] = a.id;
  ids.tA = (await app.make.township({ code: '530423100', county_id: ids['530423'] })).id;
  ids.tA2 = (await app.make.township({ code: '530423101', county_id: ids['530423'] })).id;
  ids.tB = (await app.make.township({ code: '530402001', county_id: ids['530402'] })).id;
  ids.tNone = (await app.make.township({ code: null })).id;
  for (const [name, t] of [['a1', ids.tA], ['a2', ids.tA], ['c1', ids.tA2], ['b1', ids.tB], ['x1', ids.tNone]] as const) v[name] = (await app.make.village({ township_id: t })).id;
  // A natural village counts for its parent; a unit retired on 1 February is no unit of February on.
  v.n1 = (await app.make.village({ township_id: ids.tA, kind: 'natural', parent_id: v.a1 })).id;
  v.a3 = (await app.make.village({ township_id: ids.tA, retired_at: new Date('2028-02-01T00:00:00+08:00') })).id;
  await screening('a1', '2028-01-05T19:00+08:00');
  await screening('n1', '2028-01-06T19:00+08:00'); // a1's January again: once
  await screening('n1', '2028-02-06T19:00+08:00'); // a1's February through its natural village
  await screening('a2', '2028-01-07T19:00+08:00', { review_decision: 'rejected', review_reason: '照片不符' });
  await screening('a2', '2028-02-29T19:00+08:00', { status: 'scheduled', audience: null, reported_at: null });
  await screening('a2', '2027-12-31T23:30+08:00'); // December 2027 in the county
  await screening('a3', '2028-01-08T19:00+08:00');
  await screening('a3', '2028-02-08T19:00+08:00'); // retired by then: not held
  await screening('c1', '2028-03-01T08:00+08:00');
  await screening('b1', '2028-01-09T19:00+08:00', { status: 'cancelled', cancel_reason: 'rain', audience: null, reported_at: null });
  await screening('b1', '2028-02-09T19:00+08:00');
  await screening('x1', '2028-01-10T19:00+08:00');
});

const report = (q: string) => app.as.admin.get(`/api/reports/progress?${q}`);
/** The kept rows of a grain-month: area id → the row. */
async function kept(grain: 'county' | 'township', month: string) {
  const rows: { area_id: number; units: number; held: number; completed: number; on_time: number; last: number }[] = await app.db('progress_counts').where({ grain, month });
  return new Map(rows.map((r) => [r.area_id, r]));
}

/** The coverage engine's covered unit-months of a month, per county (0: none) or township. */
async function engineCovered(month: string, by: 'county' | 'township') {
  const now = app.config.now();
  const range = monthRange(month, app.config.timezone);
  const st = await app.ctx.coverage.month(range, 'administrative', now);
  const u = st.units;
  const out = new Map<number, number>();
  for (let p = 0; p < u.id.length; p++) {
    if (st.rank[p] !== RANK.covered || !isUnitInMonth(u.retiredAt[p]!, range.start.toMillis())) continue;
    const key = by === 'county' ? u.countyId[p]! : u.townshipId[p]!;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Fills (or brings up to date) both years at both grains through the report, then compares. */
async function expectSameAsEngine() {
  for (const q of ['year=2028', 'year=2027', 'year=2028&groupBy=township', 'year=2027&groupBy=township']) expect((await report(q)).status).toBe(200);
  for (const grain of ['county', 'township'] as const) {
    for (const month of MONTHS) {
      const rows = await kept(grain, month);
      const mine = new Map([...rows].filter(([, r]) => r.held > 0).map(([id, r]) => [id, r.held]));
      expect(mine, `${grain} ${month}`).toEqual(await engineCovered(month, grain));
    }
  }
}

describe('the kept counts', () => {
  it('equal the coverage engine\'s covered unit-months, per county and per township, month by month', async () => {
    await expectSameAsEngine();
    const county = await kept('county', '2028-01');
    // 通海县 January (units a1, a2, a3, c1): a1 (twice, once through n1) and a3; a2's rejected one holds nothing.
    expect(county.get(ids['530423']!)).toMatchObject({ units: 4, held: 2, completed: 4 });
    // February: a3 retired on the 1st is no unit, its screening holds nothing.
    expect((await kept('county', '2028-02')).get(ids['530423']!)).toMatchObject({ units: 3, held: 1, completed: 2 });
    expect(county.get(ids['530402']!)).toMatchObject({ units: 1, held: 0, completed: 0 });
    expect(county.get(0)).toMatchObject({ units: 1, held: 1 }); // x1, in a township of no county
    expect((await kept('county', '2027-12')).get(ids['530423']!)).toMatchObject({ held: 1, last: 1 });
    // The report sums them: 2028 up to March, held 2 + 1 + 1 (c1, 1 March) in 通海县.
    const byCounty = await report('year=2028&groupBy=county');
    const tonghai = byCounty.body.groups.find((g: { id: number }) => g.id === ids['530423']);
    expect(tonghai).toMatchObject({ units: 4, held: 4 });
  });

  it('follow a write: a screening completed, rejected, moved to another month, deleted — only its county-month recomputed', async () => {
    await report('year=2028');
    // Another county's row altered by hand: a write in 通海县 must leave it as it is (nothing recomputes it).
    await app.db('progress_counts').where({ grain: 'county', month: '2028-02', area_id: ids['530402'] }).update({ completed: 99 });
    const heldOf = async (month: string) => (await kept('county', month)).get(ids['530423']!)?.held ?? 0;
    const tonghai = async () => (await report('year=2028&groupBy=county')).body.groups.find((g: { id: number }) => g.id === ids['530423']) as { held: number; completed: number };
    const before = await tonghai();
    const [march, feb] = [await heldOf('2028-03'), await heldOf('2028-02')];

    const s = await screening('a2', '2028-03-01T09:00+08:00');
    expect(await tonghai()).toMatchObject({ held: before.held + 1, completed: before.completed + 1 });
    expect(await heldOf('2028-03')).toBe(march + 1);

    await app.db('screenings').where({ id: s.id }).update({ review_decision: 'rejected', review_reason: '照片不符' });
    expect(await tonghai()).toMatchObject({ held: before.held, completed: before.completed + 1 });
    expect(await heldOf('2028-03')).toBe(march);

    await app.db('screenings').where({ id: s.id }).update({ review_decision: null, review_reason: null, starts_at: new Date('2028-02-20T19:00+08:00') });
    expect(await tonghai()).toMatchObject({ held: before.held + 1 });
    expect([await heldOf('2028-03'), await heldOf('2028-02')]).toEqual([march, feb + 1]);

    await app.db('screenings').where({ id: s.id }).delete();
    expect(await tonghai()).toMatchObject({ held: before.held, completed: before.completed });
    expect([await heldOf('2028-03'), await heldOf('2028-02')]).toEqual([march, feb]);

    expect((await kept('county', '2028-02')).get(ids['530402']!)).toMatchObject({ completed: 99 });
    await app.db('progress_counts').where({ grain: 'county', month: '2028-02', area_id: ids['530402'] }).update({ completed: 1 });
    await expectSameAsEngine();
  });

  it('a change of the registry recomputes them whole: a unit moved to another county', async () => {
    await report('year=2028');
    await app.db('villages').where({ id: v.b1 }).update({ township_id: ids.tA2 });
    try {
      const res = await report('year=2028&groupBy=county');
      const hongta = res.body.groups.find((g: { id: number }) => g.id === ids['530402']);
      expect(hongta).toMatchObject({ units: 0, held: 0 });
      await expectSameAsEngine();
    } finally {
      await app.db('villages').where({ id: v.b1 }).update({ township_id: ids.tB });
    }
  });
});
