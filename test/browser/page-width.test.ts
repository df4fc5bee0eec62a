// No page scrolls sideways on a phone. Each role signs in and opens every page the header offers
// it (web/src/shared/header.ts), on the Tonghai demo, in both languages: at 360 and at 390 px
// wide the document is no wider than the screen (a wide table may scroll inside a box of its
// own, the page itself does not); at 1280 px no select cuts its words short. The sign-in page and
// the villagers' confirmation page and village page likewise; the API's own docs page is not one of ours.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pages } from '../../web/src/shared/header.js';
import { browserSuite, demoUsers, pageReady, type Who } from '../helpers/browser.js';
import { NOW, TOKEN, standIn, villageView } from './village-fixture.js';
import { sample, standIn as reportsStandIn } from '../helpers/villager-reports.js';

const ZONE = 'Asia/Shanghai';
const b = browserSuite({ viewport: { width: 360, height: 740 }, timezoneId: ZONE, isMobile: true, hasTouch: true });
const LANGS = ['zh-CN', 'en'] as const;
const PHONES = [360, 390];

/** How wide the document is, and the elements that reach past the screen's right edge (the innermost). */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const past = (e: Element) => e.getBoundingClientRect().right > width + 0.5;
    /** Inside a box that scrolls or clips sideways, an element's overflow is that box's own. */
    const clipped = (e: Element) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const culprits = [...document.querySelectorAll('body *')]
      .filter((e) => past(e) && !clipped(e) && e.getClientRects().length > 0 && ![...e.children].some(past))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.split(' ').join('.')}` : ''} → ${Math.round(e.getBoundingClientRect().right)}px`);
    return { scrollWidth: document.documentElement.scrollWidth, culprits };
  });
}

/** Each visible select whose text (any option's: the one a reader may pick) is wider than the select shows. */
function cutSelects(page: Page) {
  return page.evaluate(() => {
    const cut: string[] = [];
    for (const select of document.querySelectorAll('select')) {
      if (!select.getClientRects().length || getComputedStyle(select).visibility === 'hidden') continue;
      // The same select with one option and no width of its own: as wide as that option's words.
      const probe = select.cloneNode(false) as HTMLSelectElement;
      probe.removeAttribute('id');
      probe.style.cssText = 'position:absolute;visibility:hidden;width:auto;min-width:0;max-width:none;flex:none';
      select.after(probe);
      for (const option of select.options) {
        probe.replaceChildren(option.cloneNode(true));
        if (probe.getBoundingClientRect().width > select.getBoundingClientRect().width + 0.5) cut.push(`#${select.id}: “${option.textContent}”`);
      }
      probe.remove();
    }
    return cut;
  });
}

