// Accessibility: axe-core (the npm package, injected into the page) over every page at desktop
// (1280) and phone (390) width, WCAG 2.0/2.1 A and AA rules, on the Tonghai demo with each page
// signed in as a role that uses it and its data drawn. A violation of impact serious or critical
// fails the test, listed by rule and element; minor and moderate ones are not counted here.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, pageReady, type Who } from '../helpers/browser.js';
import { NOW, TOKEN, standIn, villageView } from './village-fixture.js';
import { sample, standIn as reportsStandIn } from '../helpers/villager-reports.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// bypassCSP: the pages' script-src 'self' would refuse axe's script otherwise.
const b = browserSuite({ timezoneId: 'Asia/Shanghai', bypassCSP: true });

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The serious and critical violations on the page as it is now, one line an element. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations;
  }, TAGS);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} at ${n.target.join(' ')}: ${v.help}`));
}

/** Fails listing every finding (a diff of arrays would be cut short). */
function expectNone(found: string[]) {
  expect(found.length, `\n${found.join('\n')}\n`).toBe(0);
}

/** The role that uses each page, and the state it is in once its data is drawn. */
const signedIn: { path: string; who: Who; state?: string; click?: string }[] = [
  { path: '/', who: 'bureau' },
  { path: '/plan', who: 'partner' },
  // Its two dialogs open: a screening's form, and the auto-plan's.
  { path: '/plan', who: 'partner', click: '#plan-grid .chip' },
  { path: '/plan', who: 'partner', click: '#auto-plan' },
  { path: '/report?teamId=1', who: 'partner' },
  { path: '/runsheet?teamId=1', who: 'partner' },
  { path: '/registry', who: 'bureau' },
  { path: '/films', who: 'bureau' },
  { path: '/films', who: 'partner' },
  { path: '/?campaign=1', who: 'bureau' },
  { path: '/reports', who: 'bureau' },
  { path: '/reports?view=year', who: 'bureau' },
  { path: '/reports?view=subsidy', who: 'bureau' },
  { path: '/reports?view=programme&span=year', who: 'bureau' },
  { path: '/reports?view=programme', who: 'partner' },
  { path: '/reports?view=villagers', who: 'bureau' },
  { path: '/reports?view=villagers', who: 'partner' },
  // issue 22 progress
  { path: '/reports?view=progress', who: 'bureau' },
  { path: '/review', who: 'bureau' },
  { path: '/review', who: 'partner' },
  // The villagers' reports, from the stand-in of their API (test/helpers/villager-reports.ts).
  { path: '/villagers', who: 'bureau' },
  // issue 22 statements
  { path: '/statements', who: 'bureau' },
  { path: '/setup', who: 'admin' },
  { path: '/setup', who: 'partner' },
  // The printed 公示 of a township's units (villagers' voice).
  { path: '/poster?townshipId=1', who: 'bureau' },
  // A page the role may not use: the plain message in its place.
  { path: '/plan', who: 'bureau', state: 'forbidden' },
];
// issue 22 sign-off: the sign-off page, the bureau's (its area filter) and the partner's (its Submit).
signedIn.push({ path: '/periods', who: 'bureau' }, { path: '/periods', who: 'partner' });

describe.each([1280, 390])('at %i px wide, axe-core finds nothing serious', (width) => {
  const viewport = { width, height: width > 600 ? 800 : 844 };

  const cases = signedIn.map((c) => ({ ...c, view: c.click ? `with ${c.click} clicked` : 'as it opens' }));
  it.each(cases)('on $path as $who, $view', async ({ path, who, state, click }) => {
    await b.page.setViewportSize(viewport);
    if (path.startsWith('/villagers')) await reportsStandIn(b.page, sample());
    await b.signIn(who, path, state);
    if (click) {
      await b.page.locator(click).first().click();
      await b.page.waitForSelector('dialog[open]');
    }
    expectNone(await seriousViolations(b.page));
  });

  it('on the sign-in page', async () => {
    await b.page.setViewportSize(viewport);
    await b.page.goto(`${b.url}/login`);
    await b.page.waitForSelector('#username');
    expectNone(await seriousViolations(b.page));
  });

  it('on a villagers’ confirmation page (/c/<token>)', async () => {
    const partner = b.api('partner');
    const { items } = await partner<{ items: { id: number }[] }>('GET', '/api/screenings?limit=1');
    const { url } = await partner<{ url: string }>('GET', `/api/screenings/${items[0]!.id}/confirmation`);
    await b.page.setViewportSize(viewport);
    await b.page.goto(url);
    await pageReady(b.page);
    expectNone(await seriousViolations(b.page));
  });

  // The public API stood in for as the contract answers it (./village-fixture.ts): the village's
  // page with a request picked and sent, and a replaced link's page.
  it('on a village page (/v/<token>), its forms used, and an unknown link’s', async () => {
    const view = villageView();
    await b.page.setViewportSize(viewport);
    await b.page.clock.setFixedTime(NOW);
    await standIn(b.page, { view, answer: () => ({ status: 201, body: { month: view.month, filmIds: [view.catalogue[0]!.id], comment: null, replaced: false } }) });
    await b.page.goto(`${b.url}/v/${TOKEN}`);
    await b.page.waitForSelector('body[data-village="shown"]');
    await b.page.click(`#film-results li[data-film="${view.catalogue[0]!.id}"] .vf-pick`);
    await b.page.click('#request-send');
    await b.page.waitForSelector('#request-form .vf-status[data-outcome="sent"]');
    await b.page.click('#report-send'); // no kind chosen: the refusal's colours
    expectNone(await seriousViolations(b.page));
    await b.page.unrouteAll();
    await standIn(b.page, { viewStatus: 404 });
    await b.page.goto(`${b.url}/v/${TOKEN}`);
    await b.page.waitForSelector('body[data-village="unknown"]');
    expectNone(await seriousViolations(b.page));
  });
});
