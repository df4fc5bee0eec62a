// The printed 公示 (/poster) and the supervision phone on the setup page, against the real server
// on the Tonghai demo: a unit's notice shows its screening of the month with the team's phone and
// the films, the county's supervision phone, and a QR code that a phone reads as the unit's village
// page; a township's notice is one A4 page a unit, in print as in the PDF; printing drops the
// toolbar. The settings API (GET/PUT /api/areas/:id/settings) is helper "bureau"'s, built on
// another branch: here it is stubbed with page.route, to the contract of helpers-common.md.
import { beforeAll, describe, expect, it } from 'vitest';
import { compareNames } from '../../domain/collate.js';
import { browserSuite, pageReady } from '../helpers/browser.js';
import { readQr } from '../helpers/qr.js';

const b = browserSuite({ timezoneId: 'Asia/Shanghai' });
const admin = b.api('admin');
const MONTH = '2027-03';
const PHONE = '0877-3015678';
let unit: { id: number; name: string; township_id: number; public_token: string };
let team: { id: number; name: string };
let units: string[];

beforeAll(async () => {
  const db = b.server.running.database.knex;
  // A demo administrative village with a natural village under it: the natural village's screening is on its parent's notice.
  unit = await db('villages as v')
    .where('v.kind', 'administrative')
    .whereNull('v.retired_at')
    .whereExists(db('villages as n').whereRaw('n.parent_id = v.id').select(db.raw('1')))
    .orderBy('v.id')
    .first('v.id', 'v.name', 'v.township_id', 'v.public_token');
  const natural = await db('villages').where({ parent_id: unit.id }).orderBy('id').first('id', 'name');
  const county = await db('townships as t').join('areas as c', 'c.id', 't.county_id').where('t.id', unit.township_id).first('c.id', 'c.parent_id');
  // The county inherits its prefecture's phone (the demo's own county phone is taken away for this).
  await db('area_settings').where({ area_id: county.id }).delete();
  await db('area_settings').insert({ area_id: county.parent_id, supervision_phone: PHONE }).onConflict('area_id').merge();
  team = await admin('POST', '/api/teams', { name: '公示测试队', phone: '13900001111', partnerId: (await db('partners').orderBy('id').first('id')).id });
  // A film a screening: the unit (a natural village counting for its parent) sees no film twice within 365 days.
  const film = async (title: string) => (await admin<{ id: number }>('POST', '/api/films', { title, category: 'feature', minutes: 100 })).id;
  await admin('POST', '/api/screenings', { villageId: unit.id, teamId: team.id, programme: [await film('公示测试片')], startsAt: `${MONTH}-12T19:30` });
  await admin('POST', '/api/screenings', { villageId: natural.id, teamId: team.id, programme: [await film('公示测试片二')], startsAt: `${MONTH}-20T19:30` });
  const cancelled = await admin<{ id: number; version: number }>('POST', '/api/screenings', { villageId: unit.id, teamId: team.id, programme: [await film('公示测试片三')], startsAt: `${MONTH}-25T19:30` });
  await admin('PATCH', `/api/screenings/${cancelled.id}`, { status: 'cancelled', cancelReason: '下雨' }, { 'If-Match': `"${cancelled.version}"` });
  units = (await db('villages').where({ township_id: unit.township_id, kind: 'administrative' }).whereNull('retired_at').select('name')).map((v: { name: string }) => v.name);
});

