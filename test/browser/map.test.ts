// The coverage map in Debian's Chromium against the real server on the Tonghai demo data, with
// tile requests that always fail (nothing listens on port 9), as on this offline machine.
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  apiGet,
  demoToken,
  launchChromium,
  legendCounts,
  mapReady,
  signIn,
  startDemoServer,
  type Chromium,
  type Counts,
  type DemoServer,
} from './helpers.js';

interface Coverage {
  month: string;
  totals: Counts & { units: number; coverage: number };
  townships: (Counts & { id: number; name: string; units: number; coverage: number })[];
}

const pick = (c: Counts) => ({ covered: c.covered, planned: c.planned, overdue: c.overdue, gap: c.gap });

const tokenFor = (who: 'admin' | 'bureau' | 'partner') => demoToken(server.url, who);

let server: DemoServer;
let chromium: Chromium;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, chromium] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});
beforeEach(async () => {
  context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

describe('signing in', () => {
  it('sends a reader without a session to the sign-in page and back to the map after it', async () => {
    await page.goto(`${server.url}/?month=2026-01`);
    await page.waitForURL(/\/login\?next=/);
    await page.fill('#username', 'bureau');
    await page.fill('#password', 'wrong password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#login-error')).toBe('用户名或密码错误。');

    await page.fill('#password', 'bureau-2131');
    await page.click('button[type=submit]');
    await mapReady(page, { month: '2026-01' });
    expect(new URL(page.url()).searchParams.get('month')).toBe('2026-01');

    await page.click('#sign-out');
    await page.waitForURL((u) => u.pathname === '/login');
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login\?next=/);
  });
});

