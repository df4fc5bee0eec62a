// The month plan page in Debian's Chromium against the real server on the Tonghai demo data, as
// the demo partner (3 teams): plan a screening from the gap list, the warnings and conflict
// messages, and an auto-plan draft accepted whole.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { demoToken, launchChromium, startDemoServer, type Chromium, type DemoServer } from './helpers.js';

interface Screening {
  id: number;
  villageId: number;
  teamId: number;
  startsAt: string;
  status: string;
  notes: string | null;
  version: number;
}
interface Draft {
  month: string;
  items: { villageId: number; teamId: number; startsAt: string }[];
}

const ZONE = 'Asia/Shanghai';
/** The month after the current one in the county: empty in the demo, every unit a gap. */
function nextMonth(now = new Date()) {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).format(now).split('-').map(Number);
  const i = y! * 12 + m!;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

let server: DemoServer;
let chromium: Chromium;
let context: BrowserContext;
let page: Page;
let token: string;
const month = nextMonth();

async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${res.status} from ${method} ${path}: ${await res.text()}`);
  return (await res.json()) as T;
}
const monthScreenings = async () => (await api<{ items: Screening[] }>('GET', `/api/screenings?month=${month}&limit=1000`)).items;

async function openPlan() {
  await page.goto(`${server.url}/login?next=${encodeURIComponent(`/plan?month=${month}`)}`);
  await page.fill('#username', 'partner');
  await page.fill('#password', 'partner-2131');
  await Promise.all([page.waitForURL((u) => u.pathname === '/plan'), page.click('button[type=submit]')]);
  await page.waitForSelector('body[data-state="ready"]');
}

const gapCount = async () => Number(await page.getAttribute('#gaps-title', 'data-count'));

beforeAll(async () => {
  [server, chromium] = await Promise.all([startDemoServer(), launchChromium()]);
  token = await demoToken(server.url, 'partner');
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});
beforeEach(async () => {
  context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: ZONE });
  page = await context.newPage();
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
});
afterEach(async () => {
  await context.close();
});

describe('the month plan', () => {
  let planned: Screening;
  let villageName: string;

  it('plans a screening from a gap village and a free evening: it shows in the grid and leaves the gap list', async () => {
    await openPlan();
    expect(await page.inputValue('#month')).toBe(month);
    const before = await gapCount();
    expect(before).toBeGreaterThan(50);

    const gap = page.locator('button.gap-village').first();
    villageName = (await gap.textContent())!;
    const villageId = Number(await gap.getAttribute('data-village'));
    await gap.click();
    await expect.poll(() => page.textContent('#gaps-hint')).toContain(villageName);

    const cell = page.locator(`td[data-team="1"][data-date="${month}-10"]`);
    await cell.locator('button.add').click();
    await page.waitForSelector('#screening-dialog[open]');
    expect(await page.inputValue('#f-village')).toBe(String(villageId));
    expect(await page.inputValue('#f-team')).toBe('1');
    expect(await page.inputValue('#f-date')).toBe(`${month}-10`);
    expect(await page.inputValue('#f-time')).toBe('19:00');
    await page.selectOption('#f-film', { index: 1 });
    await page.click('#form-save');

    await cell.locator('.chip', { hasText: villageName }).waitFor();
    await expect.poll(gapCount).toBe(before - 1);
    expect(await page.locator(`button.gap-village[data-village="${villageId}"]`).count()).toBe(0);

    const stored = await monthScreenings();
    expect(stored).toHaveLength(1);
    planned = stored[0]!;
    expect(planned).toMatchObject({ villageId, teamId: 1, status: 'scheduled' });
    expect(Date.parse(planned.startsAt)).toBe(Date.parse(`${month}-10T19:00:00+08:00`));
  });

  it('warns before a second screening in a covered village, and says how to get out of a double booking', async () => {
    await openPlan();
    await page.click('#new-screening');
    await page.waitForSelector('#screening-dialog[open]');
    await page.selectOption('#f-village', String(planned.villageId));
    await page.selectOption('#f-team', '1');
    await page.fill('#f-date', `${month}-10`);
    await page.fill('#f-time', '20:00');
    await page.waitForSelector('#second-warning:not([hidden])');
    expect(await page.textContent('#second-text')).toContain('已有 1 场放映');

    await page.click('#form-save');
    expect(await page.textContent('#form-error')).toContain('请先确认');
    await page.check('#second-ok');
    await page.click('#form-save');
    // Less than 3 hours after the team's 19:00: refused, named, and the dialog keeps what was typed.
    await expect.poll(() => page.textContent('#form-error')).toContain('至少相隔 3 小时');
    expect(await page.textContent('#form-error')).toContain(villageName);
    expect(await page.isVisible('#screening-dialog')).toBe(true);
    expect(await page.inputValue('#f-time')).toBe('20:00');
    expect(await monthScreenings()).toHaveLength(1);
  });

  it('explains a stale edit (412) and loads the latest version on request', async () => {
    await openPlan();
    await page.click(`.chip[data-id="${planned.id}"]`);
    await page.waitForSelector('#screening-dialog[open]');
    // Someone else edits the screening meanwhile.
    await api('PATCH', `/api/screenings/${planned.id}`, { notes: '村委会换了联系人' }, { 'if-match': `"${planned.version}"` });
    await page.fill('#f-notes', '我的备注');
    await page.click('#form-save');
    await expect.poll(() => page.textContent('#form-error')).toContain('刚被别人改过');
    expect(await page.inputValue('#f-notes')).toBe('我的备注');
    await page.click('#form-error button');
    await expect.poll(() => page.inputValue('#f-notes')).toBe('村委会换了联系人');
    expect(await page.textContent('#form-error')).toContain('已载入最新版本');
  });

  it('accepts an auto-plan draft: the stored screenings are the draft items', async () => {
    await openPlan();
    const gapsBefore = await gapCount();
    const before = await monthScreenings();
    await page.click('#auto-plan');
    await page.waitForSelector('#draft-dialog[open]');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/plans/draft')), page.click('#draft-make')]);
    expect(response.status()).toBe(200);
    const draft = (await response.json()) as Draft;
    expect(draft.items.length).toBe(gapsBefore);
    await page.waitForSelector('#draft-result:not([hidden])');
    expect(Number(await page.getAttribute('#draft-summary', 'data-count'))).toBe(draft.items.length);
    expect(await page.locator('#draft-list li').count()).toBe(draft.items.length);
    // One route a team on the map.
    expect(Number(await page.getAttribute('#draft-map', 'data-routes'))).toBe(new Set(draft.items.map((i) => i.teamId)).size);
    // Nothing is stored before Accept.
    expect(await monthScreenings()).toHaveLength(before.length);

    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/plans/accept') && r.status() === 201), page.click('#draft-accept')]);
    await page.waitForSelector('#draft-dialog', { state: 'hidden' });
    await expect.poll(gapCount).toBe(0);

    const key = (s: { villageId: number; teamId: number; startsAt: string }) => `${s.villageId}|${s.teamId}|${Date.parse(s.startsAt)}`;
    const known = new Set(before.map((s) => s.id));
    const added = (await monthScreenings()).filter((s) => !known.has(s.id));
    expect(added.map(key).sort()).toEqual(draft.items.map(key).sort());
    expect(await page.locator('#plan-grid .chip').count()).toBe(before.length + draft.items.length);
  });
});