describe('the 公示 of a unit', () => {
  it("shows the month's screenings with the team's phone, the films, the supervision phone, and a QR code a phone reads as the village page", async () => {
    await b.signIn('admin', `/poster?villageId=${unit.id}&month=${MONTH}`);
    const notice = b.page.locator('.notice');
    await expect(notice.count()).resolves.toBe(1);
    const text = (await notice.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('农村公益电影放映公示');
    expect(text).toContain(unit.name);
    expect(text).toContain('2027年3月');
    expect(text).toContain('公示测试片（故事片）');
    expect(text).toContain('13900001111');
    expect(text).toContain(`监督电话 ${PHONE}`);
    // Its own screening and its natural village's; the cancelled one is not there.
    await expect(notice.locator('tbody tr').count()).resolves.toBe(2);
    await expect(notice.locator('tbody tr').first().innerText()).resolves.toMatch(/3月12日\s+周五\s+19:30/);
    expect(await readQr(notice.locator('svg.qr'))).toBe(`${b.url}/v/${unit.public_token}`);
    expect(text).toContain(`${b.url}/v/${unit.public_token}`);
  });

  it('reads in English when asked, the page keeping the notice the same', async () => {
    await b.signIn('admin', `/poster?villageId=${unit.id}&month=${MONTH}&lang=en`);
    const text = await b.page.locator('.notice').innerText();
    expect(text).toContain('Rural Public Film Screening Notice');
    expect(text).toContain('公示测试片 (Feature)');
    expect(text).toContain(PHONE);
  });

  it('fits a phone: at 360 and 390 px the notice is no wider than the screen, in both languages', async () => {
    await b.signIn('admin', `/poster?villageId=${unit.id}&month=${MONTH}`);
    for (const lang of ['zh-CN', 'en']) {
      await b.page.goto(`${b.url}/poster?villageId=${unit.id}&month=${MONTH}&lang=${lang}`);
      await b.page.locator('.notice tbody tr').first().waitFor();
      for (const width of [360, 390]) {
        await b.page.setViewportSize({ width, height: 740 });
        expect.soft(await b.page.evaluate(() => document.documentElement.scrollWidth), `${lang} at ${width} px`).toBeLessThanOrEqual(width);
      }
      await b.page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('draws only the month chosen last: an older answer arriving late is dropped', async () => {
    await b.signIn('admin', `/poster?villageId=${unit.id}&month=${MONTH}`);
    // February's answer held back until April's is drawn.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const isFebruary = (u: URL) => u.pathname === '/api/posters' && u.searchParams.get('month') === '2027-02';
    await b.page.route(isFebruary, async (route) => {
      await held;
      await route.continue();
    });
    await b.page.fill('#month', '2027-02');
    expect(await b.page.evaluate(() => document.body.dataset.state)).toBe('loading');
    await b.page.fill('#month', '2027-04');
    await pageReady(b.page);
    await expect(b.page.locator('.notice .month').innerText()).resolves.toContain('2027年4月');
    const february = b.page.waitForEvent('requestfinished', (r) => isFebruary(new URL(r.url())));
    release();
    await february;
    // Long enough for the late answer to be read and drawn, were it drawn.
    await b.page.waitForTimeout(200);
    await expect(b.page.locator('.notice .month').innerText()).resolves.toContain('2027年4月');
    expect(await b.page.evaluate(() => document.body.dataset.state)).toBe('ready');
    expect(new URL(b.page.url()).searchParams.get('month')).toBe('2027-04');
  });

  it('says a failed load as the other pages do', async () => {
    await b.signIn('admin', `/poster?villageId=${unit.id}&month=${MONTH}`);
    await b.page.route((u) => u.pathname === '/api/posters', (route) => route.fulfill({ status: 500, json: { title: 'Internal Server Error', status: 500, detail: 'boom' } }));
    await b.page.fill('#month', '2027-02');
    await pageReady(b.page, 'error');
    await expect(b.page.locator('#error').isVisible()).resolves.toBe(true);
    expect(await b.page.locator('#error').innerText()).toBe('数据加载失败，请稍后再试。 (boom)');
    await expect(b.page.locator('.notice').count()).resolves.toBe(0);
  });

  it('is refused to nobody signed in: the sign-in page', async () => {
    await b.page.goto(`${b.url}/poster?villageId=${unit.id}`);
    await b.page.waitForURL((u) => u.pathname === '/login');
  });
});

describe("a township's 公示", () => {
  it('has one A4 page a unit, in name order, and printing drops the toolbar', async () => {
    await b.signIn('bureau', `/poster?townshipId=${unit.township_id}&month=${MONTH}`);
    const names = await b.page.locator('.notice .unit').allInnerTexts();
    // '{township} {village}': the villages in name order (domain/collate.ts).
    expect(names.map((n) => n.split(' ').pop())).toEqual([...units].sort(compareNames));
    expect(names.some((n) => n.includes(unit.name))).toBe(true);
    await expect(b.page.locator('#toolbar').isVisible()).resolves.toBe(true);
    await b.page.emulateMedia({ media: 'print' });
    await expect(b.page.locator('#toolbar').isVisible()).resolves.toBe(false);
    // Each notice is one page tall (296 mm of the A4's 297 at 96 px an inch).
    const heights = await b.page.locator('.notice').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    for (const hgt of heights) expect(Math.abs(hgt - (296 / 25.4) * 96)).toBeLessThan(2);
    const pdf = Buffer.from(await b.page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages).toHaveLength(units.length);
    // A4 portrait: 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 59[45]\.?\d* 84[12]\.?\d*\s*\]/);
  });

  it('is linked from the registry: each unit in use, and the chosen township', async () => {
    await b.signIn('bureau', '/registry');
    const link = b.page.locator(`tr[data-id="${unit.id}"] a[data-action="poster"]`);
    await b.page.selectOption('#f-township', String(unit.township_id));
    await b.page.fill('#q', unit.name);
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/poster?villageId=${unit.id}`);
    expect(await b.page.locator('#township-posters').getAttribute('href')).toBe(`/poster?townshipId=${unit.township_id}`);
    await expect(b.page.locator('#township-posters').isVisible()).resolves.toBe(true);
  });
});

describe('the supervision phone on the setup page', () => {
  it('shows where the effective phone comes from, sets and clears the area’s own (the settings API stubbed)', async () => {
    const county = await b.server.running.database.knex('areas').where({ level: 'county' }).orderBy('code').first('id', 'name');
    const sent: unknown[] = [];
    let own: string | null = null;
    await b.page.route(/\/api\/areas\/\d+\/settings$/, async (route) => {
      const areaId = Number(/areas\/(\d+)\//.exec(route.request().url())![1]);
      if (route.request().method() === 'PUT') {
        sent.push(route.request().postDataJSON());
        own = (route.request().postDataJSON() as { supervisionPhone: string | null }).supervisionPhone;
      }
      const phone = own ? { value: own, areaId, areaName: county.name } : { value: PHONE, areaId: areaId - 1, areaName: '玉溪市' };
      // The rest of the settings as the server has them (the money panel on the same page reads them).
      const real = (await (await b.page.request.get(route.request().url())).json()) as Record<string, unknown>;
      await route.fulfill({ json: { ...real, areaId, supervisionPhone: phone } });
    });
    await b.signIn('bureau', '/setup');
    const current = b.page.locator('#supervision-current');
    await b.page.waitForFunction(() => document.getElementById('supervision-current')?.dataset.source === 'inherited');
    expect(await current.innerText()).toBe(`监督电话：${PHONE}（沿用玉溪市的设置）`);
    await expect(b.page.locator('#supervision-clear').isDisabled()).resolves.toBe(true);
    await b.page.fill('#supervision-phone', ' 0877-3999999 ');
    await b.page.click('#supervision-save');
    await b.page.waitForFunction(() => document.getElementById('supervision-current')?.dataset.source === 'own');
    expect(await current.innerText()).toBe('监督电话：0877-3999999（本级设置）');
    await b.page.click('#supervision-clear');
    await b.page.waitForFunction(() => document.getElementById('supervision-current')?.dataset.source === 'inherited');
    expect(sent).toEqual([{ supervisionPhone: '0877-3999999' }, { supervisionPhone: null }]);
    expect(await b.page.locator('#supervision-status').innerText()).toContain('改为沿用上级');
  });

  it('is not shown to a partner, who may not set it', async () => {
    await b.signIn('partner', '/setup');
    await expect(b.page.locator('#supervision').isHidden()).resolves.toBe(true);
  });
});