describe('the coverage map', () => {
  it('shows, for the current month, the same counts in the legend as /api/coverage', async () => {
    await signIn(page, server.url);
    const month = await page.inputValue('#month');
    const api = await apiGet<Coverage>(page, `/api/coverage?month=${month}`);
    expect(api.month).toBe(month);
    expect(await legendCounts(page)).toEqual(pick(api.totals));
    expect(Number(await page.getAttribute('#map', 'data-drawn'))).toBe(api.totals.units);
    expect(await page.textContent('#gaps-title')).toContain(String(api.totals.gap));
    // Townships worst first.
    const shown = await page.$$eval('#township-bars .township-row', (rows) => rows.map((r) => Number(r.getAttribute('data-township'))));
    const worstFirst = api.townships.filter((t) => t.units > 0).sort((a, b) => a.coverage - b.coverage || a.name.localeCompare(b.name, 'zh-CN'));
    expect(shown).toEqual(worstFirst.map((t) => t.id));
  });

  it('changes its counts when the month and then the township change', async () => {
    await signIn(page, server.url);
    const before = await legendCounts(page);
    const month = await page.inputValue('#month');

    await page.click('#month-next'); // next month: nothing planned yet in the demo, every unit a gap
    const next = await page.inputValue('#month');
    expect(next).not.toBe(month);
    await mapReady(page, { month: next });
    const after = await legendCounts(page);
    expect(after).not.toEqual(before);
    expect(after).toEqual(pick((await apiGet<Coverage>(page, `/api/coverage?month=${next}`)).totals));

    await page.click('#month-prev');
    await page.click('#month-prev'); // last month: history with overdue screenings
    const last = await page.inputValue('#month');
    await mapReady(page, { month: last });
    const all = await apiGet<Coverage>(page, `/api/coverage?month=${last}`);
    expect(await legendCounts(page)).toEqual(pick(all.totals));

    const township = all.townships.find((t) => t.units < all.totals.units)!;
    await page.selectOption('#township', String(township.id));
    await mapReady(page, { month: last, township: String(township.id) });
    const one = await apiGet<Coverage>(page, `/api/coverage?month=${last}&townshipId=${township.id}`);
    expect(await legendCounts(page)).toEqual(pick(one.totals));
    expect(await legendCounts(page)).not.toEqual(pick(all.totals));
    expect(new URL(page.url()).searchParams.get('township')).toBe(String(township.id));
  });

  it('opens a gap village’s popup when it is clicked in the gap list', async () => {
    await signIn(page, server.url);
    const first = page.locator('#gap-list button.village').first();
    const name = (await first.evaluate((b) => b.firstChild!.textContent!)).trim();
    await first.click();
    const popup = page.locator('.leaflet-popup .village-popup');
    await expect.poll(() => popup.locator('h3').textContent()).toBe(name);
    expect(await popup.locator('.status-cell').textContent()).toContain('盲点');
    expect(await popup.textContent()).toContain('上一次完成的放映');
  });

  it('switches to English and keeps it across a reload', async () => {
    await signIn(page, server.url);
    expect(await page.textContent('#legend h2')).toMatch(/年.*月/);
    await page.click('#lang');
    await expect.poll(() => page.textContent('#legend h2')).toMatch(/^Screenings, [A-Z][a-z]+ \d{4}$/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#legend li[data-status=gap] .label')).toContain('Gap');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');

    await page.goto(`${server.url}/`); // no lang in the URL: the choice kept in the browser
    await mapReady(page);
    expect(await page.textContent('#legend h2')).toMatch(/^Screenings, /);
  });

  it('shows the same view from a copied URL', async () => {
    await signIn(page, server.url);
    await page.click('#month-prev');
    await mapReady(page, { month: await page.inputValue('#month') });
    await page.selectOption('#level', 'natural');
    await mapReady(page, { level: 'natural' });
    const township = await page.$eval('#township option:nth-child(3)', (o) => (o as HTMLOptionElement).value);
    await page.selectOption('#township', township);
    await page.click('#lang');
    await mapReady(page, { level: 'natural', township });
    const view = {
      url: page.url(),
      month: await page.inputValue('#month'),
      counts: await legendCounts(page),
      gaps: await page.textContent('#gap-list'),
      title: await page.textContent('#legend h2'),
    };
    expect(view.url).toContain('level=natural');

    const other = await context.newPage();
    await other.goto(view.url);
    await mapReady(other, { level: 'natural', township, month: view.month });
    expect(await other.inputValue('#month')).toBe(view.month);
    expect(await other.inputValue('#level')).toBe('natural');
    expect(await other.inputValue('#township')).toBe(township);
    expect(await legendCounts(other)).toEqual(view.counts);
    expect(await other.textContent('#gap-list')).toBe(view.gaps);
    expect(await other.textContent('#legend h2')).toBe(view.title);
  });

  it('draws the points and says the base map is unavailable when tiles cannot load', async () => {
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await signIn(page, server.url);
    await expect.poll(() => page.isVisible('#tile-note')).toBe(true);
    expect(failed.some((u) => u.startsWith('http://127.0.0.1:9/'))).toBe(true);
    expect(await page.textContent('#tile-note')).toBe('底图无法加载，仅显示村点位。');
    // Pixels actually painted on the canvas in the gap colour (#D55E00), not just markers in memory.
    const gapPixels = await page.$eval('#map canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 0xd5 && data[i + 1] === 0x5e && data[i + 2] === 0x00) n++;
      return n;
    });
    expect(gapPixels).toBeGreaterThan(50);
    expect(await page.locator('.township-label').count()).toBeGreaterThanOrEqual(9);
  });

  it('shows a newly reported screening when the reader comes back, keeping the view and the open popup', async () => {
    await signIn(page, server.url);
    const gap = page.locator('#gap-list button.village').first();
    const index = Number(await gap.getAttribute('data-index'));
    const units = await apiGet<{ units: { id: number[] } }>(page, '/api/coverage/units');
    const villageId = units.units.id[index]!;
    await gap.click();
    await expect.poll(() => page.locator('.leaflet-popup .status-cell').textContent()).toContain('盲点');
    await page.mouse.move(600, 400);
    await page.mouse.wheel(0, 300); // zoom out: a view of the reader's own
    await page.waitForTimeout(500);
    const view = await page.evaluate(() => [...document.querySelectorAll('.township-label')].map((l) => JSON.stringify(l.getBoundingClientRect())).join());
    const before = await legendCounts(page);

    // The partner reports a completed screening there, by API, as a script would.
    const bearer = { authorization: `Bearer ${await tokenFor('admin')}` };
    const team = await (await fetch(`${server.url}/api/teams`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Live test team', partnerId: 1 }) })).json();
    const done = await fetch(`${server.url}/api/screenings`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ villageId, teamId: team.id, startsAt: new Date(Date.now() - 60_000).toISOString(), status: 'completed', audience: 88 }),
    });
    expect(done.status).toBe(201);

    await page.waitForTimeout(5_100); // focus refreshes at most every 5 s
    await page.evaluate(() => dispatchEvent(new Event('focus')));
    await expect.poll(() => legendCounts(page)).toEqual({ ...before, gap: before.gap - 1, covered: before.covered + 1 });
    await expect.poll(() => page.locator('.leaflet-popup .status-cell').textContent()).toContain('已放映');
    expect(await page.locator('.leaflet-popup').textContent()).toContain('88');
    expect(await page.evaluate(() => [...document.querySelectorAll('.township-label')].map((l) => JSON.stringify(l.getBoundingClientRect())).join())).toBe(view);
  });

  it('finds a village by code and opens it', async () => {
    await signIn(page, server.url);
    const units = await apiGet<{ units: { name: string[]; code: (string | null)[] } }>(page, '/api/coverage/units');
    const i = units.units.code.findIndex((c) => c !== null);
    await page.fill('#search', units.units.code[i]!);
    await page.press('#search', 'Enter');
    await expect.poll(() => page.locator('.leaflet-popup .village-popup h3').textContent()).toBe(units.units.name[i]);
  });

  it('folds the panel under the map on a 390 px phone, with nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, server.url);
    const map = (await page.locator('#map').boundingBox())!;
    const panel = (await page.locator('.panel').boundingBox())!;
    expect(panel.y).toBeGreaterThanOrEqual(map.y + map.height);
    expect(map.width).toBeGreaterThan(350);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('prints on one A4 page with the map, the legend, the month and the gap list', async () => {
    await signIn(page, server.url);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('.topbar')).toBe(false);
    expect(await page.isVisible('#print-title')).toBe(true);
    expect(await page.isVisible('#legend')).toBe(true);
    expect(await page.isVisible('#gap-list')).toBe(true);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
  });
});
