// The villagers' confirmation page (/c/<token>) on a phone, with no sign-in, against the real
// server on the Tonghai demo: a villager opens a screening's QR link in its time window and
// confirms with a rating and a comment; the same phone is told it has confirmed; another phone
// counts apart; a link not yet open, closed, unknown, or refused for too many tries says so.
// CONFIRM_RATE_MAX is small here so the last test meets the real limit.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';

const ZONE = 'Asia/Shanghai';
const RATE_MAX = 6;
const b = browserSuite({ viewport: { width: 390, height: 844 }, timezoneId: ZONE, isMobile: true, hasTouch: true }, { env: { CONFIRM_RATE_MAX: String(RATE_MAX) } });
const partner = b.api('partner');

/** The county's wall clock `minutes` from now, as the API takes a start. */
function countyTime(minutes: number) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + minutes * 60_000));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

let teams = 0;
/** A screening starting `minutes` from now, on a team of its own (so no slot is taken), and its QR link. */
async function screening(minutes: number, villageId = 3, extra: Record<string, unknown> = {}) {
  const team = await partner<{ id: number }>('POST', '/api/teams', { name: `扫码测试队 ${++teams}` });
  const s = await partner<{ id: number }>('POST', '/api/screenings', { villageId, teamId: team.id, startsAt: countyTime(minutes), notes: 'browser test, confirmation', ...extra });
  const link = await partner<{ url: string; token: string }>('GET', `/api/screenings/${s.id}/confirmation`);
  return { id: s.id, ...link };
}

const confirmations = (id: number) => b.server.running.database.knex('confirmations').where({ screening_id: id }).select('rating', 'comment', 'device_hash');

async function open(page: Page, url: string, state: string) {
  await page.goto(url);
  await page.waitForSelector(`body[data-confirm="${state}"]`);
}

describe('the villagers’ confirmation page', () => {
  it('takes a confirmation with a rating and a comment, then tells the same phone it has confirmed; another phone counts apart', async () => {
    // What was shown: a two-film programme, both titles in its order.
    const films = (await partner<{ items: { id: number; title: string }[] }>('GET', '/api/films?limit=1000')).items.slice(0, 2);
    const s = await screening(-30, 3, { programme: [films[1]!.id, films[0]!.id], repeatReason: 'browser test: the programme on the villagers’ page' });
    expect(s.url).toBe(`${b.url}/c/${s.token}`);
    const page = b.page;
    await open(page, s.url, 'open');
    // The public page: no signed-in header, no navigation, Chinese by default.
    expect(await page.locator('#app-header, .app-nav, #sign-out').count()).toBe(0);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.textContent('#village')).toMatch(/\S+ \S+/);
    expect(await page.textContent('#time')).toMatch(/\d{2}:\d{2}$/);
    expect(await page.textContent('#film')).toBe(`${films[1]!.title}、${films[0]!.title}`);
    expect(await page.textContent('#confirm')).toBe('我看了这场电影');

    await page.click('.star[data-rating="4"]');
    await page.fill('#comment', '片子好看');
    await page.click('#confirm');
    await page.waitForSelector('body[data-confirm="thanks"]');
    expect(await page.textContent('#message')).toBe('谢谢！您的确认已收到。');
    expect(await page.isVisible('#form')).toBe(false);
    expect(await confirmations(s.id)).toEqual([expect.objectContaining({ rating: 4, comment: '片子好看' })]);

    // The same phone again: said plainly, nothing more stored.
    await open(page, s.url, 'confirmed');
    expect(await page.textContent('#message')).toBe('这部手机已经确认过这场电影了，谢谢！');
    expect(await page.isVisible('#confirm')).toBe(false);
    expect(await confirmations(s.id)).toHaveLength(1);

    // A second phone (its own cookie) confirms without a rating.
    const other = await b.context.browser()!.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: ZONE });
    try {
      const p2 = await other.newPage();
      await open(p2, s.url, 'open');
      await p2.click('#confirm');
      await p2.waitForSelector('body[data-confirm="thanks"]');
    } finally {
      await other.close();
    }
    const rows = await confirmations(s.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.device_hash).not.toBe(rows[1]!.device_hash);

    // The bureau's queue counts them once the screening is reported done.
    const done = await partner<{ version: number }>('GET', `/api/screenings/${s.id}`);
    await partner('PATCH', `/api/screenings/${s.id}`, { status: 'completed', audience: 60 }, { 'If-Match': `"${done.version}"` });
    const queue = await b.api('bureau')<{ items: { id: number; confirmations: unknown }[] }>('GET', `/api/review?limit=1000&month=${countyTime(-30).slice(0, 7)}`);
    const item = queue.items.find((i) => i.id === s.id);
    expect(JSON.stringify(item?.confirmations)).toMatch(/"count":2\b/);
  });

  it('prints each screening’s QR code with its link on the run sheet', async () => {
    const s = await screening(60, 7);
    const { teamId, startsAt } = await partner<{ teamId: number; startsAt: string }>('GET', `/api/screenings/${s.id}`);
    await b.signIn('partner', `/runsheet?teamId=${teamId}&month=${startsAt.slice(0, 7)}`);
    const qr = b.page.locator(`td.qr-cell[data-id="${s.id}"] svg.qr`);
    await qr.waitFor();
    expect(await qr.getAttribute('data-text')).toBe(s.url);
    expect(await b.page.locator('th.qr-cell').textContent()).toContain('确认二维码');
  });

  it('says when confirmations are not open yet, closed, or the link is unknown', async () => {
    const later = await screening(5 * 60, 4);
    await open(b.page, later.url, 'notYet');
    expect(await b.page.textContent('#message')).toMatch(/^还没到确认时间。.+\d{2}:\d{2} 起可以确认。$/);
    expect(await b.page.isVisible('#confirm')).toBe(false);

    const past = await screening(-3 * 24 * 60, 5);
    await open(b.page, past.url, 'closed');
    expect(await b.page.textContent('#message')).toMatch(/^确认时间已过（截止 .+\d{2}:\d{2}）。$/);

    await open(b.page, `${b.url}/c/${'0'.repeat(32)}`, 'unknown');
    expect(await b.page.textContent('#message')).toBe('找不到这个确认链接。请重新扫描放映现场的二维码。');
    expect(await b.page.isVisible('#screening')).toBe(false);
    await open(b.page, `${b.url}/c/not-a-token`, 'unknown');
  });

  it('speaks English when switched, and says so when this address has tried too often', async () => {
    const s = await screening(-10, 6);
    await open(b.page, s.url, 'open');
    await b.page.click('#lang');
    expect(await b.page.textContent('#confirm')).toBe('I watched this film');
    // Use up the address's tries (every POST counts, refused or not), then the villager taps.
    for (let i = 0; i < RATE_MAX; i++) await fetch(`${b.url}/api/confirmations/${'f'.repeat(32)}`, { method: 'POST' });
    await b.page.click('#confirm');
    await b.page.waitForSelector('body[data-confirm="rateLimited"]');
    expect(await b.page.textContent('#message')).toBe('Too many tries: please wait a few minutes and try again.');
    expect(await confirmations(s.id)).toHaveLength(0);
  });
});
