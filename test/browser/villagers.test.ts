// The bureau's list of the villagers' problem reports (/villagers) and a disputed screening's
// reports on the review page, in Debian's Chromium against the real server on the Tonghai demo.
// GET/PATCH /api/villager-reports are helper "bureau"'s, built on another branch: here they are
// answered by a small stand-in (page.route) that keeps the contract (notes/helpers-common.md) —
// filters by state and kind, a PATCH to closed without a note refused with 400 naming `note`.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, pageReady } from '../helpers/browser.js';
import { sample, standIn, thisMonth } from '../helpers/villager-reports.js';

const b = browserSuite({ timezoneId: 'Asia/Shanghai' });

const shown = (page: Page) => page.$$eval('#reports li.villager-report', (lis) => lis.map((li) => `${li.getAttribute('data-id')}:${li.getAttribute('data-state')}`));

describe('the villagers page', () => {
  it('lists the reports for the bureau, filters them, and closes one only with a note', async () => {
    const api = await standIn(b.page, sample());
    await b.signIn('bureau', '/villagers');
    // The header names the page, and links it for the bureau.
    expect(await b.page.textContent('h1')).toBe('村民反映的问题');
    expect(await b.page.getAttribute('#app-nav a[data-page="villagers"]', 'aria-current')).toBe('page');
    expect(await shown(b.page)).toEqual(['1:new', '2:looking', '3:closed']);
    expect(await b.page.textContent('#list-count')).toContain('共 3 条');
    expect(api.asked.at(-1)!.get('month')).toBe(thisMonth());

    // The first: where, what kind, the villager's words as text (markup shown, never run), the screening with its state.
    const first = b.page.locator('li.villager-report[data-id="1"]');
    expect(await first.locator('.report-where').textContent()).toBe('下回村 秀山街道');
    expect(await first.locator('.report-kind').textContent()).toBe('没有放映');
    expect(await first.locator('.report-text').textContent()).toBe('<img src=x onerror="window.__pwned=1">那天晚上没有人来放电影');
    expect(await first.locator('.report-text img').count()).toBe(0);
    expect(await b.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    const link = first.locator('.report-screening a');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^/review\\?month=${thisMonth()}&state=all&screening=9001&lang=zh-CN$`));
    expect(await first.locator('.screening-state').textContent()).toBe('已完成、存疑、文化局尚未决定');
    // The closed one says how it was handled.
    expect(await b.page.textContent('li.villager-report[data-id="3"] .report-note')).toMatch(/^处理情况：已电话回访（bureau，/);
    expect(await b.page.locator('li.villager-report[data-id="3"] button.reopen').count()).toBe(1);

    // Filters go to the API and into the URL.
    await b.page.selectOption('#f-state', 'new');
    await pageReady(b.page);
    expect(api.asked.at(-1)!.get('state')).toBe('new');
    expect(new URL(b.page.url()).searchParams.get('state')).toBe('new');
    expect(await shown(b.page)).toEqual(['1:new']);
    await b.page.selectOption('#f-state', '');
    await b.page.selectOption('#f-kind', 'late');
    await pageReady(b.page);
    expect(api.asked.at(-1)!.get('kind')).toBe('late');
    expect(api.asked.at(-1)!.has('state')).toBe(false);
    expect(await shown(b.page)).toEqual(['2:looking']);
    await b.page.selectOption('#f-kind', '');
    await pageReady(b.page);

    // Mark the first "looking into"; then close it: an empty note is refused on the page, the note sent.
    await first.locator('button.look').click();
    await b.page.waitForSelector('li.villager-report[data-id="1"][data-state="looking"]');
    expect(api.patches.at(-1)).toEqual({ id: 1, body: { state: 'looking' } });
    const again = b.page.locator('li.villager-report[data-id="1"]');
    await again.locator('button.close').click();
    await again.locator('button.close-confirm').click();
    expect(await again.locator('.note-error').isVisible()).toBe(true);
    expect(await again.locator('textarea').getAttribute('aria-invalid')).toBe('true');
    expect(api.patches).toHaveLength(1);
    await again.locator('textarea').fill('已核实：当晚改期到下周');
    await again.locator('button.close-confirm').click();
    await b.page.waitForSelector('li.villager-report[data-id="1"][data-state="closed"]');
    expect(api.patches.at(-1)).toEqual({ id: 1, body: { state: 'closed', note: '已核实：当晚改期到下周' } });
    expect(await b.page.textContent('#list-count')).toContain('已办结下回村的反映。');
    expect(await b.page.textContent('li.villager-report[data-id="1"] .report-note')).toContain('已核实：当晚改期到下周');

    // Reopen it.
    await b.page.click('li.villager-report[data-id="1"] button.reopen');
    await b.page.waitForSelector('li.villager-report[data-id="1"][data-state="looking"]');
    expect(api.patches.at(-1)).toEqual({ id: 1, body: { state: 'looking' } });
  });

  it('speaks English, and a refused change says why', async () => {
    const reports = sample();
    await standIn(b.page, reports);
    await b.page.route('**/api/villager-reports/2', (route) =>
      route.fulfill({ status: 409, contentType: 'application/problem+json', body: JSON.stringify({ status: 409, detail: 'The report changed meanwhile.' }) }),
    );
    await b.signIn('admin', '/villagers?lang=en');
    expect(await b.page.textContent('h1')).toBe('What villagers reported');
    expect(await b.page.textContent('li.villager-report[data-id="1"] .report-kind')).toBe('Not held');
    await b.page.click('li.villager-report[data-id="2"] button.close');
    await b.page.fill('li.villager-report[data-id="2"] textarea', 'checked');
    await b.page.click('li.villager-report[data-id="2"] button.close-confirm');
    await b.page.waitForSelector('li.villager-report[data-id="2"] .action-status.error');
    expect(await b.page.textContent('li.villager-report[data-id="2"] .action-status')).toBe('Not saved: The report changed meanwhile.');
  });

  it('is not the partner’s: no header entry, and the page says so', async () => {
    await b.signIn('partner', '/');
    expect(await b.page.locator('#app-nav a[data-page="villagers"]').count()).toBe(0);
    await b.page.goto(`${b.url}/villagers`);
    await pageReady(b.page, 'forbidden');
    expect(await b.page.isVisible('#forbidden')).toBe(true);
    expect(await b.page.locator('#reports li').count()).toBe(0);
  });
});

describe('the review page', () => {
  it('shows a disputed screening’s villager reports beside its other evidence', async () => {
    // The first screening of the queue, as the server answers it, carrying villager_dispute (the
    // flag helper "bureau"'s reports raise), and the stand-in's report naming it.
    let disputedId = 0;
    await b.page.route('**/api/review?**', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { items: { id: number; verification: { flags: unknown[] } | null }[] };
      const s = body.items[0]!;
      disputedId = s.id;
      s.verification!.flags.unshift({ code: 'villager_dispute', severity: 'critical', params: { count: 1 }, message: '1 villager says it was not held', messageZh: '1 位村民反映没有放映' });
      await route.fulfill({ response: res, json: body });
    });
    const reports = sample(-1);
    const api = await standIn(b.page, reports);
    await b.page.route('**/api/villager-reports?**', async (route) => {
      reports[0]!.screening!.id = disputedId;
      await route.fallback();
    });
    await b.signIn('bureau', '/review');
    const section = b.page.locator('#detail section.villager-reports');
    await b.page.waitForSelector('#detail section.villager-reports[data-state="ready"]');
    expect(await section.getAttribute('data-screening')).toBe(String(disputedId));
    expect(await section.locator('h3').textContent()).toBe('村民反映（1）');
    expect(await section.locator('.report-kind').textContent()).toBe('没有放映');
    expect(await section.locator('.report-text').textContent()).toContain('那天晚上没有人来放电影');
    expect(await section.locator('.report-text img').count()).toBe(0);
    // Asked by the screening, in its month and the next.
    expect(api.asked.every((q) => q.get('screeningId') === String(disputedId))).toBe(true);
    expect(api.asked.length).toBe(2);
    expect(await b.page.getAttribute('#detail .villager-reports-link a', 'href')).toMatch(/^\/villagers\?month=\d{4}-\d{2}$/);
    // Beside the confirmations, in the evidence's side column.
    expect(await b.page.locator('#detail .evidence .side > section.villager-reports').count()).toBe(1);
  });
});

describe('what villagers said, on /reports', () => {
  it('the bureau reads the month’s requests, confirmations per team and reports by kind; the partner its own teams’', async () => {
    const db = b.server.running.database.knex;
    const month = thisMonth();
    // The counts are this test's own: the demo's requests and reports go first.
    await db('film_requests').delete();
    await db('villager_reports').delete();
    const [village] = await db('villages').where('kind', 'administrative').orderBy('id').limit(1).select('id');
    const films = await db('films').orderBy('id').limit(2).select('id', 'title');
    await db('film_requests').insert([
      { village_id: village.id, month, device_hash: 'browser-1', film_ids: db.raw(`'{${films[0].id},${films[1].id}}'::int[]`) },
      { village_id: village.id, month, device_hash: 'browser-2', film_ids: db.raw(`'{${films[1].id}}'::int[]`) },
    ]);
    await db('villager_reports').insert({ village_id: village.id, kind: 'late', text: '晚了', state: 'new', created_at: `${month}-01T21:00:00+08:00` });
    await b.signIn('bureau', '/reports?view=villagers');
    expect(await b.page.getAttribute('#tab-villagers', 'aria-selected')).toBe('true');
    expect(await b.page.textContent('#report-title')).toMatch(/村民反映情况$/);
    expect(await b.page.textContent('#villagers-films tbody tr:first-child')).toContain(films[1].title);
    expect(await b.page.textContent(`#villagers-films tr[data-film="${films[1].id}"] [data-field="requests"]`)).toBe('2');
    expect(await b.page.textContent('#villagers-reports tr[data-kind="late"] [data-field="new"]')).toBe('1');
    expect(await b.page.locator('#villagers-teams tbody tr').count()).toBeGreaterThan(0);
    expect(await b.page.getAttribute('#download-xlsx', 'href')).toBe(`/api/reports/villagers?month=${month}&format=xlsx`);
    expect(await b.page.getAttribute('#view-villagers .villagers-link a', 'href')).toBe(`/villagers?month=${month}`);

    await b.context.clearCookies();
    await b.signIn('partner', '/reports?view=villagers');
    expect(await b.page.isVisible('#tab-villagers')).toBe(true);
    expect(await b.page.isVisible('#tab-month')).toBe(false);
    // Not the bureau's list: no way to it.
    expect(await b.page.locator('#view-villagers .villagers-link').count()).toBe(0);
  });
});
