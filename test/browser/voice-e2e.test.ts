// Issue 21 end to end, against the real server on the Tonghai demo (no stand-ins): the bureau's
// printed 公示 of a gap unit carries a QR code; a phone (no sign-in) reads it, opens the village
// page, requests films (sent, then replaced: one row), and reports a problem; the partner planning
// next month sees the request beside the gap and first in the programme picker; the bureau's
// /villagers lists the report as new.
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentMonth, shiftMonth } from '../../domain/months.js';
import { browserSuite, signIn } from '../helpers/browser.js';
import { readQr } from '../helpers/qr.js';

interface Film {
  id: number;
  title: string;
  category: string;
  minutes: number | null;
}

const ZONE = 'Asia/Shanghai';
const b = browserSuite({ timezoneId: ZONE });
const partner = b.api('partner');
const bureau = b.api('bureau');
const thisMonth = currentMonth(ZONE);
/** Empty in the demo: every unit a gap; its plan reads this month's requests too. */
const month = shiftMonth(thisMonth, 1);
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: ZONE };
const COMMENT = '想看老电影，谢谢';
const REPORT = '上回放映晚了一个多小时，端到端测试';

let unit: { id: number; name: string };
/** Licensed today and through next month: requestable now, offered when planning next month. */
let films: Film[];

/** A fresh phone: its own context (no cookie), its own device. */
async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await b.chromium.browser.newContext(PHONE);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('pageerror (phone):', e.message));
  return { context, page };
}

async function pick(page: Page, film: Film) {
  await page.fill('#film-search', film.title);
  await page.click(`#film-results li[data-film="${film.id}"] .vf-pick`);
}

beforeAll(async () => {
  const units = (await partner<{ features: { properties: { id: number; status: string; kind?: string } }[] }>('GET', `/api/coverage/villages?month=${month}`)).features.map((f) => f.properties);
  const db = b.server.running.database.knex;
  const gaps = units.filter((u) => u.status === 'gap').map((u) => u.id);
  // A gap unit the demo's own requests and reports leave alone, so every count below is this test's.
  const mine = (table: string) => db(table).whereRaw(`village_id in (select n.id from villages n where n.id = villages.id or n.parent_id = villages.id)`).select(db.raw('1'));
  unit = await db('villages')
    .whereIn('id', gaps)
    .where('kind', 'administrative')
    .whereNull('retired_at')
    .whereNotExists(mine('film_requests'))
    .whereNotExists(mine('villager_reports'))
    .orderBy('id')
    .first('id', 'name');
  expect(unit).toBeDefined();
  const licensed = async (day: string) => new Set((await partner<{ items: Film[] }>('GET', `/api/films?limit=1000&availableOn=${day}`)).items.map((f) => f.id));
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE }).format(new Date());
  const [now, start, end] = await Promise.all([licensed(today), licensed(`${month}-01`), licensed(`${month}-28`)]);
  films = (await partner<{ items: Film[] }>('GET', '/api/films?limit=1000')).items.filter(
    (f) => now.has(f.id) && start.has(f.id) && end.has(f.id) && f.category === 'feature' && (f.minutes ?? 0) >= 60,
  );
  // Old films, far down the picker's newest-first search: only the requests bring them up.
  films = films.slice(-3);
  expect(films).toHaveLength(3);
});

