// `npm run screenshot [-- out.png [width height]]`: the map on the Tonghai demo data, as the bureau
// sees it, into docs/map.png (1280×800). The server runs in-process on a fresh temporary data
// directory; tiles are unreachable here, so the picture shows the offline look (plain background,
// township labels, the "base map unavailable" note).
import path from 'node:path';
import { launchChromium, signIn, startDemoServer } from '../test/helpers/browser.js';

const [out = 'docs/map.png', width = '1280', height = '800'] = process.argv.slice(2);

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
  await signIn(page, server.url, 'bureau');
  await page.mouse.move(0, 0); // no hover tooltip in the picture
  await page.screenshot({ path: out, fullPage: Number(width) < 760 });
  process.stdout.write(`screenshot: ${path.resolve(out)}\n`);
} finally {
  await chromium.close();
  await server.close();
}
