import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp, type SignedIn } from '../helpers/api.js';

const app = useApp({ as: ['bureau', 'partner'], now: '2026-11-15T12:00:00' });
let ids: Record<string, number>;

beforeAll(async () => {
  const { township, village, partner, team, film, screening } = app.make;
  const ts1 = await township({ name: '甲镇', code: '530423801' });
  const ts2 = await township({ name: '乙乡', code: '530423802' });
  const a1 = await village({ township_id: ts1.id, name: '一村' });
  const a2 = await village({ township_id: ts1.id, name: '二村' });
  const n1 = await village({ township_id: ts1.id, name: '一村下组', kind: 'natural', parent_id: a1.id });
  const b1 = await village({ township_id: ts2.id, name: '三村' });
  const b2 = await village({ township_id: ts2.id, name: '四村' });
  await village({ township_id: ts2.id, name: '旧村', retired_at: '2026-10-01T00:00+08:00' });
  const p = await partner({ name: '通海放映公司' });
  const red = await team({ partner_id: p.id, name: '第一队' });
  const blue = await team({ partner_id: p.id, name: '第二队' });
  const idle = await team({ partner_id: p.id, name: '第三队' });
  const sci = await film({ category: 'science' });
  const feat = await film({ category: 'feature' });
  const S = (village_id: number, team_id: number, starts_at: string, o: Record<string, unknown> = {}) => screening({ village_id, team_id, starts_at, ...o });
  // a1: covered twice (its natural village first, then itself), both backed by their evidence: one paid, one extra.
  const first = await S(n1.id, red.id, '2026-11-02T19:00+08:00', { status: 'completed', audience: 100, programme: [sci.id], verification: 'verified' });
  const second = await S(a1.id, blue.id, '2026-11-03T19:00+08:00', { status: 'completed', audience: 50, programme: [feat.id], verification: 'verified' });
  await S(a2.id, red.id, '2026-11-20T19:00+08:00'); // planned
  await S(b1.id, red.id, '2026-11-05T19:00+08:00'); // overdue
  await S(b2.id, blue.id, '2026-11-06T19:00+08:00', { status: 'cancelled', cancel_reason: 'rain' }); // gap
  await S(b2.id, blue.id, '2026-10-31T23:30+08:00', { status: 'completed', audience: 9, verification: 'verified' }); // October
  // b1 covered in every month of 2025: a full year.
  for (let m = 1; m <= 12; m++) await S(b1.id, idle.id, `2025-${String(m).padStart(2, '0')}-10T19:00+08:00`, { status: 'completed', audience: 1 });
  await S(a1.id, idle.id, '2025-05-10T23:00+08:00', { status: 'completed', audience: 1 });
  ids = { a1: a1.id, a2: a2.id, b1: b1.id, b2: b2.id, red: red.id, blue: blue.id, idle: idle.id, first: first.id, second: second.id, feat: feat.id, ts1: ts1.id, ts2: ts2.id };
});

const get = (url: string, who: SignedIn = app.as.bureau) => who.get(url).buffer(true);
const binary = (url: string) =>
  get(url).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

async function sheets(buf: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as unknown as ArrayBuffer);
  return book.worksheets.map((s) => ({
    name: s.name,
    title: String(s.getCell(1, 1).value),
    // Below the title row: the table.
    rows: s.getSheetValues().slice(2).map((r) => Array.from((r as unknown[]).slice(1), (v) => (v === undefined || v === null ? '' : String(v)))),
  }));
}
/** A ratio as the CSV writes it: a whole percentage. */
const percent = (c: string) => `${Math.round(Number(c) * 100)}%`;
/** CSV text to rows of strings, the tables one under another as the report writes them. */
const csvRows = (text: string) => parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];

