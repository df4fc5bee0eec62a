// The reports page in Debian's Chromium against the real server on the Tonghai demo data: the
// month report shows what /api/coverage says for that month, and its CSV downloads with a BOM
// and Chinese headers; the year view draws its chart and grid; the page prints on A4.
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, pageReady, type Counts } from '../helpers/browser.js';

type Row = Counts & { units: number; coverage: number };
interface Coverage {
  month: string;
  totals: Row;
  townships: (Row & { id: number; name: string })[];
}

const b = browserSuite({ acceptDownloads: true });

interface YearApi {
  villages: { id: number; statuses: (string | null)[] }[];
  months: { month: string; coverage: number; due: boolean }[];
  averageCoverage: number | null;
}

/** The month after the current one in the county: it has not begun. */
function nextMonth() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const i = y! * 12 + m!;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The county's year now (the page's own default): not UTC's, which is still last year in the county's first eight hours of a year. */
const countyYear = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());

/** The month before the current one in the county (UTC's month is still the one before that in the county's first eight hours of a month). */
function lastMonth() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const i = y! * 12 + m! - 2;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

const FIELDS = ['units', 'covered', 'planned', 'overdue', 'gap'] as const;
const digits = (s: string | null) => Number(s!.replace(/\D/g, ''));
const pick = (r: Row) => Object.fromEntries(FIELDS.map((f) => [f, r[f]]));

/** The numbers as the reader sees them: the county tiles and each township row, read off their text. */
async function shownCounts() {
  const county = Object.fromEntries(await Promise.all(FIELDS.map(async (f) => [f, digits(await b.page.textContent(`#county-stats [data-field=${f}] dd`))])));
  const townships = await b.page.$$eval('table.townships tbody tr', (rows) =>
    rows.map((r) => ({
      id: Number(r.getAttribute('data-township')),
      ...Object.fromEntries([...r.querySelectorAll('td[data-field]')].map((td) => [td.getAttribute('data-field'), td.textContent])),
    })),
  );
  return { county, townships: townships as ({ id: number } & Record<string, string>)[] };
}

