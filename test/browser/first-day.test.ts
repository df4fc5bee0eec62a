// The first day of a real county, in Debian's Chromium against the real server on an EMPTY
// embedded database (no demo data; ADMIN_USERNAME/ADMIN_PASSWORD make the one admin): the sign-in
// page asks for what is missing; the map, the plan and the reports say what to do first; the admin
// sets up a partner, a film, a team and a partner account on /setup (the server's refusals shown
// beside their fields), imports a registry on /registry, gives the team its base village, and
// ends on the map with the gaps and the plan with the team; the partner's user then signs in to
// its team, and is reset, disabled and enabled again by the admin.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, legendCounts, mapReady, pageReady } from '../helpers/browser.js';

const admin = { username: 'chief', password: 'chief-password-1' };
const partnerUser = { username: 'xingguang', password: 'xingguang-2131' };
const names = { partner: '通海县星光电影放映有限公司', team: '星光第一放映队', film: '我和我的祖国' };

const b = browserSuite({}, { env: { DEMO_DATA: 'false', ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password } });

/** Three administrative villages in two townships, and a natural village under the first. */
const registryCsv = [
  'code,name,township_code,township_name,kind,parent_code,lat,lng',
  '530423001001,滨湖社区,530423001,秀山街道,administrative,,24.1002,102.7420',
  '530423001002,庆丰社区,530423001,秀山街道,administrative,,24.1150,102.7530',
  '530423100201,四街村,530423100,四街镇,administrative,,24.0550,102.7850',
  '530423001201,滨湖大村,530423001,秀山街道,natural,530423001001,24.1010,102.7431',
].join('\n');

