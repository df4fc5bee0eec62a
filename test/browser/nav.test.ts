// The top bar is one component on every page: it shows each role exactly the pages that role may
// use (the map and setup for everyone, each role its own sections there; plan, field report and run
// sheet for admin and partner; the registry for admin and bureau; the film catalogue for all three,
// the partner reading it; the reports for admin and bureau and (its programme report and what villagers said) a
// partner; the review for all, a
// partner reading its own teams' flags; the villagers' reports for admin and bureau), the page itself marked
// current; no page's HTML carries a bar of its own.
import { describe, expect, it } from 'vitest';
import { browserSuite, pageReady } from '../helpers/browser.js';
import { sample, standIn } from '../helpers/villager-reports.js';

const b = browserSuite();

const rolePages = {
  bureau: ['/', '/registry', '/films', '/reports', '/review', '/villagers', '/statements', '/setup'],
  partner: ['/', '/plan', '/report', '/runsheet', '/films', '/reports', '/review', '/setup'],
  admin: ['/', '/plan', '/report', '/runsheet', '/registry', '/films', '/reports', '/review', '/villagers', '/statements', '/setup'],
} as const;
// issue 22 sign-off: /periods (admin, bureau, partner) follows /review in the navigation.
for (const paths of Object.values(rolePages) as unknown as string[][]) paths.splice(paths.indexOf('/review') + 1, 0, '/periods');

describe('the page header', () => {
  it.each(Object.entries(rolePages))('shows a %s links to exactly %j, on each of those pages the same header', async (who, paths) => {
    // The villagers' reports (/villagers, admin and bureau) from the stand-in of their API.
    await standIn(b.page, sample());
    await b.signIn(who as keyof typeof rolePages, '/');
    const shapes = new Set<string>();
    for (const path of paths) {
      await b.page.goto(`${b.url}${path}`);
      await pageReady(b.page);
      const header = await b.page.$eval('#app-header', (el) => ({
        links: [...el.querySelectorAll('nav a')].map((a) => new URL((a as HTMLAnchorElement).href).pathname),
        current: [...el.querySelectorAll('nav a[aria-current="page"]')].map((a) => new URL((a as HTMLAnchorElement).href).pathname),
        user: el.querySelector('.session .user')?.textContent,
        // What the kernel puts there, leaving out the page's own controls.
        shape: [...el.children].filter((c) => !c.classList.contains('controls')).map((c) => `${c.tagName}.${c.className}(${[...c.children].map((x) => x.tagName).join()})`),
      }));
      expect(header.links, path).toEqual(paths);
      expect(header.current, path).toEqual([path]);
      expect(header.user, path).toBe(who);
      shapes.add(header.shape.join(' '));
    }
    expect([...shapes]).toHaveLength(1);
    expect([...shapes][0]).toMatch(/^DIV\.brand\(H1,P\) NAV\.app-nav\(A(,A)*\) DIV\.session\(BUTTON,SPAN,BUTTON\)$/);
  });

  it('is not written into any page’s HTML: each page has only the placeholder the kernel fills', async () => {
    for (const path of ['/', '/plan', '/report', '/runsheet', '/registry', '/films', '/reports', '/review', '/villagers', '/statements', '/setup']) {
      const html = await (await fetch(`${b.url}${path}`)).text();
      expect(html, path).toMatch(/<header id="app-header" class="topbar[^"]*">/);
      expect(html, path).not.toMatch(/id="(app-nav|lang|user|sign-out)"/);
    }
  });
});
