import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

const app = useApp({ as: ['partner', 'bureau'] });
let tm: { id: number };
let tm2: { id: number };

beforeAll(async () => {
  tm = await app.make.team();
  tm2 = await app.make.team();
});
beforeEach(() => app.setNow('2026-11-15T12:00:00'));

const get = (url: string) => app.as.partner.get(url);
const statusOf = async (villageId: number, month: string, level = 'administrative') => {
  const res = await get(`/api/coverage/villages?month=${month}&level=${level}`);
  expect(res.status).toBe(200);
  return res.body.features.find((f: { id: number }) => f.id === villageId)?.properties.status;
};

describe('status of a unit for a month', () => {
  it('covered beats planned beats overdue beats gap; cancelled counts as nothing', async () => {
    const ts = await app.make.township();
    const [covered, planned, overdue, gap, cancelled] = await Promise.all([1, 2, 3, 4, 5].map(() => app.make.village({ township_id: ts.id })));
    await app.make.screening({ village_id: covered!.id, team_id: tm.id, starts_at: '2026-11-03T19:00+08:00', status: 'completed', audience: 10 });
    await app.make.screening({ village_id: covered!.id, team_id: tm.id, starts_at: '2026-11-20T19:00+08:00' });
    await app.make.screening({ village_id: planned!.id, team_id: tm.id, starts_at: '2026-11-21T19:00+08:00' });
    await app.make.screening({ village_id: planned!.id, team_id: tm.id, starts_at: '2026-11-04T19:00+08:00' });
    await app.make.screening({ village_id: overdue!.id, team_id: tm.id, starts_at: '2026-11-05T19:00+08:00' });
    await app.make.screening({ village_id: cancelled!.id, team_id: tm.id, starts_at: '2026-11-06T19:00+08:00', status: 'cancelled', cancel_reason: 'rain' });
    const res = await get(`/api/coverage?month=2026-11&townshipId=${ts.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: '2026-11', timezone: 'Asia/Shanghai', level: 'administrative' });
    // verified: none of them is backed by evidence (test/api/coverage-verified.test.ts).
    expect(res.body.totals).toEqual({ units: 5, covered: 1, planned: 1, overdue: 1, gap: 2, verified: 0, coverage: 0.2 });
    expect(res.body.townships).toEqual([{ id: ts.id, name: ts.name, units: 5, covered: 1, planned: 1, overdue: 1, gap: 2, verified: 0, coverage: 0.2 }]);
    expect(await statusOf(gap!.id, '2026-11')).toBe('gap');
    expect(await statusOf(cancelled!.id, '2026-11')).toBe('gap');
  });

  it('a planned unit becomes overdue the moment now passes its start, and covered once reported', async () => {
    const v = await app.make.village();
    const s = await app.make.screening({ village_id: v.id, team_id: tm2.id, starts_at: '2026-11-16T19:30+08:00' });
    app.setNow('2026-11-16T19:29:59');
    expect(await statusOf(v.id, '2026-11')).toBe('planned');
    app.setNow('2026-11-16T19:30:00');
    expect(await statusOf(v.id, '2026-11')).toBe('overdue');
    await app.db('screenings').where({ id: s.id }).update({ status: 'completed', audience: 30 });
    expect(await statusOf(v.id, '2026-11')).toBe('covered');
  });

  it('months are local: 23:30 on 31 October covers October, 00:30 on 1 November covers November', async () => {
    const a = await app.make.village();
    const b = await app.make.village();
    await app.make.screening({ village_id: a.id, team_id: tm.id, starts_at: '2026-10-31T23:30+08:00', status: 'completed', audience: 1 });
    await app.make.screening({ village_id: b.id, team_id: tm2.id, starts_at: '2026-11-01T00:30+08:00', status: 'completed', audience: 1 });
    expect(await statusOf(a.id, '2026-10')).toBe('covered');
    expect(await statusOf(a.id, '2026-11')).toBe('gap');
    expect(await statusOf(b.id, '2026-10')).toBe('gap');
    expect(await statusOf(b.id, '2026-11')).toBe('covered');
  });

  it('coverage is covered/units exactly, not rounded', async () => {
    const ts = await app.make.township();
    const vs = await Promise.all([1, 2, 3].map(() => app.make.village({ township_id: ts.id })));
    const own = await app.make.team();
    await app.make.screening({ village_id: vs[0]!.id, team_id: own.id, starts_at: '2026-11-03T19:00+08:00', status: 'completed', audience: 1 });
    const res = await get(`/api/coverage?month=2026-11&townshipId=${ts.id}`);
    expect(res.body.totals.coverage).toBe(1 / 3);
    expect(res.body.townships[0].coverage).toBe(1 / 3);
    const year = await get(`/api/coverage/year?year=2026&townshipId=${ts.id}`);
    expect(year.body.months[10]).toEqual({ month: '2026-11', units: 3, covered: 1, verified: 0, coverage: 1 / 3 });
  });

  it('the county zone is configurable: the same instant falls in another month elsewhere', async () => {
    const ts = await app.make.township();
    const v = await app.make.village({ township_id: ts.id });
    await app.make.screening({ village_id: v.id, team_id: (await app.make.team()).id, starts_at: '2026-10-31T23:30+00:00', status: 'completed', audience: 1 });
    // A second app on the same database, its county in UTC.
    const utc = app.withEnv({ COUNTY_TIMEZONE: 'UTC' });
    const covered = async (agent: typeof utc, month: string, zone: string) => {
      const res = await agent.get(`/api/coverage?month=${month}&townshipId=${ts.id}`).set(app.as.bureau.auth);
      expect(res.status).toBe(200);
      expect(res.body.timezone).toBe(zone);
      return res.body.totals.covered;
    };
    expect([await covered(utc, '2026-10', 'UTC'), await covered(utc, '2026-11', 'UTC')]).toEqual([1, 0]);
    // In Asia/Shanghai the same instant is 07:30 on 1 November.
    expect([await covered(app.http, '2026-10', 'Asia/Shanghai'), await covered(app.http, '2026-11', 'Asia/Shanghai')]).toEqual([0, 1]);
  });
});

describe('levels', () => {
  it('a screening in a natural village covers its administrative village; at the natural level only natural villages count', async () => {
    const ts = await app.make.township();
    const admin = await app.make.village({ township_id: ts.id });
    const hamlet = await app.make.village({ township_id: ts.id, kind: 'natural', parent_id: admin.id });
    const hamlet2 = await app.make.village({ township_id: ts.id, kind: 'natural', parent_id: admin.id });
    const lone = await app.make.village({ township_id: ts.id });
    await app.make.screening({ village_id: hamlet.id, team_id: tm.id, starts_at: '2026-09-10T19:00+08:00', status: 'completed', audience: 5 });
    await app.make.screening({ village_id: lone.id, team_id: tm2.id, starts_at: '2026-09-10T19:00+08:00', status: 'completed', audience: 5 });
    const adm = await get(`/api/coverage?month=2026-09&townshipId=${ts.id}`);
    expect(adm.body.totals).toMatchObject({ units: 2, covered: 2, gap: 0 });
    const nat = await get(`/api/coverage?month=2026-09&townshipId=${ts.id}&level=natural`);
    expect(nat.body.level).toBe('natural');
    expect(nat.body.totals).toMatchObject({ units: 2, covered: 1, gap: 1 });
    expect(await statusOf(hamlet.id, '2026-09', 'natural')).toBe('covered');
    expect(await statusOf(hamlet2.id, '2026-09', 'natural')).toBe('gap');
    expect(await statusOf(admin.id, '2026-09', 'administrative')).toBe('covered');
    expect(await statusOf(hamlet.id, '2026-09', 'administrative')).toBeUndefined();
  });
});

describe('retirement', () => {
  it('a village retired at a month\'s first instant leaves that month and later ones, never earlier ones', async () => {
    const ts = await app.make.township();
    const v = await app.make.village({ township_id: ts.id, retired_at: '2026-10-01T00:00:00+08:00' });
    const mid = await app.make.village({ township_id: ts.id, retired_at: '2026-10-15T00:00:00+08:00' });
    const sep = await get(`/api/coverage?month=2026-09&townshipId=${ts.id}`);
    const oct = await get(`/api/coverage?month=2026-10&townshipId=${ts.id}`);
    const nov = await get(`/api/coverage?month=2026-11&townshipId=${ts.id}`);
    expect([sep.body.totals.units, oct.body.totals.units, nov.body.totals.units]).toEqual([2, 1, 0]);
    expect(await statusOf(v.id, '2026-09')).toBe('gap');
    expect(await statusOf(v.id, '2026-10')).toBeUndefined();
    expect(await statusOf(mid.id, '2026-10')).toBe('gap');
    const year = await get(`/api/coverage/year?year=2026&townshipId=${ts.id}`);
    const row = year.body.villages.find((x: { id: number }) => x.id === v.id);
    expect(row.statuses).toHaveLength(12);
    expect(row.statuses.slice(8, 11)).toEqual(['gap', null, null]);
    expect(year.body.months[8]).toEqual({ month: '2026-09', units: 2, covered: 0, verified: 0, coverage: 0 });
    expect(year.body.months[9].units).toBe(1);
  });
});

describe('the village list of a month', () => {
  it('is GeoJSON with the contract properties, filterable by status, counting screenings that are not cancelled', async () => {
    const ts = await app.make.township({ name: '测试镇' });
    const v = await app.make.village({ township_id: ts.id, name: '三义村', lat: 24.1, lng: 102.7 });
    await app.make.screening({ village_id: v.id, team_id: tm.id, starts_at: '2026-08-02T19:00+08:00', status: 'completed', audience: 1 });
    await app.make.screening({ village_id: v.id, team_id: tm.id, starts_at: '2026-08-03T19:00+08:00', status: 'cancelled', cancel_reason: 'x' });
    await app.make.screening({ village_id: v.id, team_id: tm.id, starts_at: '2026-08-04T19:00+08:00', status: 'completed', audience: 2 });
    const res = await get(`/api/coverage/villages?month=2026-08&townshipId=${ts.id}`);
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features[0]).toMatchObject({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [102.7, 24.1] },
      properties: { id: v.id, name: '三义村', townshipId: ts.id, townshipName: '测试镇', kind: 'administrative', status: 'covered', screenings: 2 },
    });
    const gaps = await get(`/api/coverage/villages?month=2026-08&townshipId=${ts.id}&status=gap`);
    expect(gaps.body.features).toHaveLength(0);
    const bad = await get('/api/coverage/villages?month=2026-08&status=missing&level=county');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['level', 'status']);
  });

  it('the popup detail lists the month and the last completed screening before it, each with its programme in order', async () => {
    const admin = await app.make.village();
    const hamlet = await app.make.village({ township_id: admin.township_id, kind: 'natural', parent_id: admin.id });
    const [feature, short] = [await app.make.film({ title: '喜盈门', minutes: 95 }), await app.make.film({ title: '种子的故事', category: 'science', minutes: 20 })];
    await app.make.screening({ village_id: hamlet.id, team_id: tm.id, programme: [short.id, feature.id], starts_at: '2026-06-02T19:00+08:00', status: 'completed', audience: 7 });
    await app.make.screening({ village_id: admin.id, team_id: tm.id, starts_at: '2026-07-09T19:00+08:00', status: 'cancelled', cancel_reason: 'rain' });
    const res = await get(`/api/coverage/villages/${admin.id}?month=2026-07`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('gap');
    expect(res.body.screenings).toHaveLength(1);
    expect(res.body.screenings[0]).toMatchObject({ status: 'cancelled', cancelReason: 'rain', filmTitle: null, films: [] });
    expect(res.body.lastCompleted).toMatchObject({ startsAt: '2026-06-02T19:00:00.000+08:00', audience: 7, villageName: hamlet.name, filmTitle: '种子的故事' });
    expect(res.body.lastCompleted.films).toEqual([
      { id: short.id, title: '种子的故事', category: 'science', minutes: 20 },
      { id: feature.id, title: '喜盈门', category: 'feature', minutes: 95 },
    ]);
    expect((await get(`/api/coverage/villages/${hamlet.id}?month=2026-07`)).status).toBe(404);
  });
});

describe('CSV', () => {
  it('summary, village list and year come as UTF-8 CSV with a BOM, by ?format=csv or Accept, written as the pages show them', async () => {
    const ts = await app.make.township({ name: '纳古镇' });
    await app.make.village({ township_id: ts.id, name: '纳家营村', code: '530423104201' });
    const summary = await get(`/api/coverage?month=2026-05&townshipId=${ts.id}&format=csv`).buffer(true).parse(text as never);
    expect(summary.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(summary.body.startsWith('\uFEFF')).toBe(true);
    const lines = summary.body.slice(1).trim().split('\r\n');
    // Coverage as a percentage, as the pages show it.
    expect(lines[1]).toBe('纳古镇,1,0,0,0,1,0%');
    expect(lines[2]).toBe('合计 total,1,0,0,0,1,0%');
    const list = await get(`/api/coverage/villages?month=2026-05&townshipId=${ts.id}`).set('Accept', 'text/csv').buffer(true).parse(text as never);
    // The code stays text in Excel (="…"); kind and status in Chinese.
    expect(list.body).toContain('"=""530423104201""",纳家营村,纳古镇,行政村,盲点,,0,');
    const year = await get(`/api/coverage/year?year=2026&townshipId=${ts.id}&format=csv`).buffer(true).parse(text as never);
    expect(year.body.slice(1).split('\r\n')[1]).toBe(`纳古镇,纳家营村,${Array(12).fill('盲点').join(',')},0`);
    expect((await get('/api/coverage?format=xml')).status).toBe(400);
  });
});

describe('the lean map feed', () => {
  it('units are columnar and cached by version; statuses are one letter per unit in the same order', async () => {
    const ts = await app.make.township();
    const v = await app.make.village({ township_id: ts.id });
    const retired = await app.make.village({ township_id: ts.id, retired_at: '2026-01-01T00:00:00+08:00' });
    await app.make.screening({ village_id: v.id, team_id: tm.id, starts_at: '2026-04-02T19:00+08:00', status: 'completed', audience: 1 });
    const units = await get('/api/coverage/units');
    expect(units.status).toBe(200);
    const ids: number[] = units.body.units.id;
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(Object.keys(units.body.units).sort()).toEqual(['code', 'id', 'kind', 'lat', 'lng', 'name', 'townshipId']);
    const again = await get('/api/coverage/units').set('If-None-Match', String(units.headers.etag));
    expect(again.status).toBe(304);
    const st = await get('/api/coverage/statuses?month=2026-04');
    expect(st.body, JSON.stringify(st.body)).toHaveProperty('version', units.body.version);
    expect(st.body.statuses).toHaveLength(ids.length);
    expect(st.body.statuses[ids.indexOf(v.id)]).toBe('c');
    expect(st.body.statuses[ids.indexOf(retired.id)]).toBe('-');
    const inTownship = await get(`/api/coverage/statuses?month=2026-04&townshipId=${ts.id}`);
    const letters: string = inTownship.body.statuses;
    expect(letters[ids.indexOf(v.id)]).toBe('c');
    expect(ids.filter((_, i) => letters[i] !== '-')).toEqual([v.id]);
    expect((await app.as.bureau.patch(`/api/villages/${v.id}`).send({ name: 'renamed' })).status).toBe(200);
    const changed = await get('/api/coverage/units').set('If-None-Match', String(units.headers.etag));
    expect(changed.status).toBe(200);
    expect(changed.body.version).not.toBe(units.body.version);
  });
});

function text(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, cb: (err: Error | null, body: string) => void) {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (data += chunk));
  res.on('end', () => cb(null, data));
}