describe('the reports page', () => {
  it('shows the month report with the numbers of /api/coverage, and downloads it as CSV with a BOM and Chinese headers', async () => {
    // Last month: completed, overdue and gap units all occur in the demo history.
    const month = lastMonth();
    await b.signIn('bureau', `/reports?view=month&month=${month}`);
    expect(await b.page.getAttribute('body', 'data-period')).toBe(month);

    const api = await apiGet<Coverage>(b.page, `/api/coverage?month=${month}`);
    const shown = await shownCounts();
    expect(shown.county).toEqual(pick(api.totals));
    expect(api.totals.covered + api.totals.gap).toBeGreaterThan(0);
    expect(digits(await b.page.textContent('#county-stats [data-field=coverage] dd'))).toBe(Math.round(api.totals.coverage * 100));
    for (const tw of api.townships) {
      const row = shown.townships.find((r) => r.id === tw.id)!;
      expect(row, tw.name).toBeDefined();
      for (const f of FIELDS) expect(digits(row[f]!), `${tw.name} ${f}`).toBe(tw[f]);
      expect(digits(row.coverage!)).toBe(Math.round(tw.coverage * 100));
    }
    expect(Number.isFinite(digits(await b.page.textContent('#screening-stats [data-field=held] dd')))).toBe(true);

    expect(await b.page.getAttribute('#download-csv', 'href')).toBe(`/api/reports/month?month=${month}&format=csv`);
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.click('#download-csv')]);
    const bytes = await fs.readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    // The report's title with the county (the demo's one county), then each table a section under its title; the townships' first.
    const [reportTitle, , title, head, ...lines] = text.split(/\r?\n/);
    expect(reportTitle).toMatch(/^通海县 \d{4}年\d{1,2}月 农村电影放映月报$/);
    expect(title).toMatch(/^【乡镇覆盖/);
    expect(head).toMatch(/^乡镇,/);
    expect(head).toContain('覆盖率');
    // One line a township, then the county: the same numbers as the page.
    const countyLine = lines.find((l) => l.startsWith('通海县合计'))!.split(',');
    expect(countyLine.slice(1, 6).map(Number)).toEqual(FIELDS.map((f) => api.totals[f]));

    const xlsx = await b.page.request.get(new URL((await b.page.getAttribute('#download-xlsx', 'href'))!, b.url).toString());
    expect(xlsx.ok()).toBe(true);
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: an .xlsx workbook
  });

  it('shows the year as a coverage chart and a grid of coloured months per village', async () => {
    const year = countyYear();
    await b.signIn('bureau', `/reports?view=year&year=${year}`);
    const api = await apiGet<YearApi>(b.page, `/api/reports/year?year=${year}`);
    expect(await b.page.locator('#trend-chart canvas').count()).toBeGreaterThan(0);
    expect(await b.page.locator('#year-grid tbody tr').count()).toBe(api.villages.length);
    const v = api.villages[0]!;
    const cells = await b.page.$$eval(`#year-grid tr[data-id="${v.id}"] td.cell`, (tds) => tds.map((td) => td.getAttribute('data-status') || null));
    // A gap of a month still to come is not yet due.
    expect(cells).toEqual(v.statuses.map((st, i) => (st === 'gap' && !api.months[i]!.due ? 'notDue' : st)));
    const covered = b.page.locator('#year-grid td.s-covered').first();
    if (await covered.count()) expect(await covered.evaluate((td) => getComputedStyle(td).backgroundColor)).toBe('rgb(0, 158, 115)');

    await b.page.click('#tab-month');
    await pageReady(b.page);
    expect(new URL(b.page.url()).searchParams.get('view')).toBe('month');
  });

  it('downloads the progress report in the grouping on show (issue 22: the links followed the report’s own before)', async () => {
    const year = countyYear();
    await b.signIn('admin', `/reports?view=progress&year=${year}`);
    await b.page.waitForSelector('#progress-group');
    await b.page.selectOption('#progress-group', 'township');
    await expect.poll(() => b.page.getAttribute('a#download-csv', 'href')).toContain('groupBy=township');
    expect(await b.page.getAttribute('a#download-xlsx', 'href')).toMatch(/format=xlsx.*groupBy=township|groupBy=township.*format=xlsx/);
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.click('a#download-csv')]);
    const csv = await fs.readFile((await download.path())!, 'utf8');
    const api = await apiGet<{ groups: { name: string }[] }>(b.page, `/api/reports/progress?year=${year}&groupBy=township`);
    // One line per township of the grouping on show (beside the header and the totals).
    for (const g of api.groups) expect(csv).toContain(g.name);
  });

  it('shows months to come as not yet due in the year view, and the average of the due months only', async () => {
    const year = countyYear();
    await b.signIn('bureau', `/reports?view=year&year=${year}`);
    const api = await apiGet<YearApi>(b.page, `/api/reports/year?year=${year}`);
    const due = api.months.filter((m) => m.due).length;
    const pct = `${Math.round(api.averageCoverage! * 100)}%`;
    expect(await b.page.textContent('#year-average')).toBe(due < 12 ? `已到期的 ${due} 个月平均覆盖率 ${pct}（未到期的月份不计入）` : `全年平均覆盖率 ${pct}`);
    expect(await b.page.locator('#year-grid thead th.not-due').count()).toBe(12 - due);
    if (due < 12) {
      // No gap in a month to come: its cells are planned or not yet due.
      const late = await b.page.$$eval('#year-grid tbody tr', (rows, from) => rows.flatMap((r) => [...r.querySelectorAll('td.cell')].slice(from).map((td) => td.getAttribute('data-status'))), due);
      expect(late.length).toBeGreaterThan(0);
      expect(late.filter((st) => st === 'gap')).toEqual([]);
      expect(late).toContain('notDue');
      expect(await b.page.locator('.status-legend li[data-status=notDue]').textContent()).toContain('未到期');
    }

    // Next year: nothing is due yet; no average, no gap anywhere.
    await b.page.click('#year-next');
    await expect.poll(() => b.page.getAttribute('body', 'data-period')).toBe(String(Number(year) + 1));
    expect(await b.page.textContent('#year-average')).toBe('这一年还没有开始，还没有到期的月份。');
    expect(await b.page.locator('#year-grid td.s-gap').count()).toBe(0);
    expect(await b.page.locator('#year-grid td.s-notDue').count()).toBeGreaterThan(0);
    expect(await b.page.locator('#year-grid thead th.not-due').count()).toBe(12);
  });

  it('says a month report of a month to come is not yet due: no gaps, no coverage yet', async () => {
    const month = nextMonth();
    await b.signIn('bureau', `/reports?view=month&month=${month}`);
    const api = await apiGet<Coverage>(b.page, `/api/coverage?month=${month}`);
    expect(await b.page.textContent('#not-due-note')).toContain('还没有开始');
    expect(await b.page.locator('#county-stats [data-field=gap]').count()).toBe(0);
    expect(digits(await b.page.textContent('#county-stats [data-field=notDue] dd'))).toBe(api.totals.gap);
    expect(await b.page.textContent('#county-stats [data-field=notDue] dt')).toBe('未到期');
    expect(await b.page.textContent('#county-stats [data-field=coverage] dd')).toBe('未到期');
    expect(await b.page.textContent('table.townships thead')).not.toContain('盲点');

    // This month is due: gaps are gaps.
    await b.page.click('#month-prev');
    await expect.poll(() => b.page.locator('#not-due-note').count()).toBe(0);
    expect(await b.page.locator('#county-stats [data-field=gap]').count()).toBe(1);
  });

  it('prints the month report on one A4 page without the header and toolbar', async () => {
    await b.signIn('bureau', '/reports');
    await b.page.emulateMedia({ media: 'print' });
    expect(await b.page.isVisible('.topbar')).toBe(false);
    expect(await b.page.isVisible('.toolbar')).toBe(false);
    expect(await b.page.isVisible('#report-title')).toBe(true);
    const pdf = await b.page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
  });
});
