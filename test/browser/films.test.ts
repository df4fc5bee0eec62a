// The catalogue page in Debian's Chromium against the real server on the demo catalogue: the
// bureau searches and filters, checks a small catalogue file with a dry run (a bad row shown,
// nothing stored), imports the fixed file, edits a film and retires it; a partner reads the same
// list with no import, edit or retire controls.
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite } from '../helpers/browser.js';

interface Film {
  id: number;
  title: string;
  minutes: number | null;
  themes: string[];
  retiredAt: string | null;
}

const b = browserSuite();

const rows = () => b.page.locator('#films tbody tr[data-id]');
const titles = () => b.page.locator('#films tbody tr[data-id] th.title').allTextContents();
const count = (name: string) => b.page.textContent(`#import-result [data-count=${name}] dd`).then((t) => Number(t!.replace(/\D/g, '')));
async function choose(csv: string) {
  await b.page.setInputFiles('#import-file', { name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`, 'utf8') });
}

describe('the catalogue page', () => {
  it('the bureau searches, filters by category, theme and a licence day', async () => {
    await b.signIn('bureau', '/films');
    expect(await rows().count()).toBeGreaterThan(50);

    await b.page.fill('#q', 'DEMO-KJ-2512');
    await expect.poll(titles).toEqual(['识破电信网络诈骗']);
    await b.page.fill('#q', '');
    await expect.poll(() => rows().count()).toBeGreaterThan(50);

    await b.page.selectOption('#f-category', 'opera');
    await expect.poll(async () => (await b.page.locator('#films tbody td.category').allTextContents()).every((c) => c === '戏曲片') && (await rows().count()) > 0).toBe(true);
    await b.page.selectOption('#f-category', '');

    await b.page.selectOption('#f-theme', '禁毒');
    // 珍爱生命远离毒品 is in the unfiltered list too: wait until the list has been filtered.
    await expect.poll(async () => { const t = await titles(); return t.includes('珍爱生命远离毒品') && !t.includes('金色的稻浪'); }).toBe(true);

    // 边境线上 is licensed 2020-08-01 to 2026-07-31: in on its last day, out the day after. It is in
    // the 禁毒 list already, so wait for the day to apply too: 珍爱生命远离毒品 (to 2026-06-25) leaves.
    await b.page.fill('#f-on', '2026-07-31');
    await b.page.dispatchEvent('#f-on', 'change');
    await expect.poll(async () => { const t = await titles(); return t.includes('边境线上') && !t.includes('珍爱生命远离毒品'); }).toBe(true);
    await b.page.fill('#f-on', '2026-08-01');
    await b.page.dispatchEvent('#f-on', 'change');
    await expect.poll(titles).not.toContain('边境线上');
  });

  it('checks a catalogue file with a dry run, shows the bad row, imports the fixed file; edits a film and retires it', async () => {
    await b.signIn('bureau', '/films');
    const header = '片名,类别,片长,年份,编号,起始日期,截止日期,主题';
    const good = '浏览器测试影片,故事片,101,2026,BR-0001,2026-01-01,2028-12-31,乡村振兴、健康';
    const bad = '浏览器测试短片,动作片,15,2026,BR-0002,,,';
    const fixed = '浏览器测试短片,科教片,15,2026,BR-0002,,,安全生产';

    await choose([header, good, bad].join('\n'));
    await b.page.click('#dry-run');
    const errorRow = b.page.locator('#import-result tr.error-row');
    await expect.poll(() => errorRow.count()).toBe(1);
    expect(await errorRow.getAttribute('data-row')).toBe('2');
    expect(await errorRow.locator('td').nth(1).textContent()).toBe('类别');
    expect(await errorRow.locator('td.message').textContent()).toMatch(/^必须为故事片/);
    expect(await errorRow.locator('.cell.bad').textContent()).toBe('动作片');
    expect(await b.page.isDisabled('#confirm-import')).toBe(true);
    expect((await apiGet<{ total: number }>(b.page, '/api/films?q=浏览器测试')).total).toBe(0);

    await choose([header, good, fixed].join('\n'));
    await b.page.click('#dry-run');
    await expect.poll(() => b.page.textContent('#import-status')).toContain('检查通过');
    expect(await count('created')).toBe(2);
    expect((await apiGet<{ total: number }>(b.page, '/api/films?q=浏览器测试')).total).toBe(0);
    await b.page.click('#confirm-import');
    await expect.poll(() => b.page.textContent('#import-status')).toBe('导入完成。');
    expect((await apiGet<{ total: number }>(b.page, '/api/films?q=浏览器测试')).total).toBe(2);

    await b.page.fill('#q', 'BR-0001');
    await expect.poll(titles).toEqual(['浏览器测试影片']);
    await rows().first().locator('button.edit').click();
    expect(await b.page.inputValue('#e-title')).toBe('浏览器测试影片');
    await b.page.fill('#e-minutes', '105');
    await b.page.fill('#e-themes', '乡村振兴、禁毒');
    await b.page.click('#editor-save');
    await expect.poll(() => b.page.textContent('#list-status')).toContain('已保存');
    expect(await b.page.isHidden('#film-editor')).toBe(true);
    const [saved] = (await apiGet<{ items: Film[] }>(b.page, '/api/films?q=BR-0001')).items;
    expect(saved).toMatchObject({ minutes: 105, themes: ['乡村振兴', '禁毒'], retiredAt: null });
    expect(await rows().first().locator('td.minutes').textContent()).toBe('105');

    await rows().first().locator('button.retire').click();
    await expect.poll(() => rows().first().getAttribute('data-state')).toBe('retired');
    expect(await rows().first().locator('.state').textContent()).toBe('已停用');
    expect((await apiGet<{ items: Film[] }>(b.page, '/api/films?q=BR-0001')).items[0]!.retiredAt).not.toBeNull();
    await rows().first().locator('button.restore').click();
    await expect.poll(() => rows().first().getAttribute('data-state')).toBe('licensed');
  });

  it('a partner reads the catalogue with no import, edit or retire controls', async () => {
    await b.signIn('partner', '/films');
    expect(await rows().count()).toBeGreaterThan(50);
    expect(await b.page.locator('#import-card, #import-form, #film-editor').count()).toBe(0);
    expect(await b.page.locator('#films button, #films th.actions-col, #films td.actions').count()).toBe(0);
    await b.page.fill('#q', '花灯');
    await expect.poll(async () => (await titles()).every((t) => t.includes('花灯')) && (await rows().count()) > 0).toBe(true);
  });
});
