import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { glossary, glossaryKeys } from '../../server/http/glossary.js';
import { en } from '../../web/src/i18n/en.js';
import { zhCN, type Messages } from '../../web/src/i18n/zh-CN.js';
import { useApp } from '../helpers/api.js';

// One word per state (issue 19, point 6): a unit's status, a screening's verification, the
// bureau's decision and the counts' headings read the same on the pages and in every spreadsheet
// the server writes. Each spreadsheet is generated and every state cell and heading compared
// with the pages' catalogues; the catalogues hold none of the synonyms that once crept in.

const app = useApp({ as: ['admin'], now: '2026-11-15T12:00:00' });
const catalogues: Record<'zh-CN' | 'en', Messages> = { 'zh-CN': zhCN, en };
/** Words that once named the same states beside the glossary's: never again, on a page or in a sheet. */
const synonyms: Record<'zh-CN' | 'en', string[]> = {
  'zh-CN': ['未核验', '已核验', '待审核', '单位数', '已认可'],
  en: ['Needs review', 'Not verified', 'Unverified screenings'],
};

beforeAll(async () => {
  const { township, village, partner, team, screening } = app.make;
  await app.db('areas').insert([{ code: '53', name: '云南省' }, { code: '5304', name: '玉溪市' }]);
  const [county] = await app.db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
  const ts = await township({ name: '秀山街道', county_id: county.id });
  const p = await partner();
  const t = await team({ partner_id: p.id });
  const names = ['一村', '二村', '三村', '四村', '五村', '六村'];
  const vs: { id: number }[] = [];
  for (const name of names) vs.push(await village({ township_id: ts.id, name }));
  const S = (i: number, starts_at: string, o: Record<string, unknown> = {}) => screening({ village_id: vs[i]!.id, team_id: t.id, starts_at, ...o });
  // One unit of each status and each verification: covered (verified, flagged, unverified), planned, overdue, gap.
  await S(0, '2026-11-02T19:00+08:00', { status: 'completed', audience: 9, verification: 'verified' });
  await S(1, '2026-11-03T19:00+08:00', { status: 'completed', audience: 9, verification: 'flagged' });
  await S(2, '2026-11-04T19:00+08:00', { status: 'completed', audience: 9, verification: 'unverified' });
  await S(3, '2026-11-20T19:00+08:00');
  await S(4, '2026-11-06T19:00+08:00');
  await S(5, '2026-11-08T19:00+08:00', { status: 'completed', audience: 9, verification: 'verified', review_decision: 'rejected', review_reason: 'x' });
});

const text = async (url: string) => {
  const res = await app.as.admin.get(url).buffer(true);
  expect(res.status, url).toBe(200);
  return parseCsv(res.text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
};
const xlsx = async (url: string) => {
  const res = await app.as.admin
    .get(url)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as ArrayBuffer);
  // The sheets one under another, each under its 【name】 as the CSV writes its sections.
  const cell = (c: unknown) => (c instanceof Date ? c.toISOString() : String(c ?? ''));
  return book.worksheets.flatMap((s) => [[`【${s.name}】`], ...(s.getSheetValues() as unknown[][]).filter(Boolean).map((r) => Array.from(r.slice(1), cell))]);
};

/** Every spreadsheet the server writes, as rows of cells. */
async function everySheet(): Promise<Record<string, string[][]>> {
  const sheets: Record<string, string[][]> = {};
  for (const kind of ['month?month=2026-11', 'year?year=2026', 'subsidy?month=2026-11']) {
    sheets[`reports/${kind} csv`] = await text(`/api/reports/${kind}&format=csv`);
    sheets[`reports/${kind} xlsx`] = await xlsx(`/api/reports/${kind}&format=xlsx`);
  }
  for (const path of ['/api/coverage?month=2026-11', '/api/coverage?month=2026-11&groupBy=township', '/api/coverage/villages?month=2026-11', '/api/coverage/year?year=2026', '/api/coverage/gaps?month=2026-11']) {
    sheets[`${path} csv`] = await text(`${path}&format=csv`);
  }
  sheets['gaps xlsx'] = await xlsx('/api/coverage/gaps?month=2026-11&format=xlsx');
  return sheets;
}

