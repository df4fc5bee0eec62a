// The drill-down map (issue 13) in Debian's Chromium against the real server: the Tonghai demo
// (云南省 › 玉溪市 › 通海县) plus one small county in another province (贵州省 › 贵阳市 › 南明区),
// made through the API as an admin would. The page's village limit is lowered for this browser
// (localStorage film2131.villageLimit = 20), so Tonghai's 77 villages are "too many" and its
// province and prefecture show area symbols, while the Guizhou county's few villages show at once.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGet, browserSuite, demoToken } from '../helpers/browser.js';

const b = browserSuite();

interface Area {
  id: number;
  code: string;
  name: string;
  level: string;
  parentId: number | null;
}
interface Totals {
  units: number;
  covered: number;
  gap: number;
  coverage: number;
}
interface AreaCoverage {
  totals: Totals;
  groups: (Totals & { id: number; name: string })[];
}

async function post(path: string, body: string, contentType: string) {
  const token = await demoToken(b.url, 'admin');
  const res = await fetch(`${b.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  if (!res.ok) throw new Error(`${res.status} from POST ${path}: ${await res.text()}`);
  return res.json();
}

const areaIds: Record<string, number> = {};

beforeAll(async () => {
  await post('/api/areas/import', ['code,name', '52,贵州省', '5201,贵阳市', '520102,南明区', '520102001,遵义路街道', '520102002,花果园街道'].join('\n'), 'text/csv');
  const villages = [
    'code,name,township_code,township_name,lat,lng',
    '520102001001,遵义路社区,520102001,遵义路街道,26.571,106.712',
    '520102001002,中华南路社区,520102001,遵义路街道,26.566,106.716',
    '520102002001,花果园社区,520102002,花果园街道,26.561,106.692',
    '520102002002,五里冲社区,520102002,花果园街道,26.556,106.688',
    '520102002003,松花路社区,520102002,花果园街道,26.552,106.699',
  ];
  await post('/api/villages/import', villages.join('\n'), 'text/csv');
  const areas = await b.api('admin')<{ items: Area[] }>('GET', '/api/areas?limit=1000');
  for (const a of areas.items) areaIds[a.code] = a.id;
});

/** Every API request the page sends from now on, as path and query. */
function recordApi(page: Page) {
  const seen: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) seen.push(u.pathname + u.search);
  });
  return { seen, clear: () => seen.splice(0) };
}

/** The map is ready and its #map data attributes say this (mode areas or villages, area, month…). */
async function mapReady(page: Page, want: Record<string, string>) {
  await page.waitForFunction((w) => {
    const map = document.getElementById('map');
    return document.body.dataset.state === 'ready' && !!map && Object.entries(w).every(([k, v]) => map.dataset[k] === v);
  }, want);
}

const crumbs = (page: Page) => page.$$eval('#crumbs li', (li) => li.map((l) => l.textContent!.trim()).join(' › '));
const byNumber = (x: number, y: number) => x - y;
const symbols = (page: Page) => page.$$eval('.area-symbol[data-area]', (els) => els.map((e) => Number((e as HTMLElement).dataset.area))).then((ids) => ids.sort(byNumber));
const area = (page: Page) => new URL(page.url()).searchParams.get('area');

describe('the drill-down map', () => {
  it('shows areas above the villages, goes down by click, by zoom and by panel, up by breadcrumb and Back, and a month switch sends no positions', async () => {
    const page = b.page;
    await b.context.addInitScript(() => localStorage.setItem('film2131.villageLimit', '20'));
    const api = recordApi(page);
    const [yunnan, guizhou, yuxi, tonghai, nanming] = ['53', '52', '5304', '530423', '520102'].map((c) => areaIds[c]!);
    expect([yunnan, guizhou, yuxi, tonghai, nanming].every(Boolean)).toBe(true);

    // The root: two provinces with villages, so no automatic descent; a symbol each, no villages.
    await b.signIn();
    await mapReady(page, { mode: 'areas', area: '' });
    expect(area(page)).toBeNull();
    expect(await crumbs(page)).toBe('全国');
    expect(await symbols(page)).toEqual([yunnan!, guizhou!].sort(byNumber));
    expect(await page.getAttribute('#map', 'data-drawn')).toBe('0');
    expect(api.seen.some((u) => u.startsWith('/api/coverage/units') || u.startsWith('/api/coverage/statuses'))).toBe(false);
    // The symbols' gap counts and the panel (worst first) are the API's counts per province.
    const month = await page.inputValue('#month');
    const provinces = await apiGet<AreaCoverage>(page, `/api/coverage?month=${month}&groupBy=province`);
    for (const g of provinces.groups) {
      expect(await page.getAttribute(`.area-symbol[data-area="${g.id}"]`, 'data-gap')).toBe(String(g.gap));
    }
    const worst = [...provinces.groups].sort((x, y) => x.coverage - y.coverage || y.gap - x.gap).map((g) => g.id);
    expect(await page.$$eval('#township-bars .area-row', (rows) => rows.map((r) => Number(r.getAttribute('data-area'))))).toEqual(worst);
    expect(await page.getAttribute('#legend', 'data-total')).toBe(String(provinces.totals.units));
    expect(await page.getAttribute('#legend', 'data-gap')).toBe(String(provinces.totals.gap));

    // A month switch above the villages: the counts by province, nothing else (but the month's campaigns, for the select beside it).
    api.clear();
    await page.click('#month-prev');
    const prev = await page.inputValue('#month');
    await mapReady(page, { mode: 'areas', month: prev });
    const seen = api.seen.filter((u) => !u.startsWith(`/api/campaigns?month=${prev}`));
    expect(api.seen.length - seen.length).toBeLessThanOrEqual(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^\/api\/coverage\?.*groupBy=province/);
    await page.click('#month-next');
    await mapReady(page, { mode: 'areas', month });

    // Down into Guizhou by its symbol: few villages, so they show at once, with the prefecture in the panel.
    await page.click(`.area-symbol[data-area="${guizhou}"]`);
    await mapReady(page, { mode: 'villages', area: String(guizhou) });
    expect(area(page)).toBe(String(guizhou));
    expect(await crumbs(page)).toBe('全国 › 贵州省');
    expect(await page.getAttribute('#map', 'data-drawn')).toBe('5');
    expect(await page.$$eval('#township-bars .area-row', (rows) => rows.map((r) => r.querySelector('.name')!.textContent))).toEqual(['贵阳市']);

    // Back: the root again, from the URL.
    await page.goBack();
    await mapReady(page, { mode: 'areas', area: '' });
    expect(await crumbs(page)).toBe('全国');
    expect(await symbols(page)).toHaveLength(2);

    // Yunnan (by its row in the panel) holds one prefecture; zooming in on it goes down into Yuxi,
    // whose one county is Tonghai.
    await page.click(`#township-bars .area-row[data-area="${yunnan}"]`);
    await mapReady(page, { mode: 'areas', area: String(yunnan) });
    expect(await crumbs(page)).toBe('全国 › 云南省');
    expect(await symbols(page)).toEqual([yuxi]);
    await page.click('.leaflet-control-zoom-in');
    await mapReady(page, { mode: 'areas', area: String(yuxi) });
    expect(await crumbs(page)).toBe('全国 › 云南省 › 玉溪市');
    expect(await symbols(page)).toEqual([tonghai]);

    // Into the county by its symbol: its villages and its townships, as the page always showed them.
    api.clear();
    await page.click(`.area-symbol[data-area="${tonghai}"]`);
    await mapReady(page, { mode: 'villages', area: String(tonghai) });
    expect(await crumbs(page)).toBe('全国 › 云南省 › 玉溪市 › 通海县');
    const county = await apiGet<{ totals: Totals }>(page, `/api/coverage?month=${month}&areaId=${tonghai}`);
    expect(await page.getAttribute('#map', 'data-drawn')).toBe(String(county.totals.units));
    expect(await page.locator('#township-bars .township-row[data-township]').count()).toBeGreaterThanOrEqual(9);
    expect(await page.locator('.area-symbol').count()).toBe(0);
    expect(api.seen.filter((u) => u.startsWith('/api/coverage/units'))).toHaveLength(1);

    // A month switch among the villages: statuses and counts, never the positions again.
    api.clear();
    await page.click('#month-prev');
    await mapReady(page, { mode: 'villages', month: prev });
    expect(api.seen.length).toBeGreaterThan(0);
    expect(api.seen.some((u) => u.startsWith('/api/coverage/statuses'))).toBe(true);
    expect(api.seen.filter((u) => u.startsWith('/api/coverage/units') || u.startsWith('/api/coverage/areas'))).toEqual([]);
    expect(new URL(page.url()).searchParams.get('month')).toBe(prev);

    // Up by the breadcrumb, keeping the month; Back returns to the county without fetching its villages again.
    await page.click('#crumbs a[data-area="' + yunnan + '"]');
    await mapReady(page, { mode: 'areas', area: String(yunnan), month: prev });
    expect(new URL(page.url()).searchParams.get('month')).toBe(prev);
    api.clear();
    await page.goBack();
    await mapReady(page, { mode: 'villages', area: String(tonghai), month: prev });
    expect(api.seen.filter((u) => u.startsWith('/api/coverage/units'))).toEqual([]);
    await page.click('#crumbs a[data-area=""]');
    await mapReady(page, { mode: 'areas', area: '' });
    expect(await crumbs(page)).toBe('全国');
  });
});
