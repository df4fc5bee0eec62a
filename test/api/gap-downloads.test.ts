import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, expectProblem, useApp } from '../helpers/api.js';

// The month's gap villages as a download (CSV and XLSX, from the map and the month report), the
// county named in every report's title, title row and file name, and times in every XLSX as the
// county's local date-time cells.

const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-11-15T12:00:00' });
let ids: Record<string, number>;
let tonghai: Record<string, string>;
let jiangchuan: Record<string, string>;

const binaryOf = (req: ReturnType<typeof app.http.get>) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
const csvRows = (text: string) => parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
async function book(buf: Buffer) {
  const b = new ExcelJS.Workbook();
  await b.xlsx.load(buf as unknown as ArrayBuffer);
  return b;
}
async function scopedBureau(areaId: number) {
  const [u] = await app.db('users').insert({ username: `bureau_${areaId}`, password_hash: 'x', role: 'bureau', area_id: areaId }).returning('id');
  return bearer((await createSession(app.db, u.id, 1)).token);
}

beforeAll(async () => {
  const { township, village, partner, team, screening } = app.make;
  await app.db('areas').insert([{ code: '53', name: '云南省' }, { code: '5304', name: '玉溪市' }]);
  const [th] = await app.db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
  const [jc] = await app.db('areas').insert({ code: '530421', name: '江川区' }).returning('id');
  const ts = await township({ name: '秀山街道', code: '530423001', county_id: th.id });
  const other = await township({ name: '大街街道', code: '530421001', county_id: jc.id });
  const never = await village({ township_id: ts.id, name: '北山社区', code: '530423001001' });
  const shown = await village({ township_id: ts.id, name: '南园社区', code: '530423001002' });
  const hamlet = await village({ township_id: ts.id, name: '南园下村', kind: 'natural', parent_id: shown.id });
  const covered = await village({ township_id: ts.id, name: '东城社区', code: '530423001003' });
  const rejected = await village({ township_id: ts.id, name: '西城社区', code: '530423001004' });
  const elsewhere = await village({ township_id: other.id, name: '江城社区', code: '530421001001' });
  const p = await partner({ name: '通海放映公司' });
  const t = await team({ partner_id: p.id, name: '第一队' });
  const S = (village_id: number, starts_at: string, o: Record<string, unknown> = {}) => screening({ village_id, team_id: t.id, starts_at, status: 'completed', audience: 50, verification: 'verified', ...o });
  // 南园社区 was last shown a film in October, in its natural village: 19:30 county time, 11:30 UTC.
  await S(shown.id, '2026-08-10T19:30+08:00');
  await S(hamlet.id, '2026-10-03T19:30+08:00');
  // Cancelled in November: still a gap.
  await S(shown.id, '2026-11-02T19:30+08:00', { status: 'cancelled', audience: null, verification: null, cancel_reason: 'rain' });
  await S(covered.id, '2026-11-05T19:30+08:00');
  // A rejected screening counts as nothing, and is no last screening either.
  await S(rejected.id, '2026-09-09T20:00+08:00', { review_decision: 'rejected', review_reason: 'same photo' });
  // In the subsidy: pending (unverified), its time a date cell.
  const pending = await village({ township_id: ts.id, name: '新村社区', code: '530423001005' });
  await S(pending.id, '2026-11-07T21:15+08:00', { verification: 'unverified' });
  await S(elsewhere.id, '2026-10-01T19:00+08:00');
  ids = { th: th.id, jc: jc.id, ts: ts.id, never: never.id, shown: shown.id, covered: covered.id, rejected: rejected.id, elsewhere: elsewhere.id };
  tonghai = await scopedBureau(th.id);
  jiangchuan = await scopedBureau(jc.id);
});

