// The month plan page in Debian's Chromium against the real server on the Tonghai demo data, as
// the demo partner (3 teams): plan a screening from the gap list, the warnings and conflict
// messages, and an auto-plan draft accepted whole.
import { describe, expect, it } from 'vitest';
import { browserSuite, canvasColour } from '../helpers/browser.js';

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
/** The map's status colours (gap, overdue, planned, covered), as hex and as computed CSS. */
const STATUS_HEX = ['#d55e00', '#e69f00', '#0072b2', '#009e73'];
const STATUS_RGB = ['rgb(213, 94, 0)', 'rgb(230, 159, 0)', 'rgb(0, 114, 178)', 'rgb(0, 158, 115)'];
/** The month after the current one in the county: empty in the demo, every unit a gap. */
function nextMonth(now = new Date()) {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).format(now).split('-').map(Number);
  const i = y! * 12 + m!;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

const b = browserSuite({ timezoneId: ZONE });
const api = b.api('partner');
const month = nextMonth();

const monthScreenings = async () => (await api<{ items: Screening[] }>('GET', `/api/screenings?month=${month}&limit=1000`)).items;

const openPlan = () => b.signIn('partner', `/plan?month=${month}`);

const gapCount = async () => Number(await b.page.getAttribute('#gaps-title', 'data-count'));

