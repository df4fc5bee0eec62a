// The phone's map without signal (issue 23): the app serves a PMTiles archive made here as its base
// map (TILE_PRESET=archive); the field page, opened once with signal, draws its villages over the
// archive's tiles and its service worker keeps those around the villages (OFFLINE_TILES_ZOOMS);
// with the network cut, the page opened again draws the map's tiles from what the phone kept.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, withoutSignal } from '../helpers/browser.js';
import { pngTile, tileAt, writePmtiles, type ArchiveTile } from '../helpers/pmtiles.js';

const ZONE = 'Asia/Shanghai';
// Tonghai county and around, z 0–13: every tile the page can ask for there.
const [WEST, SOUTH, EAST, NORTH] = [102.3, 23.8, 103.1, 24.4];
const tiles: ArchiveTile[] = [];
for (let z = 0; z <= 13; z++) {
  const a = tileAt(NORTH, WEST, z);
  const c = tileAt(SOUTH, EAST, z);
  for (let x = a.x; x <= c.x; x++) for (let y = a.y; y <= c.y; y++) tiles.push({ z, x, y, bytes: await pngTile((x * 37) % 256, (y * 53) % 256, (z * 19) % 256) });
}
const archive = path.join(mkdtempSync(path.join(os.tmpdir(), 'film2131-field-tiles-')), 'tonghai.pmtiles');
await writePmtiles(archive, tiles, { bounds: [WEST, SOUTH, EAST, NORTH] });

const b = browserSuite(
  { viewport: { width: 390, height: 844 }, timezoneId: ZONE, isMobile: true, hasTouch: true },
  { env: { TILE_PRESET: 'archive', TILE_URL: '', TILE_ARCHIVE: archive, OFFLINE_TILES_ZOOMS: '11-13', OFFLINE_TILES_MB: '5' } },
);
const api = b.api('partner');

/** The county's wall clock `minutes` from now, as the API takes a start. */
function countyTime(minutes: number) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + minutes * 60_000));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The map's tile images as drawn: their source and decoded width. */
const drawnTiles = (page: typeof b.page) =>
  page.$$eval('#field-map img.leaflet-tile', (imgs) => (imgs as HTMLImageElement[]).map((i) => ({ src: i.src, width: i.complete ? i.naturalWidth : 0 })));

