// A unit's village page (/v/<token>, DOMAIN.md "Villagers' voice") on a phone, no sign-in: what it
// shows and each state of its two forms said plainly. The page and its script are the real
// server's; the public API it calls (GET /api/public/villages/:token and its POSTs) is stood in
// for by Playwright routes answering exactly as the shared contract says (./village-fixture.ts),
// so every state (sent, replaced, 429, 404, no network) can be made on demand. The confirmation
// page's offer of the request form runs against the real confirmation API.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';
import { NOW, TOKEN, standIn, villageView } from './village-fixture.js';

const ZONE = 'Asia/Shanghai';
const b = browserSuite({ viewport: { width: 390, height: 844 }, timezoneId: ZONE, isMobile: true, hasTouch: true });

async function open(page: Page, state = 'shown', path = `/v/${TOKEN}`) {
  await page.clock.setFixedTime(NOW);
  await page.goto(`${b.url}${path}`);
  await page.waitForSelector(`body[data-state="ready"][data-village="${state}"]`);
}

const texts = (page: Page, sel: string) => page.$$eval(sel, (els) => els.map((e) => e.textContent!.trim()));
const status = (page: Page, form: string) => page.locator(`${form} .vf-status-text`);

describe('the village page', () => {
  it('shows the unit, this month’s and next month’s screenings with their films, and the supervision phone to tap; markup from the server is text', async () => {
    const view = villageView();
    await standIn(b.page, { view });
    await open(b.page);
    expect(await b.page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await b.page.textContent('#unit-name')).toBe('<b>大</b>村');
    expect(await b.page.locator('#unit-name b').count()).toBe(0);
    expect(await b.page.textContent('#unit-place')).toBe('通海县 秀山街道');
    expect(await texts(b.page, '.v-month h3')).toEqual(['本月（2026年12月）', '下月（2027年1月）']);
    const dec = await texts(b.page, '.v-month[data-month="2026-12"] .v-screening');
    expect(dec).toHaveLength(2);
    expect(dec[0]).toContain('19:30');
    expect(dec[0]).toContain(`片目：${view.catalogue[0]!.title}、玉米螟<i>防治</i>`);
    expect(dec[0]).toContain('放映队：通海县第一放映队');
    expect(dec[1]).toContain('片目还没定');
    expect(await b.page.locator('.v-screening i').count()).toBe(0);
    expect(await texts(b.page, '.v-month[data-month="2027-01"] .v-screening')).toEqual([expect.stringContaining(view.catalogue[1]!.title)]);
    expect(await b.page.getAttribute('#phone', 'href')).toBe('tel:08773012131');
    expect(await b.page.textContent('#phone')).toBe('0877-301 2131');
    // Every control a thumb can hit: at least 44 px tall.
    const small = await b.page.$$eval('button, a[href], input[type=search], select, textarea, label.vf-choice', (els) =>
      els.filter((e) => e.getClientRects().length && e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 60)),
    );
    expect(small).toEqual([]);

    await b.page.click('#lang');
    expect(await b.page.getAttribute('html', 'lang')).toBe('en');
    expect(await texts(b.page, '.v-month h3')).toEqual(['This month (December 2026)', 'Next month (January 2027)']);
    expect(await b.page.textContent('#request-send')).toBe('Send request');
    expect(await b.page.textContent('#lang')).toBe('中文');
  });

  it('says when a month has no screening, and when the county has no supervision phone', async () => {
    await standIn(b.page, { view: villageView({ screenings: [], supervisionPhone: null }) });
    await open(b.page);
    expect(await texts(b.page, '.v-none')).toEqual(['这个月还没有安排放映。', '下个月还没有安排放映。']);
    expect(await b.page.isVisible('#phone')).toBe(false);
    expect(await b.page.textContent('#phone-none')).toBe('县里还没有公布监督电话。');
  });

  it('requests films: search by title, pick up to three, remove one, a comment with its counter; sent, then sent again replaces', async () => {
    const view = villageView();
    const [a, b2, c, d] = view.catalogue;
    let n = 0;
    const sent = await standIn(b.page, { view, answer: (_u, body) => ({ status: n++ ? 200 : 201, body: { month: '2026-12', ...(body as object), comment: (body as { comment?: string }).comment ?? null, replaced: n > 1 } }) });
    await open(b.page);
    const page = b.page;
    // Nothing picked: said, nothing sent.
    await page.click('#request-send');
    expect(await status(page, '#request-form').textContent()).toBe('没有提交成功：请至少选一部电影。');
    expect(sent).toHaveLength(0);

    for (const f of [a!, b2!, c!]) {
      await page.fill('#film-search', f.title.slice(0, 3));
      await page.click(`#film-results li[data-film="${f.id}"] .vf-pick`);
    }
    expect(await texts(page, '#picked .vf-title')).toEqual([a!.title, b2!.title, c!.title]);
    expect(await page.textContent('#picked-count')).toBe('已选 3/3 · 最多选 3 部。要换一部，先去掉一部。');
    await page.fill('#film-search', d!.title);
    expect(await page.isDisabled(`#film-results li[data-film="${d!.id}"] .vf-pick`)).toBe(true);
    await page.click(`#picked li[data-film="${b2!.id}"] .vf-remove`);
    await page.click(`#film-results li[data-film="${d!.id}"] .vf-pick`);
    await page.fill('#film-search', '没有这部片子');
    expect(await page.textContent('#film-results-note')).toBe('没有找到“没有这部片子”，换个字试试。');

    await page.fill('#request-comment', '想看<script>戏曲</script>');
    expect(await page.textContent('#request-comment-count')).toBe('21/200 字');
    await page.click('#request-send');
    await page.waitForSelector('#request-form .vf-status[data-outcome="sent"]');
    expect(await status(page, '#request-form').textContent()).toBe('点单已收到，谢谢！');
    expect(sent).toEqual([{ url: `/api/public/villages/${TOKEN}/requests`, body: { filmIds: [a!.id, c!.id, d!.id], comment: '想看<script>戏曲</script>' } }]);

    // The same phone again in the month: the server says it replaced the earlier one.
    await page.click(`#picked li[data-film="${a!.id}"] .vf-remove`);
    await page.click('#request-send');
    await page.waitForSelector('#request-form .vf-status[data-outcome="replaced"]');
    expect(await status(page, '#request-form').textContent()).toBe('你本月的点单已更新。');
    expect(sent[1]!.body).toEqual({ filmIds: [c!.id, d!.id], comment: '想看<script>戏曲</script>' });
  });

  it('starts from this phone’s request of the month, and says sending again replaces it', async () => {
    const view = villageView();
    const [a, b2] = view.catalogue;
    await standIn(b.page, { view: { ...view, request: { filmIds: [b2!.id, a!.id], comment: null, month: '2026-12' } } });
    await open(b.page);
    expect(await texts(b.page, '#picked .vf-title')).toEqual([b2!.title, a!.title]);
    expect(await b.page.textContent('#request-earlier')).toBe(`你本月已经点过：${b2!.title}、${a!.title}。再提交会换掉它。`);
  });

  it('when refused for too many tries (429), says to try again in the minutes Retry-After gives; in English too', async () => {
    const view = villageView();
    await standIn(b.page, { view, answer: () => ({ status: 429, headers: { 'Retry-After': '150' } }) });
    await open(b.page);
    await b.page.click(`#film-results li[data-film="${view.catalogue[0]!.id}"] .vf-pick`);
    await b.page.click('#request-send');
    await b.page.waitForSelector('#request-form .vf-status[data-outcome="rateLimited"]');
    expect(await status(b.page, '#request-form').textContent()).toBe('提交太频繁了，请 3 分钟后再试。');
    await b.page.click('#lang');
    expect(await b.page.textContent('#request-form .vf-status-text')).toBe('Too many tries from here: try again in 3 min.');
  });

  it('without a network keeps what was filled in and sends it on “try again”', async () => {
    const view = villageView();
    let online = false;
    const sent = await standIn(b.page, { view, answer: () => (online ? { status: 201, body: { kind: 'late', id: 1 } } : 'offline') });
    await open(b.page);
    const page = b.page;
    await page.check('#kind-late');
    await page.selectOption('#report-screening', '11');
    await page.fill('#report-text', '晚了两个小时');
    await page.click('#report-send');
    await page.waitForSelector('#report-form .vf-status[data-outcome="offline"]');
    expect(await status(page, '#report-form').textContent()).toContain('没有连上网络，没有提交。填的内容还在');
    expect(await page.inputValue('#report-text')).toBe('晚了两个小时');
    expect(await page.isChecked('#kind-late')).toBe(true);
    expect(sent).toHaveLength(0);
    online = true;
    await page.click('#report-form .vf-retry');
    await page.waitForSelector('#report-form .vf-status[data-outcome="sent"]');
    expect(await status(page, '#report-form').textContent()).toBe('反映已收到，县里会核查。谢谢！');
    expect(sent).toEqual([{ url: `/api/public/villages/${TOKEN}/reports`, body: { kind: 'late', screeningId: 11, text: '晚了两个小时' } }]);
    // Sent: the form is empty for another.
    expect(await page.inputValue('#report-text')).toBe('');
  });

  it('reports a problem: the kind is needed; a screening may be named, only of those listed that started in the last 30 days', async () => {
    const view = villageView();
    const sent = await standIn(b.page, { view, answer: () => ({ status: 201, body: { id: 1 } }) });
    await open(b.page);
    const page = b.page;
    expect(await texts(page, '#report-form .vf-choice')).toEqual(['没有放映', '放映迟到', '其他问题']);
    // Listed: the 3 December one (past); not the 20 December nor the January one (not yet).
    expect(await page.$$eval('#report-screening option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['', '11']);
    await page.click('#report-send');
    expect(await status(page, '#report-form').textContent()).toBe('没有提交成功：请选一下是什么问题。');
    await page.check('#kind-not_held');
    await page.click('#report-send');
    await page.waitForSelector('#report-form .vf-status[data-outcome="sent"]');
    expect(sent.map((s) => s.body)).toEqual([{ kind: 'not_held' }]);
    expect(await page.textContent('#report-text-count')).toBe('0/500 字');
  });

  it('says the server’s refusal (400) as text', async () => {
    const view = villageView();
    await standIn(b.page, { view, answer: () => ({ status: 400, body: { status: 400, title: 'Bad Request', detail: 'filmIds: <b>这部影片</b>今天没有放映许可' } }) });
    await open(b.page);
    await b.page.click(`#film-results li[data-film="${view.catalogue[0]!.id}"] .vf-pick`);
    await b.page.click('#request-send');
    await b.page.waitForSelector('#request-form .vf-status[data-outcome="refused"]');
    expect(await b.page.textContent('#request-form .vf-status-text')).toBe('没有提交成功：filmIds: <b>这部影片</b>今天没有放映许可');
    expect(await b.page.locator('#request-form .vf-status b').count()).toBe(0);
  });

  it('an unknown or replaced link (404) says so and whom to ask, in Chinese and English', async () => {
    await standIn(b.page, { viewStatus: 404 });
    await open(b.page, 'unknown');
    expect(await b.page.textContent('#unit-name')).toBe('这个链接无效');
    expect(await b.page.textContent('#message-text')).toContain('请扫描村里最新公示上的二维码，或者向村委会、放映队要新的链接');
    expect(await b.page.isVisible('#content')).toBe(false);
    await b.page.click('#lang');
    expect(await b.page.textContent('#unit-name')).toBe('This link is not valid');
  });

  it('loads again on “try again” after opening without a network', async () => {
    let online = false;
    await b.page.route('**/api/public/villages/**', (route) => (online ? route.fallback() : route.abort('internetdisconnected')));
    await standIn(b.page, {});
    await b.page.unroute('**/api/public/villages/**');
    const view = villageView();
    await b.page.route('**/api/public/villages/**', (route) => (online ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(view) }) : route.abort('internetdisconnected')));
    await open(b.page, 'offline');
    expect(await b.page.textContent('#message-text')).toBe('没有连上网络，页面没有加载出来。');
    online = true;
    await b.page.click('#reload');
    await b.page.waitForSelector('body[data-village="shown"]');
    expect(await b.page.textContent('#unit-name')).toBe(view.unit.name);
  });
});

