// The first day of a county installed from empty (no demo; ADMIN_USERNAME/ADMIN_PASSWORD make the
// one admin), in Debian's Chromium against the real server: on /setup, in Chinese, the admin names
// the county; a refused input is said beside its field in Chinese (and in English on the English
// page), the contracts section says one county needs no contract rather than offering an empty
// county list, and the county's name reaches /app-config.json for the other pages.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, pageReady } from '../helpers/browser.js';

const admin = { username: 'chief', password: 'chief-password-1' };
const b = browserSuite({}, { env: { DEMO_DATA: 'false', ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password } });

async function signInAs(page: Page, next: string) {
  await page.goto(`${b.url}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#username', admin.username);
  await page.fill('#password', admin.password);
  await Promise.all([page.waitForURL((u) => u.pathname === next), page.click('button[type=submit]')]);
  await pageReady(page);
}

const fieldError = (form: string, path: string) => b.page.locator(`${form} .field[data-path="${path}"] .field-error`);
const submit = (form: string) => b.page.click(`${form} button[type=submit]`);

describe('naming the county on the first day', () => {
  it('before it is named, the contracts section says no contract is needed and offers no empty county list', async () => {
    await signInAs(b.page, '/setup');
    await expect.poll(() => b.page.isVisible('#county-form')).toBe(true);
    expect(await b.page.textContent('#county-current')).toBe('还没有填写本县。');
    expect(await b.page.isVisible('#contracts')).toBe(true);
    expect(await b.page.textContent('#contracts-single')).toMatch(/^本系统还没有县级区划，不需要签合同/);
    expect(await b.page.isVisible('#contract-form')).toBe(false);
    expect(await b.page.isVisible('#contract-county')).toBe(false);
  });

  it('a refused code and an empty name are said beside their fields in Chinese', async () => {
    await signInAs(b.page, '/setup');
    await b.page.fill('#county-code', '5304');
    await b.page.fill('#county-name', '  ');
    await submit('#county-form');
    await expect.poll(() => fieldError('#county-form', 'code').textContent()).toBe('必须是 6 位数字。');
    expect(await fieldError('#county-form', 'name').textContent()).toBe('不能为空。');
    expect(await b.page.getAttribute('#county-code', 'aria-invalid')).toBe('true');
    // A code the server does not know asks for its prefecture's and province's names, in Chinese.
    await b.page.fill('#county-code', '990101');
    await b.page.fill('#county-name', '某县');
    await submit('#county-form');
    await expect.poll(() => fieldError('#county-form', 'prefectureName').textContent()).toBe('必填：这个代码不是已知的全国区划代码。');
    expect(await fieldError('#county-form', 'provinceName').textContent()).toBe('必填：这个代码不是已知的全国区划代码。');
    // No English word in any message the page shows.
    const shown = await b.page.locator('#county-form .field-error, #county-form .form-status').allTextContents();
    expect(shown.join(' ')).not.toMatch(/[a-z]{3,}/);
  });

  it('names the county: the page shows it, the contracts section explains one county needs no contract, the app config carries it', async () => {
    await signInAs(b.page, '/setup');
    await b.page.fill('#county-code', '530423');
    await b.page.fill('#county-name', '通海县');
    await submit('#county-form');
    await expect.poll(() => b.page.textContent('#county-current')).toBe('本系统的县：通海县（530423）');
    expect(await b.page.textContent('#county-form .form-status')).toBe('已保存本县：通海县（530423），0 个乡镇归入本县。');
    expect(await b.page.locator('#county-form .field-error').count()).toBe(0);
    expect(await b.page.textContent('#contracts-single')).toMatch(/^本系统只管理一个县（通海县），不需要签合同/);
    expect(await b.page.isVisible('#contract-form')).toBe(false);
    expect(await b.page.isVisible('#contracts-table')).toBe(false);
    expect((await apiGet<{ county: unknown }>(b.page, '/app-config.json')).county).toMatchObject({ code: '530423', name: '通海县' });
    const areas = await apiGet<{ items: { code: string; name: string }[] }>(b.page, '/api/areas');
    expect(areas.items.map((a) => `${a.code} ${a.name}`)).toEqual(['53 云南省', '5304 玉溪市', '530423 通海县']);
  });

  it('on the English page the same refusal reads in English, and the explanation too', async () => {
    await signInAs(b.page, '/setup');
    await expect.poll(() => b.page.textContent('#county-current')).toBe('本系统的县：通海县（530423）');
    await b.page.click('#lang');
    await expect.poll(() => b.page.textContent('#contracts-single')).toMatch(/^This deployment serves one county \(通海县\), so it needs no contracts/);
    await b.page.fill('#county-name', '');
    await submit('#county-form');
    await expect.poll(() => fieldError('#county-form', 'name').textContent()).toBe('must not be empty');
  });
});
