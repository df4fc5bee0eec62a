import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// The money settings of an area (DOMAIN.md "Periods and settlement", "Money"), beside the
// supervision phone on /api/areas/:id/settings: each inherited downward on its own (province →
// prefecture → county), else the deployment's default (areaId null); null clears one.

const app = useApp({ as: ['admin'], env: { SUBSIDY_PER_SCREENING_YUAN: '200' } });
const ids = {} as Record<string, number>;
const auth = {} as Record<string, Record<string, string>>;
const put = (who: string, area: string, body: object) => app.http.put(`/api/areas/${ids[area]}/settings`).set(auth[who]!).send(body);
const get = (who: string, area: string) => app.http.get(`/api/areas/${ids[area]}/settings`).set(auth[who]!);

beforeAll(async () => {
  const [province] = await app.db('areas').insert({ code: '53', name: '云南省' }).returning('id');
  const [prefecture] = await app.db('areas').insert({ code: '5304', name: '玉溪市' }).returning('id');
  const [county] = await app.db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
  await app.db('areas').insert({ code: '5301', name: '昆明市' });
  const [other] = await app.db('areas').insert({ code: '530102', name: '五华区' }).returning('id');
  Object.assign(ids, { province: province.id, prefecture: prefecture.id, county: county.id, other: other.id });
  const bureau = async (areaId: number, name: string) => {
    const [u] = await app.db('users').insert({ username: name, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
    return bearer((await createSession(app.db, u.id, 1)).token);
  };
  auth.admin = app.as.admin.auth;
  auth.county = await bureau(county.id, 'bureau_county');
  auth.other = await bureau(other.id, 'bureau_other');
  auth.province = await bureau(province.id, 'bureau_province');
  auth.partner = (await app.newUser('partner')).auth;
});

describe('money settings on /api/areas/:id/settings', () => {
  it('answers the deployment defaults where nothing is set (areaId null)', async () => {
    const res = await get('county', 'county');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      subsidyPerScreening: { value: 200, areaId: null, areaName: null },
      costShares: { value: { central: 0.5, province: 0.2, prefecture: 0.2, county: 0.1 }, areaId: null },
      filmFeePerFilm: { value: 0, areaId: null },
      annualPlanPerUnit: { value: 12, areaId: null },
      paymentRound: { value: 'quarter', areaId: null },
    });
  });

  it('inherits each setting on its own: province → prefecture → county, and a clear inherits again', async () => {
    expect((await put('province', 'province', { subsidyPerScreening: 350, costShares: { central: 0.4, province: 0.3, prefecture: 0.2, county: 0.1 }, paymentRound: 'half' })).status).toBe(200);
    expect((await put('admin', 'prefecture', { subsidyPerScreening: 300.5, filmFeePerFilm: 12.34 })).status).toBe(200);
    let c = (await get('county', 'county')).body;
    expect(c.subsidyPerScreening).toEqual({ value: 300.5, areaId: ids.prefecture, areaName: '玉溪市' });
    expect(c.filmFeePerFilm).toEqual({ value: 12.34, areaId: ids.prefecture, areaName: '玉溪市' });
    expect(c.costShares).toEqual({ value: { central: 0.4, province: 0.3, prefecture: 0.2, county: 0.1 }, areaId: ids.province, areaName: '云南省' });
    expect(c.paymentRound).toEqual({ value: 'half', areaId: ids.province, areaName: '云南省' });
    const own = await put('county', 'county', { subsidyPerScreening: 333.33, annualPlanPerUnit: 10, paymentRound: 'month' });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.subsidyPerScreening).toEqual({ value: 333.33, areaId: ids.county, areaName: '通海县' });
    expect(own.body.annualPlanPerUnit).toEqual({ value: 10, areaId: ids.county, areaName: '通海县' });
    // The other county of the province inherits the province's only.
    expect((await get('other', 'other')).body.subsidyPerScreening).toEqual({ value: 350, areaId: ids.province, areaName: '云南省' });
    c = (await put('county', 'county', { subsidyPerScreening: null, paymentRound: null })).body;
    expect(c.subsidyPerScreening).toEqual({ value: 300.5, areaId: ids.prefecture, areaName: '玉溪市' });
    expect(c.paymentRound.areaId).toBe(ids.province);
    expect(c.annualPlanPerUnit.value).toBe(10);
    // The row stays while any setting is set, and goes with the last.
    expect(await app.db('area_settings').where({ area_id: ids.county }).first()).toBeDefined();
    await put('county', 'county', { annualPlanPerUnit: null });
    expect(await app.db('area_settings').where({ area_id: ids.county }).first()).toBeUndefined();
    expect((await get('county', 'county')).body.annualPlanPerUnit).toEqual({ value: 12, areaId: null, areaName: null });
  });

  it('keeps the supervision phone apart: setting money leaves the phone, clearing the phone leaves the money', async () => {
    await put('admin', 'other', { supervisionPhone: '0877-1234567', filmFeePerFilm: 5 });
    await put('admin', 'other', { supervisionPhone: null });
    const o = (await get('admin', 'other')).body;
    expect(o.filmFeePerFilm).toEqual({ value: 5, areaId: ids.other, areaName: '五华区' });
    expect(o.supervisionPhone.value).toBeNull();
  });

  it('refuses shares not summing to 1, a share outside 0..1, three decimals of yuan, a bad round (400 naming the field)', async () => {
    expectProblem(await put('admin', 'county', { costShares: { central: 0.5, province: 0.2, prefecture: 0.2, county: 0.2 } }), 400, ['costShares']);
    expectProblem(await put('admin', 'county', { costShares: { central: 1.5, province: -0.5, prefecture: 0, county: 0 } }), 400, ['costShares.central', 'costShares.province']);
    expectProblem(await put('admin', 'county', { costShares: { central: 1 } }), 400);
    expectProblem(await put('admin', 'county', { subsidyPerScreening: 333.333 }), 400, ['subsidyPerScreening']);
    expectProblem(await put('admin', 'county', { filmFeePerFilm: 0.001 }), 400, ['filmFeePerFilm']);
    expectProblem(await put('admin', 'county', { subsidyPerScreening: -1 }), 400, ['subsidyPerScreening']);
    expectProblem(await put('admin', 'county', { subsidyPerScreening: '200' }), 400, ['subsidyPerScreening']);
    expectProblem(await put('admin', 'county', { paymentRound: 'year' }), 400, ['paymentRound']);
    expectProblem(await put('admin', 'county', { annualPlanPerUnit: 1.5 }), 400, ['annualPlanPerUnit']);
    // Thirds are fine: they sum to 1 within a millionth.
    const thirds = await put('admin', 'county', { costShares: { central: 1 / 3, province: 1 / 3, prefecture: 1 / 3, county: 0 } });
    expect(thirds.status, JSON.stringify(thirds.body)).toBe(200);
    await put('admin', 'county', { costShares: null });
  });

  it('answers 404 outside the writer\'s area, 403 to a partner', async () => {
    expectProblem(await put('county', 'prefecture', { subsidyPerScreening: 1 }), 404);
    expectProblem(await put('other', 'county', { subsidyPerScreening: 1 }), 404);
    expectProblem(await get('other', 'county'), 404);
    expectProblem(await put('partner', 'county', { subsidyPerScreening: 1 }), 403);
  });

  it('is audit-logged as the area\'s change: what the request set, before and after', async () => {
    const log = await app.as.admin.get(`/api/audit?entity=area&id=${ids.prefecture}`);
    expect(log.body.items.map((e: { before: { settings: unknown }; after: { settings: unknown } }) => [e.before.settings, e.after.settings])).toEqual([
      [{ subsidyPerScreening: null, filmFeePerFilm: null }, { subsidyPerScreening: 300.5, filmFeePerFilm: 12.34 }],
    ]);
  });
});

