import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp, type SignedIn } from '../helpers/api.js';

// Targets per area and year, inherited downward, and the programme report (DOMAIN.md "Films and
// programmes", "Targets"; issue 20 point 6), on a small hand-built set: a province, its prefecture,
// two counties (通海 with two townships, 红塔 with one), films on each side of every line the
// report draws (a 60-minute film and a 59-minute one, a film of `other` that is long, 2 and 3
// science shorts, films of the year, the year before and older), screenings completed, rejected,
// cancelled, across the year's last night, and repeats with their reasons.

const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-12-15T12:00:00' });
const FILMS = ['old', 'f2025', 'f2026', 'short59', 'doc60', 'other90', 'sci1', 'sci2', 'sci3'] as const;
type Key = 'yunnan' | 'yuxi' | 'tonghai' | 'hongta' | 't1' | 't2' | 't3' | 'own' | `S${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 13}` | `film_${(typeof FILMS)[number]}`;
const ids = {} as Record<Key, number>;
let projectionist: Record<string, string>;
let hongtaBureau: Record<string, string>;
let tonghaiBureau: Record<string, string>;

async function bureauOf(areaId: number) {
  const [u] = await app.db('users').insert({ username: `bureau_of_${areaId}`, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
  return bearer((await createSession(app.db, u.id, 1)).token);
}

beforeAll(async () => {
  const area = async (code: string, name: string) => (await app.db('areas').insert({ code, name }).returning('id'))[0].id as number;
  ids.yunnan = await area('53', '云南省');
  ids.yuxi = await area('5304', '玉溪市');
  ids.tonghai = await area('530423', '通海县');
  ids.hongta = await area('530402', '红塔区');
  const { township, village, team, film, screening } = app.make;
  const t1 = await township({ name: '秀山街道', code: '530423001', county_id: ids.tonghai });
  const t2 = await township({ name: '杨广镇', code: '530423002', county_id: ids.tonghai });
  const t3 = await township({ name: '玉兴街道', code: '530402001', county_id: ids.hongta });
  Object.assign(ids, { t1: t1.id, t2: t2.id, t3: t3.id });
  const a1 = await village({ township_id: t1.id, name: '秀山社区' });
  const n1 = await village({ township_id: t1.id, name: '秀山下村', kind: 'natural', parent_id: a1.id });
  const a2 = await village({ township_id: t2.id, name: '杨广村' });
  const b1 = await village({ township_id: t3.id, name: '玉兴社区' });
  const own = await team({ partner_id: app.as.partner.partnerId, name: '自己的队' });
  const other = await team({ name: '别家的队' });
  const third = await team({ partner_id: (await app.make.partner()).id, name: '第三队' });
  await app.as.admin.post('/api/contracts').send({ partnerId: app.as.partner.partnerId, countyId: ids.tonghai, from: '2026-01' }).expect(201);
  const f = {
    old: await film({ title: '老电影', category: 'feature', minutes: 95, year: 2010 }),
    f2025: await film({ title: '去年的片', category: 'feature', minutes: 100, year: 2025 }),
    f2026: await film({ title: '今年的片', category: 'feature', minutes: 100, year: 2026 }),
    short59: await film({ title: '五十九分钟', category: 'feature', minutes: 59, year: 2026 }),
    doc60: await film({ title: '六十分钟纪录片', category: 'documentary', minutes: 60, year: 2000 }),
    other90: await film({ title: '九十分钟其他', category: 'other', minutes: 90, year: 2026 }),
    sci1: await film({ title: '科教一', category: 'science', minutes: 20, year: 2019 }),
    sci2: await film({ title: '科教二', category: 'science', minutes: 20, year: 2019 }),
    sci3: await film({ title: '科教三', category: 'science', minutes: 20, year: 2019 }),
  };
  for (const k of FILMS) ids[`film_${k}`] = f[k].id;
  const done = { status: 'completed', audience: 50 };
  const S = async (name: Key, village_id: number, team_id: number, starts_at: string, programme: number[], o: Record<string, unknown> = {}) => {
    ids[name] = (await screening({ village_id, team_id, starts_at, programme, ...done, ...o })).id;
  };
  // 通海, 秀山街道 (t1): S1, S7 (its natural village, a repeat of S1's old film), S10.
  await S('S1', a1.id, own.id, '2026-12-02T19:00+08:00', [f.old.id, f.sci1.id]); // qualifies, science, not new
  await S('S7', n1.id, other.id, '2026-12-20T19:00+08:00', [f.old.id], { repeat_reason: '村民点播' }); // qualifies, repeat of S1
  await S('S10', a1.id, other.id, '2026-12-12T19:00+08:00', [f.doc60.id]); // 60 minutes: qualifies
  await S('S5', a1.id, other.id, '2026-12-05T19:00+08:00', [f.f2026.id], { review_decision: 'rejected', review_reason: '没有放' }); // rejected: nothing
  // 通海, 杨广镇 (t2).
  await S('S2', a2.id, own.id, '2026-12-03T19:00+08:00', [f.f2025.id]); // qualifies, new (2025 ≥ 2026 − 1)
  await S('S3', a2.id, own.id, '2026-12-10T19:00+08:00', [f.short59.id]); // 59 minutes: does not qualify
  await S('S11', a2.id, other.id, '2026-12-14T19:00+08:00', [f.other90.id, f.sci1.id, f.sci2.id]); // other is never long, 2 science: no
  await S('S6', a2.id, other.id, '2026-12-06T19:00+08:00', [f.f2026.id], { status: 'cancelled', audience: null, cancel_reason: '下雨' });
  await S('S13', a2.id, other.id, '2026-12-28T19:00+08:00', [f.f2026.id], { status: 'scheduled', audience: null });
  // 红塔, 玉兴街道 (t3): S4 (a repeat with nothing to pair: S1 showed 科教一 in another unit), S8 on the year's last night, S9 on the next year's first.
  await S('S4', b1.id, third.id, '2026-12-04T19:00+08:00', [f.sci1.id, f.sci2.id, f.sci3.id], { repeat_reason: '补放' }); // 3 science: qualifies
  await S('S8', b1.id, third.id, '2026-12-31T23:30+08:00', [f.f2025.id]); // new in 2026
  await S('S9', b1.id, third.id, '2027-01-01T03:30+08:00', [f.f2025.id]); // not new in 2027
  ids.own = own.id;

  const username = 'phone_programme';
  await app.as.partner.post('/api/users').send({ username, password: 'phone-password-1', role: 'projectionist', teamId: own.id }).expect(201);
  projectionist = bearer((await supertest(app.express).post('/api/session').send({ username, password: 'phone-password-1' })).body.token);
  hongtaBureau = await bureauOf(ids.hongta);
  tonghaiBureau = await bureauOf(ids.tonghai);
});

const targets = (areaId: number, year = 2026, who: Record<string, string> = app.as.admin.auth) => app.http.get(`/api/areas/${areaId}/targets/${year}`).set(who);
const setTargets = (areaId: number, body: object, year = 2026, who: SignedIn = app.as.admin) => who.put(`/api/areas/${areaId}/targets/${year}`).send(body);

describe('targets per area and year', () => {
  it('are inherited downward, each share on its own: province → prefecture → county; none set is null', async () => {
    const none = await targets(ids.tonghai);
    expect(none.status, JSON.stringify(none.body)).toBe(200);
    expect(none.body).toEqual({ year: 2026, areaId: ids.tonghai, scienceShare: { value: null, areaId: null, areaName: null }, newFilmShare: { value: null, areaId: null, areaName: null } });

    expect((await setTargets(ids.yunnan, { scienceShare: 0.4 })).status).toBe(200);
    expect((await setTargets(ids.yuxi, { newFilmShare: 0.3 })).status).toBe(200);
    const county = await setTargets(ids.tonghai, { scienceShare: 0.5 }, 2026, app.as.bureau);
    expect(county.status, JSON.stringify(county.body)).toBe(200);
    expect(county.body).toEqual({
      year: 2026,
      areaId: ids.tonghai,
      scienceShare: { value: 0.5, areaId: ids.tonghai, areaName: '通海县' },
      newFilmShare: { value: 0.3, areaId: ids.yuxi, areaName: '玉溪市' },
    });
    expect((await targets(ids.hongta)).body).toMatchObject({ scienceShare: { value: 0.4, areaId: ids.yunnan }, newFilmShare: { value: 0.3, areaId: ids.yuxi } });
    expect((await targets(ids.yuxi)).body).toMatchObject({ scienceShare: { value: 0.4, areaId: ids.yunnan }, newFilmShare: { value: 0.3, areaId: ids.yuxi } });
    // Another year inherits nothing of this one.
    expect((await targets(ids.tonghai, 2027)).body).toMatchObject({ scienceShare: { value: null }, newFilmShare: { value: null } });
  });

  it('PUT null clears the area’s own share (it inherits again); a share left out keeps its setting; the change is audit-logged', async () => {
    await setTargets(ids.hongta, { scienceShare: 0.6, newFilmShare: 0.2 }).expect(200);
    const cleared = await setTargets(ids.hongta, { scienceShare: null });
    expect(cleared.body).toMatchObject({ scienceShare: { value: 0.4, areaId: ids.yunnan }, newFilmShare: { value: 0.2, areaId: ids.hongta } });
    const both = await setTargets(ids.hongta, { newFilmShare: null });
    expect(both.body).toMatchObject({ scienceShare: { value: 0.4, areaId: ids.yunnan }, newFilmShare: { value: 0.3, areaId: ids.yuxi } });
    expect(await app.db('area_targets').where({ area_id: ids.hongta }).first()).toBeUndefined();
    const log = await app.db('audit_log').where({ entity: 'area', entity_id: ids.hongta }).orderBy('id');
    expect(log.map((l) => [l.before.targets, l.after.targets])).toEqual([
      [{ year: 2026, scienceShare: null, newFilmShare: null }, { year: 2026, scienceShare: 0.6, newFilmShare: 0.2 }],
      [{ year: 2026, scienceShare: 0.6, newFilmShare: 0.2 }, { year: 2026, scienceShare: null, newFilmShare: 0.2 }],
      [{ year: 2026, scienceShare: null, newFilmShare: 0.2 }, { year: 2026, scienceShare: null, newFilmShare: null }],
    ]);
  });

  it('refuses a share outside 0..1, a bad year or an unknown field with a 400 naming it', async () => {
    expectProblem(await setTargets(ids.tonghai, { scienceShare: 1.01 }), 400, ['scienceShare']);
    expectProblem(await setTargets(ids.tonghai, { newFilmShare: -0.01, scienceShare: '0.5' }), 400, ['newFilmShare', 'scienceShare']);
    expectProblem(await setTargets(ids.tonghai, { share: 0.5 }), 400, ['share']);
    expectProblem(await setTargets(ids.tonghai, { scienceShare: 0.5 }, 1999), 400, ['year']);
    expectProblem(await app.as.admin.get(`/api/areas/${ids.tonghai}/targets/2101`), 400, ['year']);
    expectProblem(await app.as.admin.get(`/api/areas/${ids.tonghai}/targets/20x6`), 400, ['year']);
    // 0 and 1 themselves are shares.
    expect((await setTargets(ids.hongta, { scienceShare: 0, newFilmShare: 1 }, 2030)).body).toMatchObject({ scienceShare: { value: 0 }, newFilmShare: { value: 1 } });
  });

  it('a bureau user writes and reads inside its area only (outside: 404, as an area that does not exist); a partner reads the areas of its counties and never writes; a projectionist gets 403', async () => {
    expectProblem(await app.http.put(`/api/areas/${ids.tonghai}/targets/2026`).set(hongtaBureau).send({ scienceShare: 0.9 }), 404);
    expectProblem(await app.http.get(`/api/areas/${ids.tonghai}/targets/2026`).set(hongtaBureau), 404);
    expectProblem(await app.http.put(`/api/areas/${ids.yuxi}/targets/2026`).set(tonghaiBureau).send({ scienceShare: 0.9 }), 404);
    expectProblem(await app.http.put(`/api/areas/2000000001/targets/2026`).set(tonghaiBureau).send({ scienceShare: 0.9 }), 404);
    expect((await app.http.put(`/api/areas/${ids.tonghai}/targets/2031`).set(tonghaiBureau).send({ scienceShare: 0.9 })).status).toBe(200);
    // The partner holds 通海: it reads 通海, 玉溪 and 云南, not 红塔; it never writes.
    expect((await targets(ids.tonghai, 2026, app.as.partner.auth)).body).toMatchObject({ scienceShare: { value: 0.5 } });
    expect((await targets(ids.yuxi, 2026, app.as.partner.auth)).status).toBe(200);
    expectProblem(await targets(ids.hongta, 2026, app.as.partner.auth), 404);
    expectProblem(await setTargets(ids.tonghai, { scienceShare: 0.1 }, 2026, app.as.partner), 403);
    expectProblem(await targets(ids.tonghai, 2026, projectionist), 403);
    expectProblem(await app.http.put(`/api/areas/${ids.tonghai}/targets/2026`).set(projectionist).send({ scienceShare: 0.1 }), 403);
    expect((await targets(ids.tonghai)).body).toMatchObject({ scienceShare: { value: 0.5 } });
  });
});

type Counts = { screenings: number; qualifying: number; withScience: number; scienceShare: number | null; withNewFilm: number; newFilmShare: number | null; repeats: number };
const FIELDS = ['screenings', 'qualifying', 'withScience', 'withNewFilm', 'repeats'] as const;
const report = (query: string, who: Record<string, string> = app.as.admin.auth) => app.http.get(`/api/reports/programme?${query}`).set(who);

function expectSumOfGroups(body: { totals: Counts; groups: Counts[] }) {
  for (const f of FIELDS) expect(body.groups.reduce((n, g) => n + g[f], 0), f).toBe(body.totals[f]);
}

describe('GET /api/reports/programme', () => {
  it('counts a county’s month by township: qualifying or not (59 vs 60 minutes, other never long, 2 vs 3 science), science and new films among the qualifying, repeats; rejected, cancelled and scheduled ones are nothing', async () => {
    const res = await report(`month=2026-12&areaId=${ids.tonghai}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { body } = res;
    expect(body).toMatchObject({ month: '2026-12', groupBy: 'township', area: { id: ids.tonghai, name: '通海县' }, targetArea: { id: ids.tonghai }, longFilmMinutes: 60 });
    expect(body.totals).toEqual({ screenings: 6, qualifying: 4, withScience: 1, scienceShare: 0.25, withNewFilm: 1, newFilmShare: 0.25, repeats: 1 });
    expect(body.targets).toMatchObject({ scienceShare: { value: 0.5, areaId: ids.tonghai }, newFilmShare: { value: 0.3, areaId: ids.yuxi } });
    const byId = Object.fromEntries(body.groups.map((g: { id: number }) => [g.id, g]));
    expect(byId[ids.t1]).toMatchObject({ name: '秀山街道', level: 'township', screenings: 3, qualifying: 3, withScience: 1, withNewFilm: 0, newFilmShare: 0, repeats: 1 });
    expect(byId[ids.t2]).toMatchObject({ name: '杨广镇', screenings: 3, qualifying: 1, withScience: 0, scienceShare: 0, withNewFilm: 1, newFilmShare: 1, repeats: 0 });
    // A township's targets are its county's.
    expect(byId[ids.t1].targets).toEqual(body.targets);
    expectSumOfGroups(body);
  });

  it('groups a prefecture by county, each with its own targets; totals equal the sum of the groups at every level', async () => {
    const { body } = await report(`month=2026-12&areaId=${ids.yuxi}`);
    expect(body.groupBy).toBe('county');
    expect(body.totals).toEqual({ screenings: 8, qualifying: 6, withScience: 2, scienceShare: 2 / 6, withNewFilm: 2, newFilmShare: 2 / 6, repeats: 2 });
    const hongta = body.groups.find((g: { id: number }) => g.id === ids.hongta);
    expect(hongta).toMatchObject({ screenings: 2, qualifying: 2, withScience: 1, scienceShare: 0.5, withNewFilm: 1, newFilmShare: 0.5, repeats: 1 });
    expect(hongta.targets).toMatchObject({ scienceShare: { value: 0.4, areaId: ids.yunnan }, newFilmShare: { value: 0.3, areaId: ids.yuxi } });
    expect(body.groups.find((g: { id: number }) => g.id === ids.tonghai).targets).toMatchObject({ scienceShare: { value: 0.5 } });
    expectSumOfGroups(body);
    for (const groupBy of ['township', 'county', 'prefecture', 'province']) {
      const all = await report(`month=2026-12&groupBy=${groupBy}`);
      expect(all.status, groupBy).toBe(200);
      expect(all.body.totals, groupBy).toEqual(body.totals);
      expectSumOfGroups(all.body);
    }
    expectProblem(await report(`month=2026-12&areaId=${ids.yuxi}&groupBy=prefecture`), 400, ['groupBy']);
  });

  it('counts a new film by the screening’s own year in the county zone: the same 2025 film is new on 31 December 2026 and not on 1 January 2027', async () => {
    const dec = await report(`year=2026&areaId=${ids.hongta}`);
    expect(dec.body).toMatchObject({ year: 2026, totals: { screenings: 2, withNewFilm: 1 } });
    expect(dec.body.month).toBeUndefined();
    const jan = await report(`year=2027&areaId=${ids.hongta}`);
    expect(jan.body.totals).toEqual({ screenings: 1, qualifying: 1, withScience: 0, scienceShare: 0, withNewFilm: 0, newFilmShare: 0, repeats: 0 });
    expect((await report(`month=2027-01&areaId=${ids.hongta}`)).body.totals.screenings).toBe(1);
    // Targets are of the period's year: none set for 2027.
    expect(jan.body.targets).toMatchObject({ scienceShare: { value: null }, newFilmShare: { value: null } });
  });

  it('lists the films most shown first, and the repeats with their reasons beside the earlier screening of the unit', async () => {
    const { body } = await report(`month=2026-12&areaId=${ids.yuxi}`);
    expect(body.films[0]).toEqual({ filmId: ids.film_sci1, title: '科教一', category: 'science', screenings: 3 });
    expect(body.films.map((f: { screenings: number }) => f.screenings)).toEqual([...body.films.map((f: { screenings: number }) => f.screenings)].sort((a, b) => b - a));
    expect(body.films.find((f: { filmId: number }) => f.filmId === ids.film_f2026)).toBeUndefined(); // only rejected, cancelled, scheduled
    expect(body.repeats).toEqual([
      expect.objectContaining({ screeningId: ids.S4, filmId: null, otherScreeningId: null, reason: '补放', villageName: '玉兴社区' }),
      expect.objectContaining({ screeningId: ids.S7, filmId: ids.film_old, otherScreeningId: ids.S1, reason: '村民点播', villageName: '秀山下村', filmTitle: '老电影', startsAt: '2026-12-20T19:00:00.000+08:00' }),
    ]);
  });

  it('a scoped bureau user counts its own area (another is 404); a partner its own teams’ screenings in its counties, with its county’s targets; a projectionist gets 403', async () => {
    const own = await report('month=2026-12', tonghaiBureau);
    expect(own.body.totals.screenings).toBe(6);
    expect(own.body.area).toMatchObject({ id: ids.tonghai });
    expectProblem(await report(`month=2026-12&areaId=${ids.tonghai}`, hongtaBureau), 404);
    const partner = await report('month=2026-12', app.as.partner.auth);
    expect(partner.status, JSON.stringify(partner.body)).toBe(200);
    expect(partner.body.totals).toEqual({ screenings: 3, qualifying: 2, withScience: 1, scienceShare: 0.5, withNewFilm: 1, newFilmShare: 0.5, repeats: 0 });
    // Its one county is what the report is about: its targets, its townships.
    expect(partner.body).toMatchObject({ area: null, targetArea: { id: ids.tonghai }, groupBy: 'township' });
    expect(partner.body.groups.map((g: { id: number }) => g.id).sort()).toEqual([ids.t1, ids.t2].sort());
    expectSumOfGroups(partner.body);
    expect(partner.body.targets).toMatchObject({ scienceShare: { value: 0.5, areaId: ids.tonghai } });
    expect(JSON.stringify(partner.body)).not.toContain('玉兴');
    expectProblem(await report(`month=2026-12&areaId=${ids.hongta}`, app.as.partner.auth), 404);
    expectProblem(await report('month=2026-12', projectionist), 403);
  });

  it('refuses a month and a year together, a bad month, year, groupBy or format with a 400 naming it', async () => {
    expectProblem(await report('month=2026-12&year=2026'), 400, ['year']);
    expectProblem(await report('month=2026-13'), 400, ['month']);
    expectProblem(await report('year=1999'), 400, ['year']);
    expectProblem(await report('groupBy=village'), 400, ['groupBy']);
    expectProblem(await report('format=pdf'), 400, ['format']);
  });
});

describe('the programme report as CSV and XLSX', () => {
  const binary = (url: string) =>
    app.as.admin
      .get(url)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('serves CSV with a BOM, its title, Chinese headings, one row per township and the county’s total, the films and the repeats', async () => {
    const res = await app.as.admin.get(`/api/reports/programme?month=2026-12&areaId=${ids.tonghai}&format=csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('programme-530423-2026-12.csv');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(res.text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    expect(rows[0]![0]).toBe('通海县 2026年12月放映节目统计');
    const header = rows.findIndex((r) => r[0] === '乡镇');
    expect(rows[header]).toEqual(['乡镇', '放映场次', '合格场次', '含科教片场次', '科教片占比', '科教片目标', '含新片场次', '新片占比', '新片目标', '重复放映场次']);
    expect(rows[header + 1]).toEqual(['秀山街道', '3', '3', '1', '33%', '50%', '0', '0%', '30%', '1']);
    expect(rows[header + 3]).toEqual(['通海县合计', '6', '4', '1', '25%', '50%', '1', '25%', '30%', '1']);
    expect(rows).toContainEqual(['老电影', '故事片', '2']);
    const repeat = rows.find((r) => r[0] === String(ids.S7))!;
    expect(repeat).toEqual([String(ids.S7), '秀山下村', '2026-12-20T19:00:00.000+08:00', '老电影', String(ids.S1), '2026-12-02T19:00:00.000+08:00', '村民点播']);
  });

  it('serves XLSX: one sheet per table, titled, the shares as percentages of the same numbers', async () => {
    const res = await binary(`/api/reports/programme?year=2026&areaId=${ids.yuxi}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['各县（区）放映节目', '影片放映场次', '重复放映']);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getCell(1, 1).value)).toBe('玉溪市 2026年放映节目统计');
    const values = sheet.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(1));
    expect(values).toContainEqual(['红塔区', 2, 2, 1, 0.5, 0.4, 1, 0.5, 0.3, 1]);
    expect(values[values.length - 1]).toEqual(['玉溪市合计', 8, 6, 2, 2 / 6, expect.any(Number), 2, 2 / 6, 0.3, 2]);
    expect(sheet.getColumn(5).numFmt).toBe('0%');
    expect(book.worksheets[2]!.rowCount).toBe(2 + 2);
  });
});
