// The registry page in Debian's Chromium against the real server on the Tonghai demo data:
// a dry run shows the refused row, the fixed file imports, the new village is in the list; a
// village is moved by dragging its marker, then retired and restored.
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, pageReady } from '../helpers/browser.js';

interface Village {
  id: number;
  name: string;
  code: string | null;
  lat: number;
  lng: number;
  retiredAt: string | null;
  positionApproximate: boolean;
}

const b = browserSuite();

const header = 'code,name,township_code,township_name,kind,parent_code,lat,lng';
const good = '530423001951,浏览器测试村,530423001,秀山街道,administrative,,24.1050,102.7500';
const badLat = '530423001952,浏览器测试二村,530423001,秀山街道,administrative,,not-a-number,102.7600';
const fixed = '530423001952,浏览器测试二村,530423001,秀山街道,administrative,,24.1060,102.7600';

async function choose(csv: string) {
  await b.page.setInputFiles('#import-file', { name: 'villages.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`, 'utf8') });
}

const count = (name: string) => b.page.textContent(`#import-result [data-count=${name}] dd`).then((t) => Number(t!.replace(/\D/g, '')));

describe('the registry page', () => {
  it('checks a file with a dry run, shows the bad row, and imports the fixed file', async () => {
    await b.signIn('bureau', '/registry');
    expect(await b.page.isDisabled('#confirm-import')).toBe(true);

    await choose([header, good, badLat].join('\n'));
    await b.page.click('#dry-run');
    const errorRow = b.page.locator('#import-result tr.error-row');
    await expect.poll(() => errorRow.count()).toBe(1);
    expect(await errorRow.getAttribute('data-row')).toBe('2');
    expect(await errorRow.locator('td').nth(1).textContent()).toMatch(/lat|纬度/);
    expect(await errorRow.locator('.cell.bad').textContent()).toBe('not-a-number');
    expect(await count('errors')).toBe(1);
    expect(await b.page.textContent('#import-status')).toContain('不能导入');
    expect(await b.page.isDisabled('#confirm-import')).toBe(true);
    // Nothing stored by the dry run.
    expect((await apiGet<{ total: number }>(b.page, '/api/villages?q=浏览器测试')).total).toBe(0);

    await choose([header, good, fixed].join('\n'));
    expect(await b.page.locator('#import-result').textContent()).toBe(''); // a new file: the old answer is gone
    await b.page.click('#dry-run');
    await expect.poll(() => b.page.textContent('#import-status')).toContain('检查通过');
    expect(await b.page.locator('#import-result tr.error-row').count()).toBe(0);
    expect(await count('created')).toBe(2);
    expect(await count('errors')).toBe(0);
    expect((await apiGet<{ total: number }>(b.page, '/api/villages?q=浏览器测试')).total).toBe(0);

    await b.page.click('#confirm-import');
    await expect.poll(() => b.page.textContent('#import-status')).toBe('导入完成。');
    expect(await b.page.textContent('#import-result h3')).toContain('已保存');
    expect(await count('created')).toBe(2);
    expect(await b.page.isDisabled('#confirm-import')).toBe(true);

    await b.page.fill('#q', '浏览器测试');
    await expect.poll(() => b.page.locator('#villages tbody tr[data-id]').count()).toBe(2);
    expect(await b.page.locator('#villages tbody th.name').allTextContents()).toEqual(['浏览器测试村', '浏览器测试二村']);
    expect(await b.page.textContent('#list-count')).toContain('2');
  });

  it('moves a village by dragging its marker, then retires and restores it', async () => {
    await b.signIn('bureau', '/registry');
    const first = b.page.locator('#villages tbody tr[data-id]').first();
    const id = Number(await first.getAttribute('data-id'));
    const before = await apiGet<Village>(b.page, `/api/villages/${id}`);
    await first.locator('[data-action=locate]').click();
    const marker = b.page.locator('#position-map .leaflet-marker-icon');
    await expect.poll(() => marker.count()).toBe(1);
    expect(await b.page.isDisabled('#position-save')).toBe(true);

    // Locating pans and zooms the map to the marker (animated): drag it once the map has come to rest.
    let box = (await marker.boundingBox())!;
    await expect
      .poll(async () => {
        const before = box;
        box = (await marker.boundingBox())!;
        return box.x === before.x && box.y === before.y;
      }, { interval: 150 })
      .toBe(true);
    await b.page.mouse.move(box.x + box.width / 2, box.y + box.height - 4);
    await b.page.mouse.down();
    await b.page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height - 4 - 30, { steps: 8 });
    await b.page.mouse.up();
    await expect.poll(() => b.page.isDisabled('#position-save')).toBe(false);
    const lat = Number(await b.page.inputValue('#position-lat'));
    const lng = Number(await b.page.inputValue('#position-lng'));
    expect(lat).toBeGreaterThan(before.lat);
    expect(lng).toBeGreaterThan(before.lng);

    await b.page.click('#position-save');
    await expect.poll(() => b.page.textContent('#position-status')).toContain('已保存');
    const moved = await apiGet<Village>(b.page, `/api/villages/${id}`);
    expect(moved.lat).toBeCloseTo(lat, 5);
    expect(moved.lng).toBeCloseTo(lng, 5);
    expect(moved.positionApproximate).toBe(false);

    await first.locator('[data-action=retire]').click();
    await expect.poll(() => b.page.textContent('#list-status')).toContain('已停用');
    expect((await apiGet<Village>(b.page, `/api/villages/${id}`)).retiredAt).not.toBeNull();
    await b.page.selectOption('#f-retired', 'true');
    await pageReady(b.page);
    const retired = b.page.locator(`#villages tbody tr[data-id="${id}"]`);
    await expect.poll(() => retired.count()).toBe(1);
    await retired.locator('[data-action=restore]').click();
    await expect.poll(() => b.page.textContent('#list-status')).toContain('已恢复');
    expect((await apiGet<Village>(b.page, `/api/villages/${id}`)).retiredAt).toBeNull();
  });

  it('names a PNG or an Excel workbook chosen instead of the CSV, says what it is in Chinese, and never shows its bytes', async () => {
    await b.signIn('bureau', '/registry');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(300, 0x5a)]);
    await b.page.setInputFiles('#import-file', { name: 'map.png', mimeType: 'image/png', buffer: png });
    await b.page.click('#dry-run');
    await expect.poll(() => b.page.getAttribute('#import-status', 'data-code')).toBe('image_file');
    expect(await b.page.textContent('#import-status')).toBe('“map.png”不能导入：这是 PNG 图片，不是 CSV 或 GeoJSON 文件。');
    expect(await b.page.locator('#import-result tr.error-row').count()).toBe(0);
    expect(await b.page.textContent('body')).not.toMatch(/IHDR|headers found|螞/);

    // An Excel 97–2003 workbook (an XLSX is read: test/browser/import-clerk.test.ts).
    const xls = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]);
    await b.page.setInputFiles('#import-file', { name: '村名录.xls', mimeType: 'application/vnd.ms-excel', buffer: xls });
    await b.page.click('#dry-run');
    await expect.poll(() => b.page.getAttribute('#import-status', 'data-code')).toBe('excel_workbook');
    expect(await b.page.textContent('#import-status')).toContain('“村名录.xls”不能导入：这是本导入读不了的 Excel 工作簿（XLS）。请在 Excel 中选择“另存为”→“CSV UTF-8（逗号分隔）”（村名录导入也能读“Excel 工作簿（*.xlsx）”）');
    // The same in English, redrawn on the switch.
    await b.page.click('#lang');
    await expect.poll(() => b.page.textContent('#import-status')).toContain('Save As → “CSV UTF-8 (comma delimited)” (the village import also reads “Excel Workbook (*.xlsx)”)');
  });

  it('says each refused row in the page language, by its code, and the server’s words for a code it does not know', async () => {
    await b.signIn('bureau', '/registry');
    await choose([header, good, badLat].join('\n'));
    await b.page.click('#dry-run');
    const message = b.page.locator('#import-result tr.error-row td.message');
    await expect.poll(() => message.textContent()).toBe('应为数字（十进制度数，WGS-84）');
    expect(await message.getAttribute('data-code')).toBe('not_a_number');
    await b.page.click('#lang');
    await expect.poll(() => message.textContent()).toBe('must be a number (decimal degrees, WGS-84)');
    await b.page.click('#lang');

    // A header without a code column, with control bytes in it: the headers come back as text only.
    await choose(['名称,\u0007乡镇\u0001,纬度', '一村,x,24.1'].join('\n'));
    await b.page.click('#dry-run');
    await expect.poll(() => message.textContent()).toMatch(/^没有代码列（code、代码、村编码等）；找到的表头：名称, 乡镇, 纬度$/);

    // A code newer than this page: the server's own message.
    await b.page.route('**/api/villages/import**', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 400, title: 'Bad Request', detail: 'x', created: 0, updated: 0, unchanged: 0, retired: 0, errorCount: 1, errors: [{ row: 1, column: 'name', code: 'a_code_from_the_future', params: {}, message: 'the server’s words' }] }),
      }),
    );
    await b.page.click('#dry-run');
    await expect.poll(() => message.textContent()).toBe('the server’s words');
  });

  it('tells a partner the registry is not theirs to change', async () => {
    await b.signIn('partner', '/registry', 'forbidden');
    expect(await b.page.isVisible('#forbidden')).toBe(true);
    expect(await b.page.isVisible('#import-form')).toBe(false);
  });
});