describe('the confirmation page', () => {
  it('after confirming, offers the village’s request form, which posts to that village’s page', async () => {
    const partner = b.api('partner');
    const team = await partner<{ id: number }>('POST', '/api/teams', { name: '点单测试队' });
    const start = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' }).format(new Date(Date.now() - 30 * 60_000)).replace(' ', 'T');
    const s = await partner<{ id: number }>('POST', '/api/screenings', { villageId: 3, teamId: team.id, startsAt: start, notes: 'browser test, request after confirming' });
    const { url } = await partner<{ url: string }>('GET', `/api/screenings/${s.id}/confirmation`);
    const villageToken = (await b.server.running.database.knex('villages').where({ id: 3 }).first('public_token')).public_token as string;
    const view = villageView();
    const sent = await standIn(b.page, { view, answer: (_u, body) => ({ status: 201, body: { month: '2026-12', ...(body as object), comment: null, replaced: false } }) });
    await b.page.goto(url);
    await b.page.waitForSelector('body[data-confirm="open"]');
    expect(await b.page.isVisible('#request-form')).toBe(false);
    await b.page.click('#confirm');
    await b.page.waitForSelector('#request-form');
    expect(await b.page.textContent('#request-form .vf-lead')).toBe('顺便说说：你们村想看什么电影？');
    await b.page.click(`#film-results li[data-film="${view.catalogue[2]!.id}"] .vf-pick`);
    await b.page.click('#request-send');
    await b.page.waitForSelector('#request-form .vf-status[data-outcome="sent"]');
    expect(sent).toEqual([{ url: `/api/public/villages/${villageToken}/requests`, body: { filmIds: [view.catalogue[2]!.id] } }]);
    // English: the form speaks it too.
    await b.page.click('#lang');
    expect(await b.page.textContent('#request-send')).toBe('Send request');
  });
});
