// A page shows a role only what it may do. Every page, opened by its address by each role: the
// pages the header links for that role work; any other says plainly that it is not for this
// account and offers no control of its own (its writes would be refused: screenings and plans are
// the admin's and the partners', the registry and the reports the bureau's and the admin's).
// On the plan, the bureau gets no create, auto-plan, move or cancel; the partner gets them all.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, type Who } from '../helpers/browser.js';
import { sample, standIn } from '../helpers/villager-reports.js';

const b = browserSuite({ timezoneId: 'Asia/Shanghai' });

const PAGES = ['/', '/plan', '/report', '/runsheet', '/registry', '/films', '/reports', '/review', '/villagers', '/statements', '/setup'];
/** What the header links for each role (nav.test.ts): exactly these pages work. */
const uses: Record<Who, string[]> = {
  bureau: ['/', '/registry', '/films', '/reports', '/review', '/villagers', '/statements', '/setup'],
  partner: ['/', '/plan', '/report', '/runsheet', '/films', '/reports', '/review', '/setup'],
  admin: PAGES,
  // Its team's phone page, and nothing else.
  projectionist: ['/report'],
};
// issue 22 sign-off: /periods (admin, bureau, partner) follows /review; the admin's list is PAGES itself.
for (const paths of [PAGES, uses.bureau, uses.partner]) paths.splice(paths.indexOf('/review') + 1, 0, '/periods');

/** Opens a page and waits until it is drawn ("ready") or refused ("forbidden"); says which. */
async function open(page: Page, path: string): Promise<string> {
  await page.goto(`${b.url}${path}`);
  await page.waitForFunction(() => ['ready', 'forbidden'].includes(document.body.dataset.state ?? ''));
  return page.evaluate(() => document.body.dataset.state!);
}

/** The ids (or text) of the visible buttons, links and fields outside the header's own. */
const pageControls = (page: Page) =>
  page.$$eval('button, input, select, textarea, a[href]', (els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('.brand, .app-nav, .session'))
      .map((e) => e.id || e.textContent!.trim()),
  );

describe('each role’s pages', () => {
  it.each(Object.keys(uses) as Who[])('as %s: the pages it may use work; the others say so and offer nothing', async (who) => {
    // The villagers' reports (/villagers, admin and bureau) from the stand-in of their API.
    await standIn(b.page, sample());
    await b.signIn(who, '/');
    for (const path of PAGES) {
      const state = await open(b.page, path);
      if (uses[who].includes(path)) {
        expect(state, path).toBe('ready');
        continue;
      }
      expect(state, path).toBe('forbidden');
      expect(await b.page.isVisible('#forbidden'), path).toBe(true);
      expect(await b.page.textContent('#forbidden'), path).toMatch(/^您的账号无权使用此页面：它供.+使用。您可用的页面见上方导航。$/);
      expect(await pageControls(b.page), path).toEqual([]);
      // The header stays, with the way to the role's own pages.
      expect(await b.page.locator('#app-nav a').count(), path).toBe(uses[who].length);
    }
  });

  it('the plan: the bureau gets no create, auto-plan, move or cancel, in either language', async () => {
    await b.signIn('bureau', '/plan', 'forbidden');
    for (const lang of ['zh-CN', 'en']) {
      expect(await b.page.locator('#new-screening, #auto-plan, #plan-grid .add, #plan-grid .chip, [draggable="true"], #mark-cancelled:visible, #delete:visible').count(), lang).toBe(0);
      expect(await b.page.isVisible('#plan-grid'), lang).toBe(false);
      expect(await b.page.isVisible('#gap-list'), lang).toBe(false);
      if (lang === 'zh-CN') {
        expect(await b.page.textContent('#forbidden')).toBe('您的账号无权使用此页面：它供管理员和放映公司使用。您可用的页面见上方导航。');
        await b.page.click('#lang');
      } else expect(await b.page.textContent('#forbidden')).toBe('Your account may not use this page. It is for: Administrator and Partner company. The pages you may use are linked above.');
    }
  });

  it('the plan: the partner gets create, auto-plan, move and cancel', async () => {
    await b.signIn('partner', '/plan');
    expect(await b.page.isVisible('#new-screening')).toBe(true);
    expect(await b.page.isVisible('#auto-plan')).toBe(true);
    expect(await b.page.locator('#plan-grid .add').count()).toBeGreaterThan(0);
    const movable = b.page.locator('#plan-grid .chip[data-status="scheduled"][draggable="true"]').first();
    await movable.click();
    expect(await b.page.isVisible('#screening-dialog')).toBe(true);
    expect(await b.page.isVisible('#mark-cancelled')).toBe(true);
  });

  it('the review: the partner decides nothing, and is shown the way to add evidence', async () => {
    await b.signIn('partner', '/review');
    await b.page.waitForSelector('#add-evidence');
    expect(await b.page.locator('#accept:visible, #reject:visible, #bulk-accept:visible, #recheck:visible, #keys:visible').count()).toBe(0);
  });

  it('the review: the bureau decides, and is not sent to add evidence', async () => {
    await b.signIn('bureau', '/review');
    await b.page.waitForSelector('#accept');
    expect(await b.page.isVisible('#bulk-accept')).toBe(true);
    expect(await b.page.locator('#add-evidence').count()).toBe(0);
  });
});