describe('the month plan', () => {
  let planned: Screening;
  let villageName: string;

  it('plans a screening from a gap village and a free evening: it shows in the grid and leaves the gap list', async () => {
    await openPlan();
    expect(await b.page.inputValue('#month')).toBe(month);
    const before = await gapCount();
    expect(before).toBeGreaterThan(50);

    const gap = b.page.locator('button.gap-village').first();
    villageName = (await gap.textContent())!;
    const villageId = Number(await gap.getAttribute('data-village'));
    await gap.click();
    await expect.poll(() => b.page.textContent('#gaps-hint')).toContain(villageName);

    const cell = b.page.locator(`td[data-team="1"][data-date="${month}-10"]`);
    await cell.locator('button.add').click();
    await b.page.waitForSelector('#screening-dialog[open]');
    expect(await b.page.inputValue('#f-village')).toBe(String(villageId));
    expect(await b.page.inputValue('#f-team')).toBe('1');
    expect(await b.page.inputValue('#f-date')).toBe(`${month}-10`);
    expect(await b.page.inputValue('#f-time')).toBe('19:00');
    // The programme: one film found through the picker's search of the catalogue.
    await b.page.fill('#f-programme-picker-search', '金色的稻浪');
    await b.page.locator('#f-programme-picker .programme-hit', { hasText: '金色的稻浪' }).click();
    await b.page.locator('#f-programme-picker .programme-list li', { hasText: '金色的稻浪' }).waitFor();
    await b.page.click('#form-save');

    await cell.locator('.chip', { hasText: villageName }).waitFor();
    await expect.poll(gapCount).toBe(before - 1);
    expect(await b.page.locator(`button.gap-village[data-village="${villageId}"]`).count()).toBe(0);

    const stored = await monthScreenings();
    expect(stored).toHaveLength(1);
    planned = stored[0]!;
    expect(planned).toMatchObject({ villageId, teamId: 1, status: 'scheduled' });
    expect(Date.parse(planned.startsAt)).toBe(Date.parse(`${month}-10T19:00:00+08:00`));
  });

  it('warns before a second screening in a covered village, and says how to get out of a double booking', async () => {
    await openPlan();
    await b.page.click('#new-screening');
    await b.page.waitForSelector('#screening-dialog[open]');
    await b.page.selectOption('#f-village', String(planned.villageId));
    await b.page.selectOption('#f-team', '1');
    await b.page.fill('#f-date', `${month}-10`);
    await b.page.fill('#f-time', '20:00');
    await b.page.waitForSelector('#second-warning:not([hidden])');
    expect(await b.page.textContent('#second-text')).toContain('已有 1 场放映');

    await b.page.click('#form-save');
    expect(await b.page.textContent('#form-error')).toContain('请先确认');
    await b.page.check('#second-ok');
    await b.page.click('#form-save');
    // Less than 3 hours after the team's 19:00: refused, named, and the dialog keeps what was typed.
    await expect.poll(() => b.page.textContent('#form-error')).toContain('至少相隔 3 小时');
    expect(await b.page.textContent('#form-error')).toContain(villageName);
    expect(await b.page.isVisible('#screening-dialog')).toBe(true);
    expect(await b.page.inputValue('#f-time')).toBe('20:00');
    expect(await monthScreenings()).toHaveLength(1);
  });

  it('explains a stale edit (412) and loads the latest version on request', async () => {
    await openPlan();
    await b.page.click(`.chip[data-id="${planned.id}"]`);
    await b.page.waitForSelector('#screening-dialog[open]');
    // Someone else edits the screening meanwhile.
    await api('PATCH', `/api/screenings/${planned.id}`, { notes: '村委会换了联系人' }, { 'if-match': `"${planned.version}"` });
    await b.page.fill('#f-notes', '我的备注');
    await b.page.click('#form-save');
    await expect.poll(() => b.page.textContent('#form-error')).toContain('刚被别人改过');
    expect(await b.page.inputValue('#f-notes')).toBe('我的备注');
    await b.page.click('#form-error button');
    await expect.poll(() => b.page.inputValue('#f-notes')).toBe('村委会换了联系人');
    expect(await b.page.textContent('#form-error')).toContain('已载入最新版本');
  });

  it('accepts an auto-plan draft: the stored screenings are the draft items', async () => {
    await openPlan();
    const gapsBefore = await gapCount();
    const before = await monthScreenings();
    await b.page.click('#auto-plan');
    await b.page.waitForSelector('#draft-dialog[open]');
    const [response] = await Promise.all([b.page.waitForResponse((r) => r.url().endsWith('/api/plans/draft')), b.page.click('#draft-make')]);
    expect(response.status()).toBe(200);
    const draft = (await response.json()) as Draft;
    expect(draft.items.length).toBe(gapsBefore);
    await b.page.waitForSelector('#draft-result:not([hidden])');
    expect(Number(await b.page.getAttribute('#draft-summary', 'data-count'))).toBe(draft.items.length);
    expect(await b.page.locator('#draft-list li').count()).toBe(draft.items.length);
    // One route a team on the map.
    const routes = new Set(draft.items.map((i) => i.teamId)).size;
    expect(Number(await b.page.getAttribute('#draft-map', 'data-routes'))).toBe(routes);
    // No route in a status colour: a team's route never reads as a row of gaps (or covered villages).
    const colours = (await b.page.getAttribute('#draft-map', 'data-colours'))!.split(' ');
    expect(colours).toHaveLength(routes);
    expect(routes).toBeGreaterThanOrEqual(3);
    for (const c of colours) expect(STATUS_HEX).not.toContain(c.toLowerCase());
    const dots = await b.page.$$eval('#draft-teams .team-dot', (els) => els.map((e) => getComputedStyle(e).backgroundColor));
    expect(dots.length).toBeGreaterThanOrEqual(3);
    for (const d of dots) expect(STATUS_RGB).not.toContain(d);
    // And on the canvas, once drawn (Leaflet fits and paints a few frames later; the first route's
    // dots in its colour say it has): not one pixel of the gap colour.
    await expect.poll(async () => (await canvasColour(b.page, '#draft-map canvas', colours[0]!)).count, { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await canvasColour(b.page, '#draft-map canvas', '#D55E00')).count).toBe(0);
    // Nothing is stored before Accept.
    expect(await monthScreenings()).toHaveLength(before.length);

    await Promise.all([b.page.waitForResponse((r) => r.url().endsWith('/api/plans/accept') && r.status() === 201), b.page.click('#draft-accept')]);
    await b.page.waitForSelector('#draft-dialog', { state: 'hidden' });
    await expect.poll(gapCount).toBe(0);

    const key = (s: { villageId: number; teamId: number; startsAt: string }) => `${s.villageId}|${s.teamId}|${Date.parse(s.startsAt)}`;
    const known = new Set(before.map((s) => s.id));
    const added = (await monthScreenings()).filter((s) => !known.has(s.id));
    expect(added.map(key).sort()).toEqual(draft.items.map(key).sort());
    expect(await b.page.locator('#plan-grid .chip').count()).toBe(before.length + draft.items.length);
  });
});
