// The registry page in Debian's Chromium against the real server on the Tonghai demo data:
// a dry run shows the refused row, the fixed file imports, the new village is in the list; a
// village is moved by dragging its marker, then retired and restored.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { apiGet, launchChromium, pageReady, signInTo, startDemoServer, type Chromium, type DemoServer } from './helpers.js';

interface Village {
  id: number;
  name: string;
  code: string | null;
  lat: number;
  lng: number;
  retiredAt: string | null;
  positionApproximate: boolean;
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
  context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

const header = 'code,name,township_code,township_name,kind,parent_code,lat,lng';
const good = '530423001951,浏览器测试村,530423001,秀山街道,administrative,,24.1050,102.7500';
const badLat = '530423001952,浏览器测试二村,530423001,秀山街道,administrative,,not-a-number,102.7600';
const fixed = '530423001952,浏览器测试二村,530423001,秀山街道,administrative,,24.1060,102.7600';

async function choose(csv: string) {
  await page.setInputFiles('#import-file', { name: 'villages.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`, 'utf8') });
}

const count = (name: string) => page.textContent(`#import-result [data-count=${name}] dd`).then((t) => Number(t!.replace(/\D/g, '')));

describe('the registry page', () => {
  it('checks a file with a dry run, shows the bad row, and imports the fixed file', async () => {
    await signInTo(page, server.url, '/registry');
    expect(await page.isDisabled('#confirm-import')).toBe(true);

    await choose([header, good, badLat].join('\n'));
    await page.click('#dry-run');
    const errorRow = page.locator('#import-result tr.error-row');
    await expect.poll(() => errorRow.count()).toBe(1);
    expect(await errorRow.getAttribute('data-row')).toBe('2');
    expect(await errorRow.locator('td').nth(1).textContent()).toMatch(/lat|纬度/);
    expect(await errorRow.locator('.cell.bad').textContent()).toBe('not-a-number');
    expect(await count('errors')).toBe(1);
    expect(await page.textContent('#import-status')).toContain('不能导入');
    expect(await page.isDisabled('#confirm-import')).toBe(true);
    // Nothing stored by the dry run.
    expect((await apiGet<{ total: number }>(page, '/api/villages?q=浏览器测试')).total).toBe(0);

    await choose([header, good, fixed].join('\n'));
    expect(await page.locator('#import-result').textContent()).toBe(''); // a new file: the old answer is gone
    await page.click('#dry-run');
    await expect.poll(() => page.textContent('#import-status')).toContain('检查通过');
    expect(await page.locator('#import-result tr.error-row').count()).toBe(0);
    expect(await count('created')).toBe(2);
    expect(await count('errors')).toBe(0);
    expect((await apiGet<{ total: number }>(page, '/api/villages?q=浏览器测试')).total).toBe(0);

    await page.click('#confirm-import');
    await expect.poll(() => page.textContent('#import-status')).toBe('导入完成。');
    expect(await page.textContent('#import-result h3')).toContain('已保存');
    expect(await count('created')).toBe(2);
    expect(await page.isDisabled('#confirm-import')).toBe(true);

    await page.fill('#q', '浏览器测试');
    await expect.poll(() => page.locator('#villages tbody tr[data-id]').count()).toBe(2);
    expect(await page.locator('#villages tbody th.name').allTextContents()).toEqual(['浏览器测试村', '浏览器测试二村']);
    expect(await page.textContent('#list-count')).toContain('2');
  });

  it('moves a village by dragging its marker, then retires and restores it', async () => {
    await signInTo(page, server.url, '/registry');
    const first = page.locator('#villages tbody tr[data-id]').first();
    const id = Number(await first.getAttribute('data-id'));
    const before = await apiGet<Village>(page, `/api/villages/${id}`);
    await first.locator('[data-action=locate]').click();
    const marker = page.locator('#position-map .leaflet-marker-icon');
    await expect.poll(() => marker.count()).toBe(1);
    expect(await page.isDisabled('#position-save')).toBe(true);

    const box = (await marker.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height - 4 - 30, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.isDisabled('#position-save')).toBe(false);
    const lat = Number(await page.inputValue('#position-lat'));
    const lng = Number(await page.inputValue('#position-lng'));
    expect(lat).toBeGreaterThan(before.lat);
    expect(lng).toBeGreaterThan(before.lng);

    await page.click('#position-save');
    await expect.poll(() => page.textContent('#position-status')).toContain('已保存');
    const moved = await apiGet<Village>(page, `/api/villages/${id}`);
    expect(moved.lat).toBeCloseTo(lat, 5);
    expect(moved.lng).toBeCloseTo(lng, 5);
    expect(moved.positionApproximate).toBe(false);

    await first.locator('[data-action=retire]').click();
    await expect.poll(() => page.textContent('#list-status')).toContain('已停用');
    expect((await apiGet<Village>(page, `/api/villages/${id}`)).retiredAt).not.toBeNull();
    await page.selectOption('#f-retired', 'true');
    await pageReady(page);
    const retired = page.locator(`#villages tbody tr[data-id="${id}"]`);
    await expect.poll(() => retired.count()).toBe(1);
    await retired.locator('[data-action=restore]').click();
    await expect.poll(() => page.textContent('#list-status')).toContain('已恢复');
    expect((await apiGet<Village>(page, `/api/villages/${id}`)).retiredAt).toBeNull();
  });

  it('tells a partner the registry is not theirs to change', async () => {
    await signInTo(page, server.url, '/registry', 'partner', 'forbidden');
    expect(await page.isVisible('#forbidden')).toBe(true);
    expect(await page.isVisible('#import-form')).toBe(false);
  });
});
