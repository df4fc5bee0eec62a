// The month's gap villages as a download, from the map's panel and from the month report, in
// Debian's Chromium against the Tonghai demo: both pages offer the CSV and Excel links for the
// month shown, and the files download with the county in their title and the gap villages the API lists.
import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, mapReady } from '../helpers/browser.js';

const b = browserSuite({ acceptDownloads: true });

/** Last month in the county: begun and over, with gaps in the demo history. */
function lastMonth() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const i = y! * 12 + m! - 2;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

interface Gaps {
  place: string | null;
  items: { name: string; code: string | null; townshipName: string; lastScreening: string | null }[];
}

async function downloaded(selector: string) {
  const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: await fs.readFile((await download.path())!) };
}

describe('the gap villages download', () => {
  it('the map panel offers the month\'s gaps as CSV and Excel, and they download', async () => {
    const month = lastMonth();
    await b.signIn('bureau', `/?month=${month}`);
    await mapReady(b.page, { month });
    const api = await apiGet<Gaps>(b.page, `/api/coverage/gaps?month=${month}`);
    expect(api.items.length).toBeGreaterThan(0);
    expect(api.place).toBe('通海县');
    expect(await b.page.isVisible('#gap-downloads')).toBe(true);
    // The map goes down into the demo's one county: the download is of that area.
    expect(await b.page.getAttribute('#gap-downloads-csv', 'href')).toMatch(new RegExp(`^/api/coverage/gaps\\?month=${month}(&areaId=\\d+)?&format=csv$`));

    const csv = await downloaded('#gap-downloads-csv');
    expect(csv.name).toMatch(new RegExp(`^通海县-gaps-(530423-)?${month}-administrative\\.csv$`));
    const lines = csv.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^通海县 \d{4}年\d{1,2}月盲点村$/);
    expect(lines[2]).toBe('村 village,代码 code,乡镇 township,上次放映 last screening');
    expect(lines.filter((l) => l.includes('="')).length).toBe(api.items.length);

    const xlsx = await downloaded('#gap-downloads-xlsx');
    expect(xlsx.name).toMatch(new RegExp(`^通海县-gaps-(530423-)?${month}-administrative\\.xlsx$`));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(2 + api.items.length);
    expect(sheet.getCell(3, 1).value).toBe(api.items[0]!.name);
  });

  it('the month report offers the same download for its month, and not for a month still to come', async () => {
    const month = lastMonth();
    await b.signIn('bureau', `/reports?view=month&month=${month}`);
    expect(await b.page.textContent('#report-title')).toMatch(/^通海县 /);
    expect(await b.page.isVisible('#report-gap-downloads')).toBe(true);
    expect(await b.page.getAttribute('#report-gap-downloads-xlsx', 'href')).toBe(`/api/coverage/gaps?month=${month}&format=xlsx`);
    const xlsx = await downloaded('#report-gap-downloads-xlsx');
    expect(xlsx.name).toBe(`通海县-gaps-${month}-administrative.xlsx`);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    await b.page.click('#tab-year');
    await expect.poll(() => b.page.isVisible('#report-gap-downloads')).toBe(false);
  });
});
