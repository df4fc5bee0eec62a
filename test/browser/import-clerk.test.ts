// Issue 19, point 1, in Debian's Chromium on an EMPTY install: the clerk picks the county's
// registry as Excel on a Chinese Windows saved it (GBK CSV: 序号, 乡镇, 村委会, 村代码, 经度, 纬度, no
// township code) on /registry in Chinese. The page lists the headers it reads; the dry run shows
// the townships it will create from the codes; a refused row names its column as the file does
// (乡镇), in English as "township name"; the fixed file commits in one step.
// `UPDATE_SCREENSHOTS=1` also writes the preview into docs/import-preview.png.
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, pageReady } from '../helpers/browser.js';
import { clerkCsvGbk, clerkRows } from '../helpers/clerk.js';

const admin = { username: 'chief', password: 'chief-password-1' };
const b = browserSuite({}, { env: { DEMO_DATA: 'false', ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password } });

const ALL = ['530423001', '530423002', '530423101', '530423102', '530423103', '530423104', '530423201', '530423202', '530423203'];

async function signIn() {
  await b.page.goto(`${b.url}/login?next=${encodeURIComponent('/registry')}`);
  await b.page.fill('#username', admin.username);
  await b.page.fill('#password', admin.password);
  await Promise.all([b.page.waitForURL((u) => u.pathname === '/registry'), b.page.click('button[type=submit]')]);
  await pageReady(b.page);
}

const choose = (file: Buffer) => b.page.setInputFiles('#import-file', { name: '通海县村委会名录.csv', mimeType: 'text/csv', buffer: file });
const count = (name: string) => b.page.textContent(`#import-result [data-count=${name}] dd`).then((t) => Number(t!.replace(/\D/g, '')));

describe('a clerk’s GBK registry on /registry, from an empty install', () => {
  it('lists the headers it reads, previews the townships to be created, names a refused column as the file does, and imports in one step', async () => {
    await signIn();
    // The headers the import reads, from the server's own table, in the page's language.
    await b.page.click('#import-headers summary');
    const nameRow = b.page.locator('#import-headers-table tr[data-column=name]');
    expect(await nameRow.locator('th').textContent()).toBe('村名称');
    expect(await nameRow.locator('td').textContent()).toContain('村委会');
    expect(await b.page.locator('#import-headers-table tr[data-column=township_name] td').textContent()).toContain('乡（镇）'.normalize('NFKC'));

    const rows = clerkRows(ALL);
    // 兴蒙's rows carry no 乡镇 name: a township the registry lacks, with nothing to name it.
    const unnamed = rows.map((r) => (r.townshipCode === '530423203' ? { ...r, townshipName: '' } : r));
    await choose(clerkCsvGbk(unnamed));
    await b.page.click('#dry-run');
    const errorRows = b.page.locator('#import-result tr.error-row');
    const refused = unnamed.filter((r) => !r.townshipName).length;
    await expect.poll(() => errorRows.count()).toBe(refused);
    const first = errorRows.first();
    expect(await first.locator('td.column').textContent()).toBe('乡镇');
    expect(await first.locator('td.message').textContent()).toBe('乡镇代码 530423203 是新的：请填写乡镇名称，才能新建这个乡镇');
    expect(await first.locator('.cell.bad').getAttribute('title')).toBe('乡镇');
    expect(await b.page.isDisabled('#confirm-import')).toBe(true);
    await b.page.click('#lang');
    await expect.poll(() => first.locator('td.column').textContent()).toBe('township name');
    await b.page.click('#lang');
    await expect.poll(() => first.locator('td.column').textContent()).toBe('乡镇');

    // The fixed file: the preview says what will be created, nothing stored yet.
    await choose(clerkCsvGbk(rows));
    await b.page.click('#dry-run');
    await expect.poll(() => b.page.textContent('#import-status')).toContain('检查通过');
    expect(await count('created')).toBe(rows.length);
    expect(await count('errors')).toBe(0);
    const townships = b.page.locator('#import-result .new-townships li');
    expect(await townships.count()).toBe(ALL.length);
    expect(await b.page.textContent('#import-result .new-townships .note-line')).toBe('将新建 9 个乡镇（按村代码前 9 位，名称取自“乡镇”列）：');
    const yangguang = rows.filter((r) => r.townshipCode === '530423101').length;
    expect(await b.page.textContent('#import-result .new-townships li[data-code="530423101"]')).toBe(`杨广镇 530423101 · ${yangguang} 个村`);
    expect((await apiGet<{ total: number }>(b.page, '/api/townships')).total).toBe(0);
    await b.page.mouse.move(0, 0);
    if (process.env.UPDATE_SCREENSHOTS) await b.page.screenshot({ path: 'docs/import-preview.png' });

    await b.page.click('#confirm-import');
    await expect.poll(() => b.page.textContent('#import-status')).toBe('导入完成。');
    expect(await b.page.textContent('#import-result .new-townships .note-line')).toBe('新建了 9 个乡镇：');
    const made = await apiGet<{ items: { name: string; code: string }[] }>(b.page, '/api/townships');
    expect(made.items.map((t) => `${t.code} ${t.name}`).sort()).toEqual([...new Set(rows.map((r) => `${r.townshipCode} ${r.townshipName}`))].sort());
    const yunlong = await apiGet<{ items: { name: string; townshipName: string; lat: number }[] }>(b.page, `/api/villages?q=${encodeURIComponent('云龙村')}`);
    expect(yunlong.items).toEqual([expect.objectContaining({ name: '云龙村', townshipName: '杨广镇' })]);
    await expect.poll(() => b.page.textContent('#list-count')).toContain(String(rows.length));
  });
});
