import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// "What villagers said" (GET /api/reports/villagers; DOMAIN.md "Villagers' voice", issue 21 point
// 5), on rows written straight into film_requests, villager_reports and confirmations: two
// counties under one prefecture, the partner contracted in 通海 with its own team, another
// partner's team working both counties. Counted: the month's requests (each film once a request
// naming it), the confirmations and mean ratings of each team's completed screenings of the month,
// the month's reports by kind and state — inside the scope: a bureau its county, the partner its
// county's requests but its own team's confirmations and the reports on its own team's screenings.
// Then the CSV and the XLSX (read back with exceljs).

const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-12-15T12:00:00' });
const MONTH = '2026-12';
const ids = {} as Record<'tonghai' | 'hongta' | 'a1' | 'a2' | 'b1' | 'own' | 'other' | 'f1' | 'f2' | 'f3' | 'S1' | 'S2' | 'S3' | 'S5', number>;
let tonghaiBureau: Record<string, string>;
let hongtaBureau: Record<string, string>;

async function bureauOf(areaId: number) {
  const [u] = await app.db('users').insert({ username: `bureau_of_${areaId}`, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
  return bearer((await createSession(app.db, u.id, 1)).token);
}

beforeAll(async () => {
  const area = async (code: string, name: string) => (await app.db('areas').insert({ code, name }).returning('id'))[0].id as number;
  await area('53', '云南省');
  await area('5304', '玉溪市');
  ids.tonghai = await area('530423', '通海县');
  ids.hongta = await area('530402', '红塔区');
  const { township, village, team, film, screening } = app.make;
  const t1 = await township({ name: '秀山街道', code: '530423001', county_id: ids.tonghai });
  const t3 = await township({ name: '玉兴街道', code: '530402001', county_id: ids.hongta });
  ids.a1 = (await village({ township_id: t1.id, name: '秀山社区' })).id;
  ids.a2 = (await village({ township_id: t1.id, name: '杨广村' })).id;
  ids.b1 = (await village({ township_id: t3.id, name: '玉兴社区' })).id;
  ids.own = (await team({ partner_id: app.as.partner.partnerId, name: '自己的队' })).id;
  ids.other = (await team({ name: '别家的队' })).id;
  await app.as.admin.post('/api/contracts').send({ partnerId: app.as.partner.partnerId, countyId: ids.tonghai, from: '2026-01' }).expect(201);
  ids.f1 = (await film({ title: '地道战', category: 'feature', minutes: 95 })).id;
  ids.f2 = (await film({ title: '科教一', category: 'science', minutes: 20 })).id;
  ids.f3 = (await film({ title: '老电影', category: 'feature', minutes: 90 })).id;
  const done = { status: 'completed', audience: 50 };
  ids.S1 = (await screening({ village_id: ids.a1, team_id: ids.own, starts_at: '2026-12-02T19:00:00+08:00', film_id: ids.f1, ...done })).id;
  ids.S2 = (await screening({ village_id: ids.a2, team_id: ids.other, starts_at: '2026-12-05T19:00:00+08:00', film_id: ids.f1, ...done })).id;
  ids.S3 = (await screening({ village_id: ids.b1, team_id: ids.other, starts_at: '2026-12-06T19:00:00+08:00', film_id: ids.f3, ...done })).id;
  // Neither counts: one still to come, one of last month.
  await screening({ village_id: ids.a1, team_id: ids.own, starts_at: '2026-12-20T19:00:00+08:00', film_id: ids.f1 });
  ids.S5 = (await screening({ village_id: ids.a1, team_id: ids.own, starts_at: '2026-11-20T19:00:00+08:00', film_id: ids.f1, ...done })).id;

  let phone = 0;
  const confirm = (screening_id: number, rating: number | null, comment: string | null = null) => app.db('confirmations').insert({ screening_id, device_hash: `phone-${++phone}`, rating, comment });
  await confirm(ids.S1, 5, '<b>好看</b>');
  await confirm(ids.S1, 4);
  await confirm(ids.S1, null, '来了很多人');
  await confirm(ids.S2, 3);
  await confirm(ids.S3, 1);
  await confirm(ids.S3, 2);
  await confirm(ids.S5, 1);

  const request = (village_id: number, month: string, films: number[]) =>
    app.db('film_requests').insert({ village_id, month, device_hash: `phone-${++phone}`, film_ids: app.db.raw(`'{${films.join(',')}}'::int[]`) });
  await request(ids.a1, MONTH, [ids.f1, ids.f2]);
  await request(ids.a1, MONTH, [ids.f1]);
  await request(ids.a2, MONTH, [ids.f1, ids.f3]);
  await request(ids.b1, MONTH, [ids.f3]);
  await request(ids.a1, '2026-11', [ids.f2]);

  const report = (village_id: number, kind: string, screening_id: number | null, state: string, created_at: string, note: string | null = null) =>
    app.db('villager_reports').insert({ village_id, kind, screening_id, state, note, created_at, text: '=cmd|x <script>' });
  await report(ids.a1, 'not_held', ids.S1, 'new', '2026-12-03T08:00:00+08:00');
  await report(ids.a1, 'late', ids.S1, 'closed', '2026-12-03T09:00:00+08:00', '已回访');
  await report(ids.a2, 'not_held', ids.S2, 'looking', '2026-12-06T09:00:00+08:00');
  await report(ids.b1, 'other', null, 'new', '2026-12-07T09:00:00+08:00');
  await report(ids.a2, 'other', null, 'new', '2026-12-31T23:30:00+08:00');
  // Made in the county's November (its last evening), and in its January: not December's.
  await report(ids.a1, 'not_held', ids.S5, 'new', '2026-11-30T23:30:00+08:00');
  await report(ids.a1, 'late', ids.S1, 'new', '2027-01-01T00:10:00+08:00');

  tonghaiBureau = await bureauOf(ids.tonghai);
  hongtaBureau = await bureauOf(ids.hongta);
});

const teamRow = (teamId: number, screenings: number, confirmed: number, confirmations: number, ratings: number, averageRating: number | null) => ({
  teamId,
  screenings,
  confirmed,
  confirmations,
  ratings,
  averageRating,
});

describe('what villagers said, as the admin reads it', () => {
  it('counts the month’s requests by film, most requested first, and the villages that asked', async () => {
    const res = await app.as.admin.get(`/api/reports/villagers?month=${MONTH}`).expect(200);
    expect(res.body.month).toBe(MONTH);
    expect(res.body.requests.requests).toBe(4);
    expect(res.body.requests.villages).toBe(3);
    expect(res.body.requests.films).toEqual([
      { filmId: ids.f1, title: '地道战', category: 'feature', requests: 3 },
      { filmId: ids.f3, title: '老电影', category: 'feature', requests: 2 },
      { filmId: ids.f2, title: '科教一', category: 'science', requests: 1 },
    ]);
  });

  it('counts each team’s completed screenings of the month, their confirmations and the mean rating', async () => {
    const { body } = await app.as.admin.get(`/api/reports/villagers?month=${MONTH}`).expect(200);
    const teams = body.confirmations.teams as { teamId: number; teamName: string }[];
    expect(teams.find((t) => t.teamId === ids.own)).toMatchObject({ ...teamRow(ids.own, 1, 1, 3, 2, 4.5), teamName: '自己的队' });
    expect(teams.find((t) => t.teamId === ids.other)).toMatchObject(teamRow(ids.other, 2, 2, 3, 3, 2));
    expect(body.confirmations.totals).toEqual({ screenings: 3, confirmed: 3, confirmations: 6, ratings: 5, averageRating: 15 / 5 });
  });

  it('counts the month’s reports (by when they were made, in the county zone) by kind and state', async () => {
    const { body } = await app.as.admin.get(`/api/reports/villagers?month=${MONTH}`).expect(200);
    expect(body.reports).toEqual({
      total: 5,
      byState: { new: 3, looking: 1, closed: 1 },
      byKind: [
        { kind: 'not_held', new: 1, looking: 1, closed: 0, total: 2 },
        { kind: 'late', new: 0, looking: 0, closed: 1, total: 1 },
        { kind: 'other', new: 2, looking: 0, closed: 0, total: 2 },
      ],
    });
  });

  it('an area narrows every part of it; another month is its own', async () => {
    const { body } = await app.as.admin.get(`/api/reports/villagers?month=${MONTH}&areaId=${ids.hongta}`).expect(200);
    expect(body.place).toBe('红塔区');
    expect(body.requests).toEqual({ requests: 1, villages: 1, films: [{ filmId: ids.f3, title: '老电影', category: 'feature', requests: 1 }] });
    expect(body.confirmations.teams).toEqual([expect.objectContaining(teamRow(ids.other, 1, 1, 2, 2, 1.5))]);
    expect(body.reports.total).toBe(1);
    const november = (await app.as.admin.get('/api/reports/villagers?month=2026-11').expect(200)).body;
    expect(november.requests.films).toEqual([expect.objectContaining({ filmId: ids.f2, requests: 1 })]);
    expect(november.confirmations.teams).toEqual([expect.objectContaining(teamRow(ids.own, 1, 1, 1, 1, 1))]);
    expect(november.reports.byKind[0]).toEqual({ kind: 'not_held', new: 1, looking: 0, closed: 0, total: 1 });
    // Without a month: the county's current one.
    expect((await app.as.admin.get('/api/reports/villagers').expect(200)).body.month).toBe(MONTH);
  });
});

describe('each reader its scope', () => {
  it('a bureau reads its own county: another’s is 404', async () => {
    const own = (await app.http.get(`/api/reports/villagers?month=${MONTH}`).set(tonghaiBureau).expect(200)).body;
    expect(own.place).toBe('通海县');
    expect(own.requests.requests).toBe(3);
    expect(own.requests.films.map((f: { filmId: number; requests: number }) => [f.filmId, f.requests])).toEqual([
      [ids.f1, 3],
      [ids.f2, 1],
      [ids.f3, 1],
    ]);
    expect(own.confirmations.teams.map((t: { teamId: number }) => t.teamId).sort()).toEqual([ids.own, ids.other].sort());
    expect(own.confirmations.teams.find((t: { teamId: number }) => t.teamId === ids.other)).toMatchObject(teamRow(ids.other, 1, 1, 1, 1, 3));
    expect(own.reports.total).toBe(4);
    expectProblem(await app.http.get(`/api/reports/villagers?month=${MONTH}&areaId=${ids.hongta}`).set(tonghaiBureau), 404);
    const hongta = (await app.http.get(`/api/reports/villagers?month=${MONTH}`).set(hongtaBureau).expect(200)).body;
    expect(hongta.reports.total).toBe(1);
    expect(JSON.stringify(hongta)).not.toMatch(/秀山|杨广|自己的队|地道战/);
  });

  it('the partner reads its county’s requests, but only its own team’s confirmations and the reports on its own team’s screenings', async () => {
    const { body } = await app.as.partner.get(`/api/reports/villagers?month=${MONTH}`).expect(200);
    expect(body.requests.requests).toBe(3);
    expect(body.confirmations.teams).toEqual([expect.objectContaining(teamRow(ids.own, 1, 1, 3, 2, 4.5))]);
    expect(body.reports).toEqual({
      total: 2,
      byState: { new: 1, looking: 0, closed: 1 },
      byKind: [
        { kind: 'not_held', new: 1, looking: 0, closed: 0, total: 1 },
        { kind: 'late', new: 0, looking: 0, closed: 1, total: 1 },
        { kind: 'other', new: 0, looking: 0, closed: 0, total: 0 },
      ],
    });
    expect(JSON.stringify(body)).not.toContain('别家的队');
    expectProblem(await app.as.partner.get(`/api/reports/villagers?month=${MONTH}&areaId=${ids.hongta}`), 404);
  });

  it('a projectionist is refused; a bad month or format is a 400 naming it', async () => {
    const [u] = await app.db('users').insert({ username: 'own.projectionist', password_hash: 'x', role: 'projectionist', team_id: ids.own }).returning('id');
    const phone = bearer((await createSession(app.db, u.id, 1)).token);
    expectProblem(await app.http.get(`/api/reports/villagers?month=${MONTH}`).set(phone), 403);
    expectProblem(await app.as.admin.get('/api/reports/villagers?month=2026-13'), 400, ['month']);
    expectProblem(await app.as.admin.get('/api/reports/villagers?format=pdf'), 400, ['format']);
    expectProblem(await app.as.admin.get('/api/reports/villagers?areaId=x'), 400, ['areaId']);
  });
});

describe('the downloads', () => {
  const binary = (path: string) =>
    app.as.admin
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('serves CSV with a BOM, its title, Chinese headings, the films, the teams with their means and the reports by kind', async () => {
    const res = await app.as.admin.get(`/api/reports/villagers?month=${MONTH}&areaId=${ids.tonghai}&format=csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('villagers-530423-2026-12.csv');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(res.text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    expect(rows[0]![0]).toBe('通海县 2026年12月村民反映情况');
    expect(rows).toContainEqual(['影片', '类别', '点单次数']);
    expect(rows).toContainEqual(['地道战', '故事片', '3']);
    expect(rows).toContainEqual(['放映队', '放映公司', '已完成场次', '有村民确认的场次', '确认人次', '评分人次', '平均评分']);
    expect(rows.find((r) => r[0] === '自己的队')!.slice(2)).toEqual(['1', '1', '3', '2', '4.5']);
    expect(rows).toContainEqual(['反映类型', '新反映', '核查中', '已办结', '合计']);
    expect(rows).toContainEqual(['没有放映', '1', '1', '0', '2']);
    expect(rows).toContainEqual(['合计', '2', '1', '1', '4']);
  });

  it('serves XLSX: one sheet per table, titled, the numbers as numbers', async () => {
    const res = await binary(`/api/reports/villagers?month=${MONTH}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['点单影片', '确认与评分', '反映问题']);
    const values = (i: number) => book.worksheets[i]!.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(1));
    expect(String(book.worksheets[0]!.getCell(1, 1).value)).toBe('2026年12月村民反映情况');
    expect(values(0)).toEqual([
      ['地道战', '故事片', 3],
      ['老电影', '故事片', 2],
      ['科教一', '科教片', 1],
    ]);
    expect(values(1)).toContainEqual(['别家的队', expect.any(String), 2, 2, 3, 3, 2]);
    expect(values(1).at(-1)).toEqual(['合计', '', 3, 3, 6, 5, 3]);
    expect(values(2).at(-1)).toEqual(['合计', 3, 1, 1, 5]);
  });
});
