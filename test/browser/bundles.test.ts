// The pages share their code through esbuild's chunks: Leaflet (and luxon, and the kernel) is in one
// file that every page imports, so a reader going from the map to the registry fetches it once.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, pageReady } from '../helpers/browser.js';

const b = browserSuite();
const dist = path.resolve('web/dist');

/** The built .js files (entries and chunks) whose text has Leaflet's own code in it. */
async function filesWithLeaflet() {
  const names = [...(await fs.readdir(dist)), ...(await fs.readdir(path.join(dist, 'chunks'))).map((n) => `chunks/${n}`)];
  const js = names.filter((n) => n.endsWith('.js'));
  const texts = await Promise.all(js.map((n) => fs.readFile(path.join(dist, n), 'utf8')));
  // The class Leaflet's own code gives every map's container.
  return js.filter((_, i) => texts[i]!.includes('leaflet-container'));
}

describe('the bundles', () => {
  it('keep Leaflet in one shared chunk that the map and the registry both import', async () => {
    const withLeaflet = await filesWithLeaflet();
    expect(withLeaflet).toHaveLength(1);
    expect(withLeaflet[0]).toMatch(/^chunks\//);
    for (const entry of ['map.js', 'registry.js', 'plan.js']) {
      expect(await fs.readFile(path.join(dist, entry), 'utf8'), entry).toContain(withLeaflet[0]!.slice('chunks/'.length));
    }
  });

  it('fetch the Leaflet chunk once across a visit to the map and then to the registry', async () => {
    const [chunk] = await filesWithLeaflet();
    // What went over the network, as Chromium's own network log tells it: a response served from
    // the memory or disk cache is no download (the chunks are immutable: /chunks, max-age a year).
    const cdp = await b.page.context().newCDPSession(b.page);
    await cdp.send('Network.enable');
    const servedFromCache = new Set<string>();
    const seen: { requestId: string; status: number; fromDiskCache: boolean }[] = [];
    cdp.on('Network.requestServedFromCache', (e) => servedFromCache.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => {
      if (e.response.url.endsWith(`/${chunk}`)) seen.push({ requestId: e.requestId, status: e.response.status, fromDiskCache: Boolean(e.response.fromDiskCache) });
    });
    await b.signIn('admin', '/');
    await b.page.click('#app-nav a[href="/registry"]');
    await b.page.waitForURL((u) => u.pathname === '/registry');
    await pageReady(b.page);
    expect(await b.page.locator('#position-map .leaflet-pane').count()).toBeGreaterThan(0); // Leaflet ran on both pages
    const downloads = seen.filter((r) => !r.fromDiskCache && !servedFromCache.has(r.requestId));
    // Downloaded once, on the map; the registry took it from the browser's cache without asking.
    expect(downloads.map((r) => r.status)).toEqual([200]);
    expect(seen.length).toBeGreaterThanOrEqual(1);
  });
});