describe("the month's subsidy report pays each county at its inherited rate", () => {
  it('a county at ¥333.34 and another at the default ¥200, each screening at its own, the totals to the fen', async () => {
    await put('admin', 'county', { subsidyPerScreening: 333.34 });
    await put('admin', 'province', { subsidyPerScreening: null });
    const partner = await app.make.partner({ name: '结算公司' });
    const team = await app.make.team({ partner_id: partner.id, name: '一队' });
    let day = 1;
    const inCounty = async (countyId: number, code: string, names: string[]) => {
      const t = await app.make.township({ county_id: countyId, name: `镇${code}`, code });
      for (const name of names) {
        const v = await app.make.village({ township_id: t.id, name });
        const startsAt = `2026-03-${String(day++).padStart(2, '0')}T19:00+08:00`;
        await app.make.screening({ village_id: v.id, team_id: team.id, starts_at: startsAt, status: 'completed', audience: 10, verification: 'verified' });
      }
    };
    await inCounty(ids.county!, '530423101', ['甲', '乙', '丙']);
    await inCounty(ids.other!, '530102101', ['丁']);
    const one = await app.http.get('/api/reports/subsidy?month=2026-03&areaId=' + ids.county).set(auth.admin!);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ perScreeningYuan: 333.34, totalYuan: 1000.02 });
    const all = await app.http.get('/api/reports/subsidy?month=2026-03').set(auth.admin!);
    expect(all.body.perScreeningYuan).toBe(200);
    expect(all.body.totalYuan).toBe(1200.02);
    expect(all.body.counties.map((c: { countyCode: string; amountYuan: number }) => [c.countyCode, c.amountYuan])).toEqual([
      ['530102', 200],
      ['530423', 1000.02],
    ]);
  });
});
