// Issue 22 end to end, against the real server on the Tonghai demo (no stand-ins): a county-month of
// the test's own (fourteen months back: the demo has no screenings there) with one screening the
// partner never reported. The partner opens /periods and submits: refused, the unreported screening
// listed; it reports it on the plan page (the sign-off page's link shows the month's unreported
// ones) and submits. The bureau returns the month with a reason (asked in a dialog), the partner
// reads the reason, corrects the audience and submits again; the bureau approves (APPROVAL_LEVELS
// default: county) and the month is locked. The plan page then shows the lock and offers no change;
// a page opened before the lock (stale) has its change refused with the reason shown. Last, with
// the county paying by the month, the bureau issues the month's statement on /statements, opens it
// as the A4 page and downloads it as XLSX through the page's link.
import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentMonth, shiftMonth } from '../../domain/months.js';
import { browserSuite, pageReady, signIn } from '../helpers/browser.js';

interface Screening {
  id: number;
  status: string;
  audience: number | null;
  locked?: boolean;
  version: number;
}

const ZONE = 'Asia/Shanghai';
const b = browserSuite({ timezoneId: ZONE });
const partner = b.api('partner');
const bureau = b.api('bureau');
/** The test's own month: ended long ago, inside the demo contract (from 2024-01), no demo screenings. */
const month = shiftMonth(currentMonth(ZONE), -14);
const REASON = '观众人数有误：应为 53 人，请更正后重新报送';

let screening: Screening;
let countyId: number;

const card = (page: Page) => page.locator(`#periods li.period[data-county="${countyId}"]`);
const openPeriods = async (page: Page) => {
  await page.goto(`${b.url}/periods?month=${month}`);
  await pageReady(page);
};
const stored = async () => partner<Screening>('GET', `/api/screenings/${screening.id}`);

/** On the plan page: opens the screening's chip and marks it completed with this audience. */
async function report(page: Page, audience: number) {
  await page.click(`.chip[data-id="${screening.id}"]`);
  await page.waitForSelector('#screening-dialog[open]');
  await page.fill('#f-audience', String(audience));
  await page.click('#mark-done');
  await page.waitForFunction(() => !document.querySelector<HTMLDialogElement>('#screening-dialog')!.open || !document.getElementById('form-error')!.hidden);
  if (await page.isVisible('#form-error')) throw new Error(`the report was refused: ${await page.textContent('#form-error')}`);
  await expect.poll(async () => (await stored()).audience).toBe(audience);
}

beforeAll(async () => {
  const { items: [team] } = await partner<{ items: { id: number }[] }>('GET', '/api/teams');
  const { items: villages } = await partner<{ items: { id: number; kind: string }[] }>('GET', '/api/villages?limit=50');
  const village = villages.find((v) => v.kind === 'administrative') ?? villages[0]!;
  screening = await partner<Screening>('POST', '/api/screenings', { villageId: village.id, teamId: team!.id, startsAt: `${month}-12T19:30:00+08:00` });
  const periods = await bureau<{ items: { countyId: number; state: string; unreported: number }[] }>('GET', `/api/periods?month=${month}`);
  expect(periods.items).toHaveLength(1);
  expect(periods.items[0]).toMatchObject({ state: 'open', unreported: 1 });
  countyId = periods.items[0]!.countyId;
});

