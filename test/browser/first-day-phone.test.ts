// The first day of a county from an empty install, through to the phone in a projectionist's
// pocket (issue 19): the admin names the county on /setup, imports the clerk's own GBK
// spreadsheet (序号, 乡镇, 村委会, 村代码, 经度, 纬度; no township column) on /registry in one step,
// adds the partner, its team and the partner's account; the partner makes its team's projectionist
// on /setup; the projectionist signs in on a phone-size page and is offered /report alone, opened
// on its team, with that evening's screening, and every other page refused.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, pageReady } from '../helpers/browser.js';
import { clerkCsvGbk, clerkRows } from '../helpers/clerk.js';

const admin = { username: 'chief', password: 'chief-password-1' };
const partnerUser = { username: 'xingguang', password: 'xingguang-2131' };
const phoneUser = { username: 'zhang.fangying', password: 'zhang-fangying-1' };
const names = { partner: '通海县星光电影放映有限公司', team: '星光第一放映队' };
const TOWNSHIPS = ['530423001', '530423101'];

const b = browserSuite({ timezoneId: 'Asia/Shanghai' }, { env: { DEMO_DATA: 'false', ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password } });

async function signInAs(page: Page, who: { username: string; password: string }, next: string, lands = next) {
  await page.goto(`${b.url}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#username', who.username);
  await page.fill('#password', who.password);
  await Promise.all([page.waitForURL((u) => u.pathname === lands), page.click('button[type=submit]')]);
  await pageReady(page);
}

const status = (form: string) => b.page.locator(`${form} .form-status`);
const signOut = async (page: Page) => {
  await page.click('#sign-out');
  await page.waitForURL((u) => u.pathname === '/login');
};

describe('the first day, from an empty install to the projectionist’s phone', () => {
  it('names the county, imports the clerk’s file, and the partner makes its projectionist', async () => {
    await signInAs(b.page, admin, '/setup');
    await b.page.fill('#county-code', '530423');
    await b.page.fill('#county-name', '通海县');
    await b.page.click('#county-form button[type=submit]');
    await expect.poll(() => b.page.textContent('#county-current')).toBe('本系统的县：通海县（530423）');

    // The clerk's own spreadsheet, as Excel saves it on a Chinese Windows: one step.
    await b.page.goto(`${b.url}/registry`);
    await pageReady(b.page);
    const rows = clerkRows(TOWNSHIPS);
    await b.page.setInputFiles('#import-file', { name: '通海县村委会名录.csv', mimeType: 'text/csv', buffer: clerkCsvGbk(rows) });
    await b.page.click('#dry-run');
    await expect.poll(() => b.page.textContent('#import-status')).toContain('检查通过');
    expect(await b.page.locator('#import-result .new-townships li').count()).toBe(TOWNSHIPS.length);
    await b.page.click('#confirm-import');
    await expect.poll(() => b.page.textContent('#import-status')).toBe('导入完成。');
    const townships = await apiGet<{ items: { code: string; countyId: number | null }[] }>(b.page, '/api/townships');
    expect(townships.items.map((t) => t.code).sort()).toEqual(TOWNSHIPS);
    // Named first, the county holds the townships the import made.
    expect(new Set(townships.items.map((t) => t.countyId)).size).toBe(1);
    expect(townships.items[0]!.countyId).not.toBeNull();

    // The partner, its team, its account.
    await b.page.goto(`${b.url}/setup`);
    await pageReady(b.page);
    await b.page.fill('#partner-name', names.partner);
    await b.page.click('#partner-form button[type=submit]');
    await expect.poll(() => status('#partner-form').textContent()).toBe(`已添加放映公司“${names.partner}”。`);
    await b.page.fill('#team-name', names.team);
    await b.page.click('#team-form button[type=submit]');
    await expect.poll(() => status('#team-form').textContent()).toBe(`已添加放映队“${names.team}”。`);
    await b.page.fill('#user-username', partnerUser.username);
    await b.page.selectOption('#user-role', 'partner');
    await b.page.fill('#user-password', partnerUser.password);
    await b.page.click('#user-form button[type=submit]');
    await expect.poll(() => status('#user-form').textContent()).toBe(`已添加账号“${partnerUser.username}”。`);
    // The month report names the county.
    await b.page.goto(`${b.url}/reports`);
    await pageReady(b.page);
    await expect.poll(() => b.page.textContent('#report-title')).toContain('通海县');
    await signOut(b.page);

    // The partner makes its team's projectionist: the form offers that role and its own team only.
    await signInAs(b.page, partnerUser, '/setup');
    await expect.poll(() => b.page.textContent('#users-title')).toBe('放映员账号');
    expect(await b.page.isVisible('#user-role')).toBe(false);
    expect(await b.page.isVisible('#user-area')).toBe(false);
    expect(await b.page.locator('#user-team option').allTextContents()).toEqual([names.team]);
    await b.page.fill('#user-username', phoneUser.username);
    await b.page.fill('#user-password', phoneUser.password);
    await b.page.click('#user-form button[type=submit]');
    await expect.poll(() => status('#user-form').textContent()).toBe(`已添加账号“${phoneUser.username}”。`);
    const row = b.page.locator('#users-table tbody tr', { has: b.page.locator('th', { hasText: phoneUser.username }) });
    expect(await row.locator('td').first().textContent()).toBe('放映员');
    expect(await row.locator('td').nth(1).textContent()).toBe(`${names.partner} · ${names.team}`);

    // Tonight's screening in one of the imported villages, planned by the partner.
    const village = (await apiGet<{ items: { id: number }[] }>(b.page, '/api/villages?limit=1')).items[0]!;
    const team = (await apiGet<{ items: { id: number }[] }>(b.page, '/api/teams')).items[0]!;
    const tonight = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const planned = await b.page.request.post(`${b.url}/api/screenings`, { data: { villageId: village.id, teamId: team.id, startsAt: tonight }, headers: { Origin: b.url } });
    expect(planned.status(), await planned.text()).toBe(201);
    await signOut(b.page);
  });

  it('the projectionist signs in on a phone and is offered its team’s /report alone', async () => {
    const phone = await b.chromium.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
    try {
      const page = await phone.newPage();
      // Whatever page it asked for, the sign-in takes it to its one page.
      await signInAs(page, phoneUser, '/', '/report');
      expect(await page.locator('#app-nav a').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname))).toEqual(['/report']);
      expect(await page.isVisible('select#team')).toBe(false);
      await expect.poll(() => page.textContent('main')).toContain(names.team);
      expect(await page.locator('li.card[data-id]').count()).toBe(1);
      expect(await page.isVisible('a#runsheet-link')).toBe(false);
      expect(await page.isVisible('a#calendar-link')).toBe(false);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const path of ['/', '/plan', '/setup', '/review']) {
        await page.goto(`${b.url}${path}`);
        await page.waitForFunction(() => ['ready', 'forbidden'].includes(document.body.dataset.state ?? ''));
        expect(await page.evaluate(() => document.body.dataset.state), path).toBe('forbidden');
      }
      // The API says the same as the pages.
      expect((await page.request.get(`${b.url}/api/teams`)).status()).toBe(403);
      expect((await page.request.get(`${b.url}/api/villages`)).status()).toBe(403);
    } finally {
      await phone.close();
    }
  });
});
