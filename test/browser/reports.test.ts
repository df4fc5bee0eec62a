// The reports page in Debian's Chromium against the real server on the Tonghai demo data: the
// month report shows what /api/coverage says for that month, and its CSV downloads with a BOM
// and Chinese headers; the year view draws its chart and grid; the page prints on A4.
import fs from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiGet, launchChromium, pageReady, signInTo, startDemoServer, type Chromium, type Counts, type DemoServer } from './helpers.js';

type Row = Counts & { units: number; coverage: number };
interface Coverage {
  month: string;
  totals: Row;
  townships: (Row & { id: number; name: string })[];
}

let server: DemoServer;
let chromium: Chromium;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, chromium] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});
beforeEach(async () => {
  context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

const FIELDS = ['units', 'covered', 'planned', 'overdue', 'gap'] as const;
const digits = (s: string | null) => Number(s!.replace(/\D/g, ''));
const pick = (r: Row) => Object.fromEntries(FIELDS.map((f) => [f, r[f]]));

/** The numbers as the reader sees them: the county tiles and each township row, read off their text. */
async function shownCounts(page: Page) {
  const county = Object.fromEntries(await Promise.all(FIELDS.map(async (f) => [f, digits(await page.textContent(`#county-stats [data-field=${f}] dd`))])));
  const townships = await page.$$eval('table.townships tbody tr', (rows) =>
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
    const now = new Date();
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
    const month = `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}`;
    await signInTo(page, server.url, `/reports?view=month&month=${month}`);
    expect(await page.getAttribute('body', 'data-period')).toBe(month);

    const api = await apiGet<Coverage>(page, `/api/coverage?month=${month}`);
    const shown = await shownCounts(page);
    expect(shown.county).toEqual(pick(api.totals));
    expect(api.totals.covered + api.totals.gap).toBeGreaterThan(0);
    expect(digits(await page.textContent('#county-stats [data-field=coverage] dd'))).toBe(Math.round(api.totals.coverage * 100));
    for (const tw of api.townships) {
      const row = shown.townships.find((r) => r.id === tw.id)!;
      expect(row, tw.name).toBeDefined();
      for (const f of FIELDS) expect(digits(row[f]!), `${tw.name} ${f}`).toBe(tw[f]);
      expect(digits(row.coverage!)).toBe(Math.round(tw.coverage * 100));
    }
    expect(Number.isFinite(digits(await page.textContent('#screening-stats [data-field=held] dd')))).toBe(true);

    expect(await page.getAttribute('#download-csv', 'href')).toBe(`/api/reports/month?month=${month}&format=csv`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const bytes = await fs.readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const [head, ...lines] = text.split(/\r?\n/);
    expect(head).toMatch(/^乡镇,/);
    expect(head).toContain('覆盖率');
    // One line a township, then the county: the same numbers as the page.
    const countyLine = lines.find((l) => l.startsWith('全县合计'))!.split(',');
    expect(countyLine.slice(1, 6).map(Number)).toEqual(FIELDS.map((f) => api.totals[f]));

    const xlsx = await page.request.get(new URL((await page.getAttribute('#download-xlsx', 'href'))!, server.url).toString());
    expect(xlsx.ok()).toBe(true);
    expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: an .xlsx workbook
  });

  it('shows the year as a coverage chart and a grid of coloured months per village', async () => {
    const year = String(new Date().getUTCFullYear());
    await signInTo(page, server.url, `/reports?view=year&year=${year}`);
    const api = await apiGet<{ villages: { id: number; statuses: (string | null)[] }[]; months: { coverage: number }[] }>(page, `/api/reports/year?year=${year}`);
    expect(await page.locator('#trend-chart canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#year-grid tbody tr').count()).toBe(api.villages.length);
    const v = api.villages[0]!;
    const cells = await page.$$eval(`#year-grid tr[data-id="${v.id}"] td.cell`, (tds) => tds.map((td) => td.getAttribute('data-status') || null));
    expect(cells).toEqual(v.statuses);
    const covered = page.locator('#year-grid td.s-covered').first();
    if (await covered.count()) expect(await covered.evaluate((td) => getComputedStyle(td).backgroundColor)).toBe('rgb(0, 158, 115)');

    await page.click('#tab-month');
    await pageReady(page);
    expect(new URL(page.url()).searchParams.get('view')).toBe('month');
  });

  it('prints the month report on one A4 page without the header and toolbar', async () => {
    await signInTo(page, server.url, '/reports');
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.topbar')).toBe(false);
    expect(await page.isVisible('.toolbar')).toBe(false);
    expect(await page.isVisible('#report-title')).toBe(true);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
  });
});