describe("the villagers' voice, from the printed notice to the plan", () => {
  it('QR code on the 公示 → village page on a phone → request and report → the partner’s plan and the bureau’s list', async () => {
    const [a, b2, c] = films as [Film, Film, Film];
    const db = b.server.running.database.knex;

    // 1. The bureau's 公示 of the unit for next month: its QR code is the unit's village page.
    await b.signIn('bureau', `/poster?villageId=${unit.id}&month=${month}`);
    const notice = b.page.locator('.notice');
    await expect(notice.count()).resolves.toBe(1);
    expect(await notice.innerText()).toContain(unit.name);
    const url = await readQr(notice.locator('svg.qr'));
    const link = await bureau<{ url: string; token: string }>('GET', `/api/villages/${unit.id}/link`);
    expect(url).toBe(link.url);
    expect(url).toBe(`${b.url}/v/${link.token}`);

    // 2. A phone that never signed in opens it, requests two films with a comment: sent.
    const first = await phone();
    try {
      const page = first.page;
      await page.goto(url!);
      await page.waitForSelector('body[data-state="ready"][data-village="shown"]');
      expect(await page.textContent('#unit-name')).toBe(unit.name);
      await pick(page, a);
      await pick(page, b2);
      expect(await page.$$eval('#picked .vf-title', (els) => els.map((e) => e.textContent!.trim()))).toEqual([a.title, b2.title]);
      await page.fill('#request-comment', COMMENT);
      await page.click('#request-send');
      await page.waitForSelector('#request-form .vf-status[data-outcome="sent"]');
      expect(await page.textContent('#request-form .vf-status-text')).toBe('点单已收到，谢谢！');
      const rows = () => db('film_requests').where({ village_id: unit.id, month: thisMonth }).select('film_ids', 'comment');
      expect(await rows()).toEqual([{ film_ids: [a.id, b2.id], comment: COMMENT }]);

      // Sent again with another pick: replaced, still one row.
      await page.click(`#picked li[data-film="${b2.id}"] .vf-remove`);
      await pick(page, c);
      await page.click('#request-send');
      await page.waitForSelector('#request-form .vf-status[data-outcome="replaced"]');
      expect(await page.textContent('#request-form .vf-status-text')).toBe('你本月的点单已更新。');
      expect(await rows()).toEqual([{ film_ids: [a.id, c.id], comment: COMMENT }]);

      // 3. The same phone reports a problem: sent, stored as new with its text.
      await page.check('#kind-late');
      await page.fill('#report-text', REPORT);
      await page.click('#report-send');
      await page.waitForSelector('#report-form .vf-status[data-outcome="sent"]');
      expect(await page.textContent('#report-form .vf-status-text')).toBe('反映已收到，县里会核查。谢谢！');
      expect(await db('villager_reports').where({ village_id: unit.id }).select('kind', 'text', 'state', 'screening_id')).toEqual([
        { kind: 'late', text: REPORT, state: 'new', screening_id: null },
      ]);
    } finally {
      await first.context.close();
    }

    // A second phone asks for the first film too: it has 2, the other 1.
    const second = await phone();
    try {
      await second.page.goto(url!);
      await second.page.waitForSelector('body[data-state="ready"][data-village="shown"]');
      await pick(second.page, a);
      await second.page.click('#request-send');
      await second.page.waitForSelector('#request-form .vf-status[data-outcome="sent"]');
    } finally {
      await second.context.close();
    }
    expect(await db('film_requests').where({ village_id: unit.id, month: thisMonth }).pluck('film_ids')).toEqual(expect.arrayContaining([[a.id, c.id], [a.id]]));
    expect(await db('film_requests').where({ village_id: unit.id, month: thisMonth }).pluck('film_ids')).toHaveLength(2);
    const requested = await partner<{ items: { villageId: number; filmId: number; title: string; requests: number }[] }>('GET', `/api/requests?month=${thisMonth}&villageId=${unit.id}`);
    expect(requested.items.map((r) => [r.villageId, r.filmId, r.title, r.requests])).toEqual([
      [unit.id, a.id, a.title, 2],
      [unit.id, c.id, c.title, 1],
    ]);

    // 4. The partner plans next month: the gap's line shows the requests, its picker offers them first.
    const plan = await b.context.newPage();
    plan.on('pageerror', (e) => console.log('pageerror (plan):', e.message));
    await b.page.context().clearCookies();
    await signIn(plan, b.url, 'partner', `/plan?month=${month}`);
    expect(await plan.locator(`#gap-list [data-village="${unit.id}"]`).count()).toBeGreaterThan(0);
    const line = plan.locator(`.gap-requests[data-village="${unit.id}"]`);
    await line.waitFor();
    expect(await line.locator('.gap-request').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-film')), Number(e.getAttribute('data-requests'))]))).toEqual([
      [a.id, 2],
      [c.id, 1],
    ]);
    const said = await line.textContent();
    expect(said).toContain(`《${a.title}》2 人`);
    expect(said).toContain(`《${c.title}》1 人`);
    expect(said).not.toContain(b2.title);

    await plan.locator(`td[data-team="1"][data-date="${month}-06"] button.add`).click();
    await plan.waitForSelector('#screening-dialog[open]');
    await plan.selectOption('#f-village', String(unit.id));
    await plan.dispatchEvent('#f-village', 'change');
    await plan.focus('#f-programme-picker-search');
    const hits = plan.locator('#f-programme-picker .programme-hit');
    await expect.poll(() => hits.count()).toBeGreaterThan(2);
    expect(await hits.evaluateAll((els) => els.slice(0, 3).map((e) => [Number(e.getAttribute('data-film')), e.getAttribute('data-requests')]))).toEqual([
      [a.id, '2'],
      [c.id, '1'],
      [expect.any(Number), null],
    ]);
    expect(await hits.first().locator('.requested-count').textContent()).toBe('村民点播 2 人');
    expect(await hits.first().textContent()).toContain(a.title);
    await plan.close();

    // 5. The bureau's /villagers lists the report, new, with the villager's words.
    await b.page.context().clearCookies();
    await b.signIn('bureau', '/villagers');
    const report = b.page.locator('li.villager-report').filter({ hasText: REPORT });
    await expect(report.count()).resolves.toBe(1);
    expect(await report.getAttribute('data-state')).toBe('new');
    expect(await report.getAttribute('data-kind')).toBe('late');
    expect(await report.locator('.report-text').textContent()).toBe(REPORT);
    expect(await report.locator('.report-where').textContent()).toContain(unit.name);
  });
});
