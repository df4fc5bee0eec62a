import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// The spreadsheets that list screenings name each one's programme (放映节目): its titles in the
// programme's order, joined by 、, a title's own comma or semicolon kept inside its cell.

const app = useApp({ as: ['bureau'], now: '2026-11-15T12:00:00' });
let ids: { pending: number; rejected: number };

beforeAll(async () => {
  const { township, village, team, film, screening } = app.make;
  const ts = await township({ name: '甲镇' });
  const [a, b] = [await village({ township_id: ts.id, name: '一村' }), await village({ township_id: ts.id, name: '二村' })];
  const tm = await team({ name: '第一队' });
  const short = await film({ title: '种子; 土壤, 水', category: 'science', minutes: 20 });
  const feature = await film({ title: '喜盈门', category: 'feature', minutes: 95 });
  ids = {
    // The science short first: the sheet keeps the programme's order.
    pending: (await screening({ village_id: a.id, team_id: tm.id, starts_at: '2026-11-02T19:00+08:00', status: 'completed', audience: 40, programme: [short.id, feature.id], verification: 'unverified' })).id,
    rejected: (await screening({ village_id: b.id, team_id: tm.id, starts_at: '2026-11-03T19:00+08:00', status: 'completed', audience: 30, programme: [feature.id], verification: 'verified', review_decision: 'rejected', review_reason: '照片重复' })).id,
  };
});

const get = (url: string) => app.as.bureau.get(url).buffer(true);

describe('the subsidy statement’s screening lists', () => {
  it('answer each screening’s programme in order', async () => {
    const { body } = await get('/api/reports/subsidy?month=2026-11');
    expect(body.pending.map((p: { films: { title: string }[] }) => p.films.map((f) => f.title))).toEqual([['种子; 土壤, 水', '喜盈门']]);
    expect(body.rejected[0].films.map((f: { title: string }) => f.title)).toEqual(['喜盈门']);
  });

  it('as CSV: a 放映节目 column with the titles in order, joined by 、', async () => {
    const rows = parseCsv((await get('/api/reports/subsidy?month=2026-11&format=csv')).text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    expect(rows).toContainEqual(['场次编号', '村', '放映队', '放映时间', '放映节目', '核实状态']);
    const pending = rows.find((r) => r[0] === String(ids.pending))!;
    expect(pending[4]).toBe('种子; 土壤, 水、喜盈门');
    expect(rows.find((r) => r[0] === String(ids.rejected))!.slice(4)).toEqual(['喜盈门', '照片重复']);
  });

  it('as XLSX: the same column on the pending sheet', async () => {
    const res = await get('/api/reports/subsidy?month=2026-11&format=xlsx').parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    const cells = book.worksheets.flatMap((s) => s.getSheetValues().map((r) => Array.from(((r ?? []) as unknown[]).slice(1), (v) => (v === undefined || v === null ? '' : String(v)))));
    const pending = cells.find((r) => r[0] === String(ids.pending))!;
    expect(pending[4]).toBe('种子; 土壤, 水、喜盈门');
  });
});
