// `npm run screenshot [-- out.png [width height [path who]]]`: the map on the Tonghai demo data, as
// the bureau sees it, into docs/map.png (1280×800); or another page as another demo user
// (`-- docs/setup.png 1280 800 /setup admin`). The server runs in-process on a fresh temporary
// data directory; tiles are unreachable here, so the map shows the offline look (plain background,
// township labels, the "base map unavailable" note).
import path from 'node:path';
import { demoUsers, launchChromium, signIn, startDemoServer, type Who } from '../test/helpers/browser.js';

const [out = 'docs/map.png', width = '1280', height = '800', next = '/', who = 'bureau'] = process.argv.slice(2);
if (!(who in demoUsers)) throw new Error(`who: one of ${Object.keys(demoUsers).join(', ')}`);

const server = await startDemoServer();
const chromium = await launchChromium(['--lang=zh-CN']);
try {
  const context = await chromium.browser.newContext({
    viewport: { width: Number(width), height: Number(height) },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  await signIn(page, server.url, who as Who, next);
  await page.mouse.move(0, 0); // no hover tooltip in the picture
  // SCREENSHOT_AT=<selector>: the viewport with that element on top (e.g. the phone page's #map-section), not the whole page.
  const at = process.env.SCREENSHOT_AT;
  if (at) {
    await page.locator(at).waitFor();
    await page.waitForTimeout(500); // the map's tiles and labels settle
    await page.locator(at).evaluate((e) => e.scrollIntoView({ block: 'start' }));
  }
  await page.screenshot({ path: out, fullPage: !at && Number(width) < 760 });
  process.stdout.write(`screenshot: ${path.resolve(out)}\n`);
} finally {
  await chromium.close();
  await server.close();
}