describe('one word per state', () => {
  it('the pages name each state with the glossary\'s word, and no catalogue holds a synonym', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const c = catalogues[lang];
      const g = glossary[lang];
      // The page keys that still name these states say the glossary's word.
      for (const s of ['verified', 'flagged', 'unverified'] as const) {
        expect(c[`review.state.${s}`], `${lang} review.state.${s}`).toBe(g.verification[s]);
        expect(c[`field.evidence.state.${s}`], `${lang} field.evidence.state.${s}`).toBe(g.verification[s]);
      }
      for (const d of ['accepted', 'rejected'] as const) {
        expect(c[`review.state.${d}`], `${lang} review.state.${d}`).toBe(g.decision[d]);
        expect(c[`review.decided.${d}`], `${lang} review.decided.${d}`).toBe(g.decision[d]);
      }
      for (const [key, value] of Object.entries(c)) for (const word of synonyms[lang]) expect(value, `${lang} ${key}`).not.toContain(word);
    }
    // The glossary is read off the catalogues, key by key.
    expect(glossary['zh-CN'].verification.unverified).toBe(zhCN[glossaryKeys.verification.unverified]);
    expect(glossary.en.counts.units).toBe(en[glossaryKeys.counts.units]);
  });

  it('every spreadsheet writes states and count headings in the glossary\'s words, in Chinese and in the English of its bilingual headings', async () => {
    const zh = glossary['zh-CN'];
    const sheets = await everySheet();
    const unitStates = new Set(Object.values(zh.status));
    const verificationStates = new Set(Object.values(zh.verification));
    for (const [name, rows] of Object.entries(sheets)) {
      const cells = rows.flat();
      for (const word of [...synonyms['zh-CN'], ...synonyms.en]) expect(cells.filter((c) => c.includes(word)), `${name}: ${word}`).toEqual([]);
      // A column headed by a state word holds only the glossary's words of that kind.
      rows.forEach((row, r) => {
        row.forEach((head, col) => {
          const states = /^(状态|[0-9]+月|核实状态)( |$)/.test(head) ? (head.startsWith('核实') ? verificationStates : unitStates) : null;
          if (!states) return;
          // The table's rows: down to the next section (its 【title】) or a row of another width.
          for (const below of rows.slice(r + 1)) {
            if (below.length !== row.length || below[0]!.startsWith('【')) break;
            const cell = below[col] ?? '';
            if (cell && !/^\d+$/.test(cell)) expect([...states, zh.notDue], `${name}: ${head} → ${cell}`).toContain(cell);
          }
        });
      });
    }
    // The count headings: the pages' words (应放映村数, not 单位数), and in the bilingual CSVs the English catalogue's.
    expect(sheets['reports/month?month=2026-11 csv']).toContainEqual(['乡镇', zh.counts.units, zh.counts.covered, zh.counts.planned, zh.counts.overdue, zh.counts.gap, zh.counts.coverage, zh.counts.verified]);
    const english = glossary.en.counts;
    expect(sheets['/api/coverage?month=2026-11 csv']![0]).toEqual([
      `${zh.group.township} ${glossary.en.group.township.toLowerCase()}`,
      ...(['units', 'covered', 'planned', 'overdue', 'gap', 'coverage'] as const).map((k) => `${zh.counts[k]} ${english[k].toLowerCase()}`),
    ]);
    // The states seen: all four unit statuses in the village list, all three verifications among the subsidy's pending.
    const villages = sheets['/api/coverage/villages?month=2026-11 csv']!;
    expect(new Set(villages.slice(1).map((r) => r[4]))).toEqual(new Set([zh.status.covered, zh.status.planned, zh.status.overdue, zh.status.gap]));
    const subsidy = sheets['reports/subsidy?month=2026-11 csv']!.flat();
    for (const s of [zh.verification.flagged, zh.verification.unverified]) expect(subsidy).toContain(s);
    expect(subsidy.some((c) => c.startsWith(`【${zh.decision.rejected}场次`))).toBe(true);
  });
});