describe('GET /api/coverage/gaps', () => {
  it('lists the gap units of the month with code, township and their last completed screening before it', async () => {
    const res = await app.as.bureau.get(`/api/coverage/gaps?month=2026-11&areaId=${ids.th}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ month: '2026-11', level: 'administrative', place: '通海县', total: 3 });
    expect(res.body.items).toEqual([
      { id: ids.never, name: '北山社区', code: '530423001001', townshipName: '秀山街道', lastScreening: null },
      { id: ids.shown, name: '南园社区', code: '530423001002', townshipName: '秀山街道', lastScreening: '2026-10-03T19:30:00.000+08:00' },
      { id: ids.rejected, name: '西城社区', code: '530423001004', townshipName: '秀山街道', lastScreening: null },
    ]);
  });

  it('as CSV: the title with the county, headings in both languages, the last screening as ISO 8601 with the offset, codes kept text', async () => {
    const res = await app.as.bureau.get(`/api/coverage/gaps?month=2026-11&areaId=${ids.th}&format=csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('通海县-gaps-530423-2026-11-administrative.csv')}`);
    expect(res.headers['content-disposition']).toContain('filename="gaps-530423-2026-11-administrative.csv"');
    const rows = csvRows(res.text);
    expect(rows[0]).toEqual(['通海县 2026年11月盲点村']);
    expect(rows[1]).toEqual(['村 village', '代码 code', '乡镇 township', '上次放映 last screening']);
    expect(rows.slice(2)).toEqual([
      ['北山社区', '="530423001001"', '秀山街道', ''],
      ['南园社区', '="530423001002"', '秀山街道', '2026-10-03T19:30:00.000+08:00'],
      ['西城社区', '="530423001004"', '秀山街道', ''],
    ]);
  });

  it('as XLSX: a title row with the county, codes as text, the last screening a date cell of the county clock with a date format', async () => {
    const res = await binaryOf(app.as.bureau.get(`/api/coverage/gaps?month=2026-11&areaId=${ids.th}&format=xlsx`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('通海县-gaps-530423-2026-11-administrative.xlsx'));
    const sheet = (await book(res.body)).worksheets[0]!;
    expect(sheet.name).toBe('盲点村');
    expect(sheet.getCell('A1').value).toBe('通海县 2026年11月盲点村');
    expect(sheet.getRow(2).values).toEqual([undefined, '村 village', '代码 code', '乡镇 township', '上次放映 last screening']);
    expect(sheet.getCell('B4').value).toBe('530423001002');
    const last = sheet.getCell('D4');
    expect(last.value).toBeInstanceOf(Date);
    // Excel has no zones: the cell holds the county's wall clock, 19:30 on 3 October.
    expect((last.value as Date).toISOString()).toBe('2026-10-03T19:30:00.000Z');
    expect(last.numFmt).toMatch(/yyyy-mm-dd hh:mm/);
    expect(sheet.getCell('D3').value).toBeNull();
  });

  it('counts only the user\'s scope: a bureau user of another county neither lists these gaps nor may ask for this county', async () => {
    const own = await app.http.get('/api/coverage/gaps?month=2026-11').set(jiangchuan);
    expect(own.status).toBe(200);
    expect(own.body.place).toBe('江川区');
    expect(own.body.items).toEqual([{ id: ids.elsewhere, name: '江城社区', code: '530421001001', townshipName: '大街街道', lastScreening: '2026-10-01T19:00:00.000+08:00' }]);
    expectProblem(await app.http.get(`/api/coverage/gaps?month=2026-11&areaId=${ids.th}&format=csv`).set(jiangchuan), 404);
    const theirs = await app.http.get('/api/coverage/gaps?month=2026-11&format=csv').set(tonghai).buffer(true);
    expect(theirs.text).toContain('北山社区');
    expect(theirs.text).not.toContain('江城');
    // Unscoped, two counties: no single county to name; both counties' gaps.
    const all = await app.as.admin.get('/api/coverage/gaps?month=2026-11');
    expect(all.body.place).toBeNull();
    expect(all.body.items.map((g: { name: string }) => g.name)).toContain('江城社区');
    // A partner reads coverage as well (the map is its page too).
    expect((await app.as.partner.get('/api/coverage/gaps?month=2026-11')).status).toBe(200);
  });

  it('answers 400 naming the field for a bad month or format', async () => {
    expectProblem(await app.as.bureau.get('/api/coverage/gaps?month=2026-13'), 400, ['month']);
    expectProblem(await app.as.bureau.get('/api/coverage/gaps?format=pdf'), 400, ['format']);
  });
});

describe('the county in every report', () => {
  it('a bureau user of one county gets its name in the JSON, the CSV title, each sheet\'s title row and the file name; the whole of two counties says 全县', async () => {
    const json = await app.http.get('/api/reports/month?month=2026-11').set(tonghai);
    expect(json.body.place).toBe('通海县');
    const csv = await app.http.get('/api/reports/month?month=2026-11&format=csv').set(tonghai).buffer(true);
    expect(csvRows(csv.text)[0]).toEqual(['通海县 2026年11月 农村电影放映月报']);
    expect(csvRows(csv.text)).toContainEqual(expect.arrayContaining(['通海县合计']));
    const xlsx = await binaryOf(app.http.get('/api/reports/month?month=2026-11&format=xlsx').set(tonghai));
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('通海县-report-530423-2026-11.xlsx'));
    for (const sheet of (await book(xlsx.body)).worksheets) expect(sheet.getCell('A1').value, sheet.name).toBe('通海县 2026年11月 农村电影放映月报');
    const year = await binaryOf(app.http.get('/api/reports/year?year=2026&format=xlsx').set(tonghai));
    expect((await book(year.body)).worksheets[0]!.getCell('A1').value).toBe('通海县 2026 年农村电影放映年度覆盖');
    // Asked for a county by id: that county, whoever asks.
    expect((await app.as.admin.get(`/api/reports/subsidy?month=2026-11&areaId=${ids.jc}`)).body.place).toBe('江川区');
    // Two counties, none asked: no one county to name.
    const whole = await app.as.admin.get('/api/reports/month?month=2026-11&format=csv').buffer(true);
    expect(csvRows(whole.text)[0]).toEqual(['2026年11月 农村电影放映月报']);
    expect(csvRows(whole.text)).toContainEqual(expect.arrayContaining(['全县合计']));
  });

  it('a deployment of one county names it without any area asked', async () => {
    const users = await app.db('users').where({ area_id: ids.jc }).pluck('id');
    await app.db('sessions').whereIn('user_id', users).delete();
    await app.db('users').where({ area_id: ids.jc }).delete();
    await app.db('screenings').where({ village_id: ids.elsewhere }).delete();
    await app.db('villages').where({ id: ids.elsewhere }).delete();
    await app.db('townships').where({ county_id: ids.jc }).delete();
    await app.db('areas').where({ id: ids.jc }).delete();
    const json = await app.as.admin.get('/api/reports/month?month=2026-11');
    expect(json.body.place).toBe('通海县');
    expect((await app.as.admin.get('/api/coverage/gaps?month=2026-11')).body.place).toBe('通海县');
  });
});

describe('times in spreadsheets', () => {
  it('the subsidy statement\'s screening times are date cells of the county clock in XLSX, ISO 8601 with the offset in CSV', async () => {
    const xlsx = await binaryOf(app.http.get('/api/reports/subsidy?month=2026-11&format=xlsx').set(tonghai));
    const sheet = (await book(xlsx.body)).worksheets.find((s) => s.name.startsWith('待核实场次'))!;
    const row = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(2).value === '新村社区')!;
    const at = row.getCell(4);
    expect(at.value).toBeInstanceOf(Date);
    expect((at.value as Date).toISOString()).toBe('2026-11-07T21:15:00.000Z');
    expect(at.numFmt).toMatch(/yyyy-mm-dd hh:mm/);
    const csv = await app.http.get('/api/reports/subsidy?month=2026-11&format=csv').set(tonghai).buffer(true);
    expect(csvRows(csv.text)).toContainEqual(expect.arrayContaining(['新村社区', '2026-11-07T21:15:00.000+08:00', '未核实']));
  });
});