describe('GET /api/reports/month', () => {
  it('the coverage numbers equal /api/coverage for the same month, county and townships', async () => {
    const [report, coverage] = await Promise.all([get('/api/reports/month?month=2026-11'), get('/api/coverage?month=2026-11')]);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.county).toEqual(coverage.body.totals);
    expect(report.body.townships).toEqual(coverage.body.townships);
    const ts1 = report.body.townships.find((x: { id: number }) => x.id === ids.ts1);
    expect(ts1).toMatchObject({ units: 2, covered: 1, planned: 1, overdue: 0, gap: 0, coverage: 0.5 });
    const ts2 = report.body.townships.find((x: { id: number }) => x.id === ids.ts2);
    expect(ts2).toMatchObject({ units: 2, covered: 0, overdue: 1, gap: 1 });
  });

  it('counts screenings held, cancelled, audience and the science share, and each team', async () => {
    const { body } = await get('/api/reports/month?month=2026-11');
    expect(body).toMatchObject({ month: '2026-11', timezone: 'Asia/Shanghai' });
    expect(body.screenings).toEqual({ held: 2, cancelled: 1, audience: 150, scienceShare: 0.5 });
    // Teams in the order a Chinese reader expects (domain/collate.ts): 第一队, 第二队, 第三队.
    expect(body.teams).toEqual([
      { id: ids.red, name: '第一队', partnerName: '通海放映公司', held: 1, audience: 100 },
      { id: ids.blue, name: '第二队', partnerName: '通海放映公司', held: 1, audience: 50 },
      { id: ids.idle, name: '第三队', partnerName: '通海放映公司', held: 0, audience: 0 },
    ]);
  });

  it('CSV (UTF-8 BOM) and XLSX carry the same rows, with Chinese headers', async () => {
    const csv = await get('/api/reports/month?month=2026-11&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const [title, ...rows] = csvRows(csv.text);
    // The report's title first (no county here: its townships lie in none), then each table a
    // section under its title; percentages as the pages show them.
    expect(title).toEqual(['2026年11月 农村电影放映月报']);
    expect(rows[0]).toEqual(['【乡镇覆盖（行政村）】']);
    expect(rows[1]).toEqual(['乡镇', '应放映村数', '已放映', '已排期', '逾期未报', '盲点', '覆盖率', '其中已核实']);
    expect(rows).toContainEqual(['甲镇', '2', '1', '1', '0', '0', '50%', '1']);
    expect(rows).toContainEqual(['科教片占比', '50%']);

    const xlsx = await binary('/api/reports/month?month=2026-11&format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('report-2026-11.xlsx');
    const books = await sheets(xlsx.body);
    expect(books.map((s) => s.name)).toEqual(['乡镇覆盖（行政村）', '放映统计', '放映队']);
    // The CSV is the sheets one under another, each under its title; XLSX keeps the exact ratio.
    const flattened = books.flatMap((s, i) => [[`【${s.name}】`], ...s.rows.map((r) => (i === 0 ? r.map((c, k) => (k === 6 && r[0] !== '乡镇' ? percent(c) : c)) : r))]);
    expect(rows).toEqual(flattened);
  });

  it('partner 403; a bad format or month 400', async () => {
    expectProblem(await get('/api/reports/month', app.as.partner), 403);
    expectProblem(await get('/api/reports/month?format=pdf'), 400, ['format']);
    expectProblem(await get('/api/reports/subsidy?month=2026-13'), 400, ['month']);
  });
});

describe('GET /api/reports/year', () => {
  it('months equal /api/coverage/year, and the units covered 12/12 are listed', async () => {
    const [report, coverage] = await Promise.all([get('/api/reports/year?year=2025'), get('/api/coverage/year?year=2025')]);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.months.map(({ due: _, ...m }: { due: boolean }) => m)).toEqual(coverage.body.months);
    expect(report.body.months.map((m: { due: boolean }) => m.due)).toEqual(Array(12).fill(true));
    expect(report.body.fullYear).toEqual([ids.b1]);
    const b1 = report.body.villages.find((v: { id: number }) => v.id === ids.b1);
    expect(b1).toMatchObject({ name: '三村', townshipName: '乙乡' });
    expect(report.body.villages.find((v: { id: number }) => v.id === ids.a1).statuses[4]).toBe('covered');
  });

  it('XLSX and CSV have the same village rows', async () => {
    const [title, ...csv] = csvRows((await get('/api/reports/year?year=2025&format=csv')).text);
    const books = await sheets((await binary('/api/reports/year?year=2025&format=xlsx')).body);
    expect(title).toEqual(['2025 年农村电影放映年度覆盖']);
    expect(books.map((s) => s.title)).toEqual(Array(3).fill(title![0]));
    expect(books.map((s) => s.name)).toEqual(['月度覆盖（行政村）', '逐村逐月', '全年覆盖']);
    expect(csv).toEqual(books.flatMap((s, i) => [[`【${s.name}】`], ...s.rows.map((r) => (i === 0 ? r.map((c, k) => (k === 3 && r[0] !== '月份' ? percent(c) : c)) : r))]));
    expect(books[1]!.rows).toContainEqual(['乙乡', '三村', ...Array(12).fill('已放映'), '12']);
    expect(books[2]!.rows).toEqual([['乡镇', '村'], ['乙乡', '三村']]);
  });
});

describe('months still to come in the year report', () => {
  it('are not yet due: marked so, shown as 未到期 instead of a gap, and left out of the average', async () => {
    const { body } = await get('/api/reports/year?year=2026');
    expect(body.months.map((m: { due: boolean }) => m.due)).toEqual([...Array(11).fill(true), false]);
    const due = body.months.filter((m: { due: boolean }) => m.due);
    expect(body.averageCoverage).toBeCloseTo(due.reduce((n: number, m: { coverage: number }) => n + m.coverage, 0) / 11, 10);
    const csv = csvRows((await get('/api/reports/year?year=2026&format=csv')).text);
    expect(csv).toContainEqual(['2026-12', '4', '0', '未到期']);
    expect(csv.find((r) => r[0] === '已到期月份平均')?.[3]).toBe(`${Math.round(body.averageCoverage * 100)}%`);
    const b1 = csv.find((r) => r[1] === '三村')!;
    expect(b1[13]).toBe('未到期');
    expect(b1[12]).toBe('逾期未报');
  });
});

describe('GET /api/reports/subsidy', () => {
  it('pays at most one screening per administrative unit per month, the first by start time; the rest are extra', async () => {
    const { body, status } = await get('/api/reports/subsidy?month=2026-11');
    expect(status).toBe(200);
    expect(body).toMatchObject({ month: '2026-11', perScreeningYuan: 200, totalYuan: 200 });
    expect(body.teams).toEqual([
      { teamId: ids.red, teamName: '第一队', partnerName: '通海放映公司', counted: 1, amountYuan: 200 },
      { teamId: ids.blue, teamName: '第二队', partnerName: '通海放映公司', counted: 0, amountYuan: 0 },
    ]);
    expect(body.extra).toEqual([
      { screeningId: ids.second, villageName: '一村', teamName: '第二队', startsAt: '2026-11-03T19:00:00.000+08:00', films: [expect.objectContaining({ id: ids.feat })], reason: 'second screening of the unit this month' },
    ]);
  });

  it('October pays its one screening; CSV ends with the total', async () => {
    const { body } = await get('/api/reports/subsidy?month=2026-10');
    expect(body.totalYuan).toBe(200);
    expect(body.extra).toEqual([]);
    const rows = csvRows((await get('/api/reports/subsidy?month=2026-11&format=csv')).text);
    expect(rows).toContainEqual(['合计', '', '1', '200']);
  });
});
