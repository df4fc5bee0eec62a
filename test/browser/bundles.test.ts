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
    const fetched: { page: string; status: number }[] = [];
    b.page.on('response', (r) => {
      if (r.url().endsWith(`/${chunk}`)) fetched.push({ page: new URL(b.page.url()).pathname, status: r.status() });
    });
    await b.signIn('admin', '/');
    await b.page.click('#app-nav a[href="/registry"]');
    await b.page.waitForURL((u) => u.pathname === '/registry');
    await pageReady(b.page);
    expect(await b.page.locator('#position-map .leaflet-pane').count()).toBeGreaterThan(0); // Leaflet ran on both pages
    // Downloaded (200) once; the second page takes it from the browser's cache (at most a 304 revalidation).
    expect(fetched.filter((f) => f.status === 200)).toHaveLength(1);
    expect(fetched.every((f) => f.status === 200 || f.status === 304)).toBe(true);
  });
});
