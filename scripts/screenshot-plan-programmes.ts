// `npx tsx scripts/screenshot-plan-programmes.ts [out.png [width height [lang]]]`: the month plan
// with programmes on the Tonghai demo data as the demo partner (docs/plan-programmes.png, 1280×800):
// the grid's chips name their films, and the screening form is open on a new screening whose
// programme is two science shorts — the picker says why that does not count yet, beside the
// catalogue search.
import path from 'node:path';
import { launchChromium, signIn, startDemoServer } from '../test/helpers/browser.js';

const [out = 'docs/plan-programmes.png', width = '1280', height = '800', lang = 'zh-CN'] = process.argv.slice(2);

const server = await startDemoServer();
const chromium = await launchChromium([`--lang=${lang}`]);
try {
  const context = await chromium.browser.newContext({ viewport: { width: Number(width), height: Number(height) }, locale: lang, timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 });
  const page = await context.newPage();
  await signIn(page, server.url, 'partner', `/plan?lang=${lang}`);
  const cell = page.locator('td.free button.add').nth(4);
  await cell.click();
  await page.waitForSelector('#screening-dialog[open]');
  await page.selectOption('#f-village', { index: 1 });
  const search = '#f-programme-picker-search';
  for (const title of ['水稻病虫害绿色防控', '高血压的预防与治疗']) {
    await page.fill(search, title);
    await page.locator('#f-programme-picker .programme-hit', { hasText: title }).click();
  }
  await page.fill(search, '');
  await page.waitForTimeout(400);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: out, fullPage: Number(width) < 760 });
  process.stdout.write(`screenshot: ${path.resolve(out)}\n`);
} finally {
  await chromium.close();
  await server.close();
}