describe("the phone page's map", () => {
  it('keeps the tiles around its villages, and draws them from the phone with the network cut', async () => {
    const [one, two] = await Promise.all([api<{ id: number; lat: number; lng: number }>('GET', '/api/villages/1'), api<{ id: number; lat: number; lng: number }>('GET', '/api/villages/2')]);
    const team = await api<{ id: number }>('POST', '/api/teams', { name: '地图测试队' });
    // Tonight in one village, in two days in another: both on the map, tonight's named.
    // Tonight is the county's date at 20:00, whatever the hour the test runs (an hour from now is tomorrow after 23:00).
    await api('POST', '/api/screenings', { villageId: one.id, teamId: team.id, startsAt: `${countyTime(0).slice(0, 10)}T20:00`, notes: 'browser test, map' });
    await api('POST', '/api/screenings', { villageId: two.id, teamId: team.id, startsAt: countyTime(2 * 24 * 60), notes: 'browser test, map' });

    // With signal: the map draws the archive's tiles, and the worker keeps those around the villages.
    await b.signIn('partner', `/report?teamId=${team.id}`);
    await b.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    await b.page.locator('#map-section').waitFor();
    // The map's module loads after the section shows: wait for its drawing, not just the section.
    await expect.poll(() => b.page.locator('#field-map .leaflet-tooltip').count(), { timeout: 10_000 }).toBe(1); // tonight's village, named
    await expect.poll(() => b.page.locator('#field-map').getAttribute('data-tiles-kept'), { timeout: 20_000 }).not.toBeNull();
    const kept = Number(await b.page.locator('#field-map').getAttribute('data-tiles-kept'));
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBe(Number(await b.page.locator('#field-map').getAttribute('data-tiles-wanted')));
    const online = await drawnTiles(b.page);
    expect(online.length).toBeGreaterThan(0);
    expect(online.every((t) => new URL(t.src).pathname.startsWith('/tiles/'))).toBe(true);
    // The browser's own HTTP cache holds them too (a week's max-age): emptied, so only the worker's copy can answer.
    const cdp = await b.context.newCDPSession(b.page);
    await cdp.send('Network.clearBrowserCache');
    await b.page.close();

    // No signal, and the page opened again: the map's tiles come from the phone, none from the server.
    const { page, done } = await withoutSignal(b);
    const tileAnswers: boolean[] = [];
    page.on('response', (r) => new URL(r.url()).pathname.startsWith('/tiles/') && tileAnswers.push(r.fromServiceWorker()));
    const res = await page.goto(`${b.url}/report?teamId=${team.id}`);
    expect(res?.fromServiceWorker()).toBe(true);
    await page.waitForSelector('body[data-state="ready"]');
    await page.locator('#map-section').waitFor();
    // Every tile of the view is drawn: the view's zoom and place are among those kept. Polled as a
    // whole: the tiles load one by one, so one drawn says nothing yet of the others.
    await expect
      .poll(async () => {
        const offline = await drawnTiles(page);
        return offline.length > 0 ? offline.filter((t) => t.width !== 256) : ['no tile yet'];
      }, { timeout: 10_000 })
      .toEqual([]);
    await expect.poll(() => page.locator('#field-map .leaflet-tooltip').count(), { timeout: 10_000 }).toBe(1);
    expect(tileAnswers.length).toBeGreaterThan(0);
    expect(tileAnswers.every(Boolean)).toBe(true);
    if (process.env.FIELD_MAP_SCREENSHOT) await page.screenshot({ path: process.env.FIELD_MAP_SCREENSHOT, fullPage: false });
    expect(await done()).toEqual([]);
  });
});

describe("the phone's kept tiles", () => {
  it('stay within the bound: the least wanted are not kept, and tiles no longer wanted make room for new ones', async () => {
    const team = await api<{ id: number }>('POST', '/api/teams', { name: '地图上限测试队' });
    await b.signIn('partner', `/report?teamId=${team.id}`);
    await b.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    const z13 = tiles.filter((t) => t.z === 13).slice(0, 8);
    const url = (t: ArchiveTile) => `${b.url}/tiles/${t.z}/${t.x}/${t.y}.png`;
    const size = (ts: ArchiveTile[]) => ts.reduce((n, t) => n + t.bytes.length, 0);
    /** Asks the worker as the page does, and waits for its answer. */
    const keep = (urls: string[], maxBytes: number) =>
      b.page.evaluate(
        ([urls, maxBytes]) =>
          new Promise<{ kept: number; wanted: number; bytes: number }>((resolve) => {
            navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), { once: true });
            navigator.serviceWorker.controller!.postMessage({ type: 'keep-tiles', urls, maxBytes });
          }),
        [urls, maxBytes] as const,
      );
    const keptUrls = () => b.page.evaluate(async () => (await (await caches.open('film2131-report-tiles')).keys()).map((r) => r.url).filter((u) => u.includes('/tiles/')).sort());

    // Room for three of six: the first three (most wanted) are kept, whatever order the four fetched
    // at once answer in (the worker admits them in the order wanted: test/unit/keep-tiles.test.ts).
    const bound = size(z13.slice(0, 3));
    expect(await keep(z13.slice(0, 6).map(url), bound)).toEqual({ type: 'tiles-kept', kept: 3, wanted: 6, bytes: bound });
    expect(await keptUrls()).toEqual(z13.slice(0, 3).map(url).sort());
    // Two others wanted now, the bound the same: the old ones make room, oldest first, the rest stay.
    const next = z13.slice(6, 8);
    const answer = await keep(next.map(url), bound);
    expect(answer).toMatchObject({ kept: 2, wanted: 2 });
    expect(answer.bytes).toBeLessThanOrEqual(bound);
    const now = await keptUrls();
    expect(now).toEqual(expect.arrayContaining(next.map(url)));
    expect(now.length).toBeLessThanOrEqual(3);
  });
});