async function signInAs(page: Page, who: { username: string; password: string }, next = '/') {
  await page.goto(`${b.url}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#username', who.username);
  await page.fill('#password', who.password);
  await Promise.all([page.waitForURL((u) => u.pathname === new URL(next, b.url).pathname), page.click('button[type=submit]')]);
  await pageReady(page);
}

/** The error the page put beside the field a form names `path`. */
const fieldError = (form: string, path: string) => b.page.locator(`${form} .field[data-path="${path}"] .field-error`);
const status = (form: string) => b.page.locator(`${form} .form-status`);
const row = (table: string, name: string) => b.page.locator(`${table} tbody tr`, { has: b.page.locator('th', { hasText: name }) });

describe('the first day of a county', () => {
  it('the sign-in page asks for an empty username or password in the page’s language, and posts nothing', async () => {
    const posted: string[] = [];
    b.page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/session')) posted.push(r.postData() ?? '');
    });
    await b.page.goto(`${b.url}/login`);
    await b.page.click('button[type=submit]');
    await expect.poll(() => b.page.textContent('#login-error')).toBe('请输入用户名。');
    expect(await b.page.getAttribute('#username', 'aria-invalid')).toBe('true');
    expect(await b.page.evaluate(() => document.activeElement?.id)).toBe('username');

    await b.page.fill('#username', '   ');
    await b.page.click('button[type=submit]');
    expect(await b.page.textContent('#login-error')).toBe('请输入用户名。');

    await b.page.fill('#username', admin.username);
    await b.page.click('button[type=submit]');
    await expect.poll(() => b.page.textContent('#login-error')).toBe('请输入密码。');
    expect(await b.page.getAttribute('#password', 'aria-invalid')).toBe('true');
    expect(await b.page.getAttribute('#username', 'aria-invalid')).toBeNull();
    await b.page.click('#lang');
    expect(await b.page.textContent('#login-error')).toBe('Enter your password.');
    expect(posted).toEqual([]);

    await b.page.fill('#password', 'not the password');
    await b.page.click('button[type=submit]');
    await expect.poll(() => b.page.textContent('#login-error')).toBe('Wrong username or password.');
    expect(posted).toHaveLength(1);
  });

  it('on the empty county, the map, the plan and the reports say what to do first', async () => {
    await signInAs(b.page, admin, '/');
    await mapReady(b.page);
    const steps = b.page.locator('#first-steps');
    await expect.poll(() => steps.isVisible()).toBe(true);
    expect(await steps.locator('li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-step'), li.getAttribute('data-done')]))).toEqual([
      ['registry', 'false'],
      ['partner', 'false'],
      ['team', 'false'],
    ]);
    expect(await steps.locator('[data-step=registry] a').getAttribute('href')).toBe('/registry');
    expect(await steps.locator('[data-step=team] a').getAttribute('href')).toBe('/setup#teams');
    expect(await b.page.textContent('#gap-list')).toBe('还没有村名录，所以没有盲点可列。');

    await b.page.goto(`${b.url}/plan`);
    await pageReady(b.page);
    await expect.poll(() => b.page.locator('#first-steps').isVisible()).toBe(true);
    expect(await b.page.textContent('#gap-list')).toBe('还没有村名录。');
    expect(await b.page.isVisible('#plan-grid')).toBe(false);

    await b.page.goto(`${b.url}/reports`);
    await pageReady(b.page);
    await expect.poll(() => b.page.locator('#first-steps').isVisible()).toBe(true);
    await b.page.click('#first-steps [data-step=partner] a');
    await b.page.waitForURL((u) => u.pathname === '/setup' && u.hash === '#partners');
  });

  it('the admin adds a partner, a film, a team and a partner account on /setup, each refusal shown beside its field', async () => {
    await signInAs(b.page, admin, '/setup');
    expect(await b.page.locator('#partners, #teams, #films, #users').evaluateAll((els) => els.map((e) => (e as HTMLElement).hidden))).toEqual([false, false, false, false]);

    // Partner: an empty name is the server's 400, beside the name.
    await b.page.click('#partner-form button[type=submit]');
    await expect.poll(() => fieldError('#partner-form', 'name').textContent()).toBe('不能为空。');
    expect(await b.page.getAttribute('#partner-name', 'aria-invalid')).toBe('true');
    await b.page.fill('#partner-name', names.partner);
    await b.page.click('#partner-form button[type=submit]');
    await expect.poll(() => status('#partner-form').textContent()).toBe(`已添加放映公司“${names.partner}”。`);
    expect(await fieldError('#partner-form', 'name').count()).toBe(0);
    expect(await row('#partners-table', names.partner).count()).toBe(1);

    // Film: minutes that are not a whole number.
    await b.page.fill('#film-title', names.film);
    await b.page.fill('#film-minutes', '两个半小时');
    await b.page.click('#film-form button[type=submit]');
    await expect.poll(() => fieldError('#film-form', 'minutes').textContent()).toBe('请填写整数分钟。');
    await b.page.fill('#film-minutes', '155');
    await b.page.click('#film-form button[type=submit]');
    await expect.poll(() => row('#films-table', names.film).count()).toBe(1);
    expect(await row('#films-table', names.film).locator('td').allTextContents()).toEqual(['故事片', '155 分钟', '编辑']);

    // Team: no village to find yet; a bad phone number, then without a base village.
    expect(await b.page.inputValue('#team-partner')).not.toBe(''); // the one partner, chosen already
    await b.page.fill('#team-village', '滨湖');
    await expect.poll(() => b.page.textContent('#team-village-results')).toContain('村名录还是空的');
    await b.page.fill('#team-name', names.team);
    await b.page.fill('#team-phone', 'call me!');
    await b.page.click('#team-form button[type=submit]');
    await expect.poll(() => fieldError('#team-form', 'phone').textContent()).toBe('请填写电话号码（数字、空格和 + - ( )）。');
    await b.page.fill('#team-phone', '0877-3012345');
    await b.page.click('#team-form button[type=submit]');
    await expect.poll(() => row('#teams-table', names.team).count()).toBe(1);
    expect(await row('#teams-table', names.team).locator('td').allTextContents()).toEqual([names.partner, '', '0877-3012345', '编辑']);
    expect(await row('#partners-table', names.partner).locator('td.num').textContent()).toBe('1');

    // Account: a short password, then the partner's user.
    expect(await b.page.isVisible('#user-partner')).toBe(true);
    await b.page.fill('#user-username', partnerUser.username);
    await b.page.fill('#user-password', 'short');
    await b.page.click('#user-form button[type=submit]');
    await expect.poll(() => fieldError('#user-form', 'password').textContent()).toBe('至少 8 个字符。');
    await b.page.fill('#user-password', partnerUser.password);
    await b.page.click('#user-form button[type=submit]');
    await expect.poll(() => row('#users-table', partnerUser.username).count()).toBe(1);
    expect(await row('#users-table', partnerUser.username).locator('td').allTextContents()).toEqual(['放映公司', names.partner, '', '正常', '重置密码停用']);
    // The admin cannot disable itself.
    expect(await row('#users-table', admin.username).locator('[data-action=disable]').isDisabled()).toBe(true);

    // Stored as the pages said.
    const teams = await apiGet<{ items: { name: string; partnerId: number; baseVillageId: number | null }[] }>(b.page, '/api/teams');
    const partners = await apiGet<{ items: { id: number; name: string }[] }>(b.page, '/api/partners');
    expect(partners.items).toEqual([{ id: expect.any(Number), name: names.partner }]);
    expect(teams.items).toEqual([expect.objectContaining({ name: names.team, partnerId: partners.items[0]!.id, baseVillageId: null })]);
    const users = await apiGet<{ items: { username: string; role: string; partnerId: number | null }[] }>(b.page, '/api/users?role=partner');
    expect(users.items).toEqual([expect.objectContaining({ username: partnerUser.username, role: 'partner', partnerId: partners.items[0]!.id })]);

    // Still no villages: the first steps say so, the partner and team steps done.
    expect(await b.page.locator('#first-steps li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-done')))).toEqual(['false', 'true', 'true']);
  });

  it('the admin imports the registry on /registry and gives the team its base village', async () => {
    await signInAs(b.page, admin, '/registry');
    await b.page.setInputFiles('#import-file', { name: 'tonghai.csv', mimeType: 'text/csv', buffer: Buffer.from(`${registryCsv}\n`, 'utf8') });
    await b.page.click('#dry-run');
    await expect.poll(() => b.page.isEnabled('#confirm-import')).toBe(true);
    await b.page.click('#confirm-import');
    await expect.poll(async () => (await apiGet<{ total: number }>(b.page, '/api/villages')).total, { timeout: 15_000 }).toBe(4);

    await b.page.goto(`${b.url}/setup`);
    await pageReady(b.page);
    expect(await b.page.isVisible('#first-steps')).toBe(false);
    await row('#teams-table', names.team).locator('[data-action=edit]').click();
    expect(await b.page.textContent('#team-form .form-title')).toBe(`编辑“${names.team}”`);
    expect(await b.page.inputValue('#team-name')).toBe(names.team);
    await b.page.fill('#team-village', '滨湖');
    const options = b.page.locator('#team-village-results .village-option');
    await expect.poll(() => options.count()).toBe(2); // 滨湖社区 and its natural village 滨湖大村
    await options.filter({ hasText: '滨湖社区' }).click();
    expect(await b.page.textContent('#team-village-picked .village-name')).toBe('滨湖社区（秀山街道）');
    await b.page.click('#team-form button[type=submit]');
    await expect.poll(() => status('#team-form').textContent()).toBe(`已保存“${names.team}”。`);
    expect(await row('#teams-table', names.team).locator('td').nth(1).textContent()).toBe('滨湖社区（秀山街道）');
    expect(await b.page.textContent('#team-form .form-title')).toBe('添加放映队');
  });

  it('ends on the map showing the three gaps and on the plan showing the new team', async () => {
    await signInAs(b.page, admin, '/');
    await mapReady(b.page);
    await expect.poll(() => b.page.getAttribute('#map', 'data-drawn')).toBe('3');
    expect(await b.page.isVisible('#first-steps')).toBe(false);
    expect(await legendCounts(b.page)).toEqual({ gap: 3, overdue: 0, planned: 0, covered: 0 });
    expect(await b.page.getAttribute('#gaps-title', 'data-count')).toBe('3');
    expect(await b.page.locator('#gap-list button.village').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('滨湖社区'), expect.stringContaining('四街村')]));

    await b.page.goto(`${b.url}/plan`);
    await pageReady(b.page);
    expect(await b.page.isVisible('#first-steps')).toBe(false);
    expect(await b.page.locator('#plan-grid thead th').allTextContents()).toEqual(['日期', names.team]);
    expect(await b.page.getAttribute('#gaps-title', 'data-count')).toBe('3');
  });

  it('the partner’s new user signs in and sees /plan with its team, and on /setup only its teams and their projectionists', async () => {
    await signInAs(b.page, partnerUser, '/plan');
    expect(await b.page.locator('#plan-grid thead th').allTextContents()).toEqual(['日期', names.team]);
    expect(await b.page.locator('#app-nav a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname))).toEqual(['/', '/plan', '/report', '/runsheet', '/films', '/reports', '/review', '/periods', '/setup']);

    await b.page.goto(`${b.url}/setup`);
    await pageReady(b.page);
    expect(await b.page.locator('#partners, #teams, #films, #users').evaluateAll((els) => els.map((e) => (e as HTMLElement).hidden))).toEqual([true, false, true, false]);
    expect(await b.page.textContent('#users-title')).toBe('放映员账号');
    expect(await b.page.isVisible('#team-partner')).toBe(false);
    expect(await row('#teams-table', names.team).count()).toBe(1);
  });

  it('the admin resets the partner user’s password, disables the account (its sign-in refused with a clear message) and enables it again', async () => {
    await signInAs(b.page, admin, '/setup');
    const user = () => row('#users-table', partnerUser.username);
    await user().locator('[data-action=reset]').click();
    expect(await b.page.textContent('#user-form .form-title')).toBe(`重置“${partnerUser.username}”的密码`);
    expect(await b.page.isVisible('#user-username')).toBe(false);
    await b.page.fill('#user-password', 'new-partner-pass');
    await b.page.click('#user-form button[type=submit]');
    await expect.poll(() => status('#user-form').textContent()).toContain('已重置');

    await user().locator('[data-action=disable]').click();
    await expect.poll(() => user().locator('td.state').textContent()).toBe('已停用');
    expect(await status('#user-form').textContent()).toBe(`已停用“${partnerUser.username}”，其登录已全部失效。`);

    // Another browser (its own cookies): the partner's projectionist trying to sign in.
    const elsewhere = await b.chromium.browser.newContext({ locale: 'zh-CN' });
    const other = await elsewhere.newPage();
    await other.goto(`${b.url}/login`);
    await other.fill('#username', partnerUser.username);
    await other.fill('#password', 'new-partner-pass');
    await other.click('button[type=submit]');
    await expect.poll(() => other.textContent('#login-error')).toBe('此账号已被停用，请联系管理员。');

    await user().locator('[data-action=enable]').click();
    await expect.poll(() => user().locator('td.state').textContent()).toBe('正常');
    await other.fill('#password', partnerUser.password);
    await other.click('button[type=submit]');
    await expect.poll(() => other.textContent('#login-error')).toBe('用户名或密码错误。'); // the old password is gone
    await other.fill('#password', 'new-partner-pass');
    await Promise.all([other.waitForURL((u) => u.pathname === '/'), other.click('button[type=submit]')]);
    await elsewhere.close();
  });
});