/** Opens `path` in `lang` and waits until it is drawn (or, for a page not for this role, refused). */
async function open(page: Page, path: string, lang: string) {
  await page.goto(`${b.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  await page.waitForFunction(() => ['ready', 'forbidden'].includes(document.body.dataset.state ?? ''));
}

/** The page at each phone width: no wider than the screen. Back to 360 after. */
async function expectFitsPhones(page: Page, what: string) {
  for (const width of PHONES) {
    await page.setViewportSize({ width, height: 740 });
    const got = await overflow(page);
    expect.soft(got.scrollWidth, `${what} at ${width} px; reaching past the edge: ${got.culprits.join(', ')}`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 360, height: 740 });
}

async function expectNoCutSelect(page: Page, what: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  expect.soft(await cutSelects(page), `${what} at 1280 px`).toEqual([]);
  await page.setViewportSize({ width: 360, height: 740 });
}

/** The parts of a page that only show after a click: the report's other tabs. */
const views: Partial<Record<string, string[]>> = { '/reports': ['#tab-year', '#tab-subsidy', '#tab-programme', '#tab-villagers'] };
// issue 22 progress: the 序时进度 tab
views['/reports']!.push('#tab-progress');

describe('no page scrolls sideways on a phone', () => {
  it.each(Object.keys(demoUsers) as Who[])('as %s: every page it may open, in both languages, fits 360 and 390 px; no select is cut at 1280', async (who) => {
    const mine = pages.filter((p) => (p.roles as readonly string[]).includes(who));
    expect(mine.length).toBeGreaterThan(0);
    // The villagers' reports (/villagers) from the stand-in of their API.
    await reportsStandIn(b.page, sample());
    await b.signIn(who, '/');
    for (const { href } of mine) {
      for (const lang of LANGS) {
        const what = `${who} ${href} (${lang})`;
        await open(b.page, href, lang);
        expect(await b.page.evaluate(() => document.body.dataset.state), what).toBe('ready');
        await expectFitsPhones(b.page, what);
        await expectNoCutSelect(b.page, what);
        for (const tab of views[href] ?? []) {
          // A role's page shows only its own tabs (a partner's reports: the programme report and what villagers said).
          if (!(await b.page.isVisible(tab))) continue;
          await b.page.click(tab);
          await pageReady(b.page);
          await expectFitsPhones(b.page, `${what} ${tab}`);
          await expectNoCutSelect(b.page, `${what} ${tab}`);
        }
      }
    }
  });

  it('the English reports name the whole deployment, and the plan’s gap headings use English brackets', async () => {
    await b.signIn('admin', '/reports?lang=en');
    expect(await b.page.$eval('#area', (s: HTMLSelectElement) => s.selectedOptions[0]!.textContent)).toBe('Whole deployment');
    await open(b.page, '/plan', 'en');
    const headings = await b.page.$$eval('#gap-list .gap-group h3', (hs) => hs.map((h) => h.textContent!));
    expect(headings.length).toBeGreaterThan(0);
    for (const heading of headings) expect(heading).toMatch(/^\S.* \(\d+\)$/);
  });

  it('the sign-in page fits, in both languages', async () => {
    for (const lang of LANGS) {
      await b.page.goto(`${b.url}/login?lang=${lang}`);
      await b.page.waitForSelector('#username');
      await expectFitsPhones(b.page, `/login (${lang})`);
    }
  });

  // The public API stood in for as the contract answers it (./village-fixture.ts), with a long
  // unit name, team and titles, three films picked and the sent line showing.
  it('the village page fits, its forms used, and an unknown link’s, in both languages', async () => {
    const long = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十';
    const base = villageView();
    const view = villageView({
      unit: { id: 5, name: `${long}村`, township: `${long}街道`, county: '通海县' },
      supervisionPhone: '0877-3012131 转 2131 转 2131',
      catalogue: [{ id: 1, title: `${long}${long}`, category: 'feature', minutes: 90, year: 2024 }, { id: 2, title: 'Averyveryverylongtitlewithoutanyspacesatallinit', category: 'science', minutes: 20, year: 2025 }, ...base.catalogue],
      screenings: base.screenings.map((s) => ({ ...s, team: `${long}放映队`, programme: [{ title: `${long}${long}`, category: 'feature' }] })),
    });
    await b.page.clock.setFixedTime(NOW);
    await standIn(b.page, { view, answer: () => ({ status: 201, body: { month: view.month, filmIds: [1, 2, 100], comment: null, replaced: false } }) });
    for (const lang of LANGS) {
      await b.page.goto(`${b.url}/v/${TOKEN}?lang=${lang}`);
      await b.page.waitForSelector('body[data-village="shown"]');
      for (const id of [1, 2, 100]) await b.page.click(`#film-results li[data-film="${id}"] .vf-pick`);
      await b.page.click('#request-send');
      await b.page.waitForSelector('#request-form .vf-status[data-outcome="sent"]');
      await expectFitsPhones(b.page, `village page (${lang})`);
    }
    await b.page.unrouteAll();
    await standIn(b.page, { viewStatus: 404 });
    for (const lang of LANGS) {
      await b.page.goto(`${b.url}/v/${TOKEN}?lang=${lang}`);
      await b.page.waitForSelector('body[data-village="unknown"]');
      await expectFitsPhones(b.page, `village page, unknown link (${lang})`);
    }
  });

  it('the villagers’ confirmation page fits, open and closed, in both languages', async () => {
    const partner = b.api('partner');
    const countyTime = (minutes: number) => {
      const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + minutes * 60_000));
      const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
    };
    for (const [minutes, state] of [[-30, 'open'], [-3 * 24 * 60, 'closed']] as const) {
      const team = await partner<{ id: number }>('POST', '/api/teams', { name: `宽度测试队 ${state}` });
      const s = await partner<{ id: number }>('POST', '/api/screenings', { villageId: state === 'open' ? 3 : 5, teamId: team.id, startsAt: countyTime(minutes), notes: 'browser test, page width' });
      const { url } = await partner<{ url: string }>('GET', `/api/screenings/${s.id}/confirmation`);
      for (const lang of LANGS) {
        await b.page.goto(`${url}?lang=${lang}`);
        await b.page.waitForSelector(`body[data-confirm="${state}"]`);
        await expectFitsPhones(b.page, `confirmation page, ${state} (${lang})`);
        // Closed says when it closed, not "closed (until …)".
        if (state === 'closed' && lang === 'en') expect(await b.page.textContent('#message')).toMatch(/^Confirmations for this screening closed at .+ \d{2}:\d{2}\.$/);
      }
    }
  });
});
