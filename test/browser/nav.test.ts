// The map's header links to the pages each role works in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, mapReady, signIn, startDemoServer, type Chromium, type DemoServer } from './helpers.js';

let server: DemoServer;
let chromium: Chromium;

beforeAll(async () => {
  [server, chromium] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe('page navigation', () => {
  it.each([
    ['bureau', ['/', '/registry', '/reports']],
    ['partner', ['/', '/plan', '/report']],
    ['admin', ['/', '/plan', '/report', '/registry', '/reports']],
  ] as const)('a %s sees links to %j, the map marked current', async (who, hrefs) => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    try {
      await signIn(page, server.url, who);
      await mapReady(page);
      const links = page.locator('#app-nav a');
      expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(hrefs);
      expect(await page.locator('#app-nav a[aria-current="page"]').getAttribute('href')).toBe('/');
    } finally {
      await context.close();
    }
  });
});