describe('a county-month signed off through the pages', () => {
  it('the partner is refused while a screening is unreported (listed), reports it on the plan and submits', async () => {
    await b.signIn('partner', `/periods?month=${month}`);
    expect(await b.page.inputValue('#month')).toBe(month);
    await expect.poll(() => card(b.page).getAttribute('data-state')).toBe('open');
    expect(await card(b.page).locator('.period-badge').textContent()).toBe('未报送');
    expect(await card(b.page).locator('.blocker.unreported').textContent()).toContain('1 场放映未回报');

    await card(b.page).locator('button.action-submit').click();
    const refusal = card(b.page).locator('.refusal');
    await refusal.waitFor({ state: 'visible' });
    const listed = refusal.locator('.refusal-errors li[data-path="screenings.0"]');
    expect(await listed.count()).toBe(1);
    expect(await listed.textContent()).toContain(String(screening.id));
    expect(await card(b.page).getAttribute('data-state')).toBe('open');

    // The card's link: the plan of that month, the unreported ones standing out.
    await Promise.all([b.page.waitForURL((u) => u.pathname === '/plan'), card(b.page).locator('.blocker.unreported a').click()]);
    await pageReady(b.page);
    expect(new URL(b.page.url()).searchParams.get('month')).toBe(month);
    expect(await b.page.isVisible('#unreported-notice')).toBe(true);
    expect(await b.page.getAttribute(`.chip[data-id="${screening.id}"]`, 'data-status')).toBe('scheduled');
    await report(b.page, 35);

    await openPeriods(b.page);
    expect(await card(b.page).locator('.blocker.unreported').count()).toBe(0);
    await card(b.page).locator('button.action-submit').click();
    await expect.poll(() => card(b.page).getAttribute('data-state')).toBe('submitted');
    expect(await b.page.textContent('#step-done')).toContain('报送');
    expect(await card(b.page).locator('.partners li').getAttribute('data-submitted')).toBe('true');
    expect(await card(b.page).locator('button').count()).toBe(0); // nothing more for the partner to do
  });

  it('the bureau returns it with a reason asked in a dialog; the partner reads the reason, corrects the audience and submits again', async () => {
    await b.signIn('bureau', `/periods?month=${month}`);
    expect(await card(b.page).locator('.awaiting').textContent()).toContain('县级');
    expect(await card(b.page).locator('.buttons button').evaluateAll((bs) => bs.map((x) => x.getAttribute('data-action')))).toEqual(['approve', 'return']);
    await card(b.page).locator('button.action-return').click();
    await b.page.waitForSelector('#reason-dialog[open]');
    await b.page.click('#reason-confirm'); // no reason: not sent
    expect(await b.page.isVisible('#reason-error')).toBe(true);
    expect(await b.page.getAttribute('#reason-text', 'aria-invalid')).toBe('true');
    await b.page.fill('#reason-text', REASON);
    await b.page.click('#reason-confirm');
    await expect.poll(() => card(b.page).getAttribute('data-state')).toBe('returned');
    expect(await card(b.page).locator('.returned-reason').textContent()).toContain(REASON);

    const ctx = await b.chromium.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: ZONE });
    try {
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.log('pageerror (partner):', e.message));
      await signIn(page, b.url, 'partner', `/periods?month=${month}`);
      expect(await card(page).getAttribute('data-state')).toBe('returned');
      expect(await card(page).locator('.period-badge').textContent()).toBe('已退回');
      expect(await card(page).locator('.returned-reason').textContent()).toContain(REASON);
      await page.goto(`${b.url}/plan?month=${month}`);
      await pageReady(page);
      await report(page, 53);
      await openPeriods(page);
      await card(page).locator('button.action-submit').click();
      await expect.poll(() => card(page).getAttribute('data-state')).toBe('submitted');
      // The history keeps every step: submitted, returned (with its reason), submitted.
      expect(await card(page).locator('.steps li').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-action')))).toEqual(['submit', 'return', 'submit']);
    } finally {
      await ctx.close();
    }
  });

  it('the bureau approves and the month is locked: the plan shows it and offers no change; a stale page is refused with the reason', async () => {
    // The partner's plan page, opened before the approval, the screening's form open on it.
    const ctx = await b.chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: ZONE });
    try {
      const stale = await ctx.newPage();
      stale.on('pageerror', (e) => console.log('pageerror (stale):', e.message));
      await signIn(stale, b.url, 'partner', `/plan?month=${month}`);
      expect(await stale.isVisible('#lock-banner')).toBe(false);
      await stale.click(`.chip[data-id="${screening.id}"]`);
      await stale.waitForSelector('#screening-dialog[open]');
      expect(await stale.isEnabled('#f-notes')).toBe(true);

      await b.signIn('bureau', `/periods?month=${month}`);
      await card(b.page).locator('button.action-approve').click();
      await expect.poll(() => card(b.page).getAttribute('data-state')).toBe('locked');
      expect(await card(b.page).locator('.period-badge').textContent()).toBe('已锁定');
      expect(await card(b.page).locator('.locked-by').textContent()).toContain('bureau');
      expect(await card(b.page).locator('.buttons button').evaluateAll((bs) => bs.map((x) => x.getAttribute('data-action')))).toEqual(['reopen']);
      expect((await stored()).locked).toBe(true);

      // The stale page tries a change: refused by the server, the reason shown plainly.
      await stale.fill('#f-notes', '锁定后再改');
      await stale.click('#form-save');
      await stale.waitForSelector('#form-error:not([hidden])');
      expect(await stale.textContent('#form-error')).toContain('本月已审核锁定');
      expect((await stored()).version).toBe(screening.version + 2); // the two reports, not the note
      // …and the page reads the month again: the lock is now shown.
      await stale.waitForSelector('#lock-banner:not([hidden])');
    } finally {
      await ctx.close();
    }

    // A fresh plan page: the banner (who and when), no change offered for the locked screening.
    await b.page.click('#sign-out');
    await b.page.waitForURL((u) => u.pathname === '/login');
    await b.signIn('partner', `/plan?month=${month}`);
    const banner = await b.page.textContent('#lock-banner');
    expect(banner).toContain('已审核锁定');
    expect(banner).toContain('bureau');
    const chip = b.page.locator(`.chip[data-id="${screening.id}"]`);
    expect(await chip.getAttribute('data-locked')).toBe('true');
    expect(await chip.getAttribute('draggable')).toBeNull();
    expect(await b.page.locator('#plan-grid button.add').count()).toBe(0);
    expect(await b.page.isDisabled('#new-screening')).toBe(true);
    expect(await b.page.isDisabled('#auto-plan')).toBe(true);
    await chip.click();
    await b.page.waitForSelector('#screening-dialog[open]');
    expect(await b.page.isVisible('#form-locked')).toBe(true);
    for (const hidden of ['#form-save', '#delete', '#report-box']) expect(await b.page.isVisible(hidden), hidden).toBe(false);
    for (const field of ['#f-village', '#f-team', '#f-date', '#f-time', '#f-notes', '#f-audience']) expect(await b.page.isDisabled(field), field).toBe(true);
    expect(await b.page.isEnabled('#form-close')).toBe(true);
  });

  it('the statement is issued on /statements, shown as the A4 page and downloaded as XLSX', async () => {
    // The county pays by the month (the bureau's setting), so `month` alone is a round. A screening
    // without photos is not backed: the bureau reopens the month, accepts it, and it is signed off again.
    await bureau('PUT', `/api/areas/${countyId}/settings`, { paymentRound: 'month' });
    await bureau('POST', `/api/periods/${countyId}/${month}/reopen`, { reason: '补审核放映记录' });
    await bureau('POST', `/api/screenings/${screening.id}/review`, { decision: 'accepted' });
    await partner('POST', `/api/periods/${countyId}/${month}/submit`, {});
    expect((await bureau<{ state: string }>('POST', `/api/periods/${countyId}/${month}/approve`, {})).state).toBe('locked');

    await b.signIn('bureau', '/statements');
    await b.page.selectOption('#county', String(countyId));
    await b.page.selectOption('#kind', 'month');
    await b.page.selectOption('#round', month);
    // Each choice marks the page loading at once, and ready when its own answer is drawn (only the latest is).
    await pageReady(b.page);
    expect(await b.page.isVisible('#none')).toBe(true);
    await b.page.click('#issue');
    await b.page.waitForSelector('.statements-table tbody tr.current');
    expect(await b.page.isVisible('#refused')).toBe(false);
    expect(await b.page.locator('.statements-table tbody tr').count()).toBe(1);
    const href = await b.page.getAttribute('.statements-table tbody tr.current a', 'href');
    expect(href).toMatch(/^\/statement\?id=\d+$/);
    const id = Number(href!.split('=')[1]);
    const api = await bureau<{
      countyId: number;
      round: string;
      number: string;
      totals: { count: number; gross: number; net: number };
      paid: { screeningId: number; villageName: string; startsAt: string; amount: number }[];
    }>('GET', `/api/statements/${id}`);
    expect(api).toMatchObject({ countyId, round: month });
    expect(api.paid.map((p) => p.screeningId)).toEqual([screening.id]);
    expect(api.totals.count).toBe(1);
    expect(api.totals.gross).toBeGreaterThan(0);
    const row = b.page.locator('.statements-table tbody tr.current');
    expect(await row.locator('td').nth(0).textContent()).toBe(api.number);
    expect(await row.locator('td').nth(4).textContent()).toBe(api.totals.gross.toFixed(2));

    await b.page.goto(`${b.url}${href}`);
    await pageReady(b.page);
    const text = (await b.page.textContent('#sheet')) ?? '';
    expect(text).toContain(month);
    expect(text).toContain(api.number);
    expect(await b.page.textContent('tr.total td:nth-child(3)')).toBe(String(api.totals.count));
    expect(await b.page.textContent('tr.total td:nth-child(5)')).toBe(api.totals.gross.toFixed(2));
    expect(await b.page.textContent('tr.total td:nth-child(7)')).toBe(api.totals.net.toFixed(2));
    const paid = api.paid[0]!;
    expect(text).toContain(paid.villageName);
    expect(text).toContain(paid.startsAt.slice(0, 16).replace('T', ' '));
    for (const line of ['经办人（签字）', '审核人（签字）', '财务负责人（签字）', '单位负责人（签字）', '日期', '单位盖章']) expect(text).toContain(line);

    // The page's XLSX link: a download, read back with the project's XLSX library.
    expect(await b.page.getAttribute('#xlsx', 'href')).toBe(`/api/statements/${id}?format=xlsx`);
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.click('#xlsx')]);
    expect(download.suggestedFilename()).toBe(`statement-${api.number}.xlsx`);
    const file = await fs.readFile((await download.path())!);
    expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const values = (name: string) => book.getWorksheet(name)!.getSheetValues().slice(3).map((r) => (r as unknown[]).slice(1));
    const paidRows = values('计补贴场次');
    expect(paidRows).toHaveLength(1);
    expect(paidRows[0]!.slice(0, 2)).toEqual([screening.id, month]);
    expect(paidRows[0]![3]).toBe(paid.villageName);
    expect(paidRows[0]![9]).toBe(paid.amount);
    const total = values('汇总').at(-1)!;
    expect(total[0]).toBe('合计');
    expect(total[2]).toBe(api.totals.count);
    expect(total[4]).toBe(api.totals.gross);
    expect(total.at(-1)).toBe(api.totals.net);
  });
});
