// The statements pages (DOMAIN.md "Periods and settlement") in Debian's Chromium on the Tonghai
// demo: /statements refuses to issue a round whose months are not locked, naming each with a link
// to its sign-off on /periods; once a quarter is locked (written past the sign-off: that page is
// another lane's), it issues, lists the statement and opens it at /statement as the A4 document,
// with its totals, the signature lines and the downloads; printed, it is A4.
import { describe, expect, it } from 'vitest';
import { shiftMonth } from '../../domain/months.js';
import { roundMonths, roundOf } from '../../domain/periods.js';
import { currentMonth, monthRange } from '../../server/months.js';
import { browserSuite, pageReady } from '../helpers/browser.js';

const b = browserSuite({ timezoneId: 'Asia/Shanghai' });

// The two quarters, relative to this month in the county's zone (the page lists the rounds of the
// last 24 months). The demo (server/demo/periods.ts) locks the months from the first of the
// quarter its screenings begin in (three months back) to three months back, leaves two back
// submitted and the last month open. The quarter five months back ends at most three months back,
// so its months are the demo's locked ones or older than its data, never its submitted or open
// month: the test locks them all and issues (the demo has settled it itself when three months back
// ends a quarter: the "demo's own" below; otherwise it has no statement). The quarter before it
// ends at least six months back, before any of the demo's periods: all three of its months are
// unlocked, so the refusal names each. At any date, the first day of a month, quarter or year included.
const THIS_MONTH = currentMonth('Asia/Shanghai');
const LOCKED = roundOf(shiftMonth(THIS_MONTH, -5), 'quarter');
const UNLOCKED = roundOf(shiftMonth(THIS_MONTH, -8), 'quarter');

describe('the statements pages', () => {
  it('refuse an unlocked round with links to /periods, then issue a locked one and show it as an A4 statement', async () => {
    const db = b.server.running.database.knex;
    const county = await db('areas').where({ code: '530423' }).first('id');
    await b.signIn('bureau', `/statements?countyId=${county.id}&kind=quarter&round=${UNLOCKED}`);
    expect(await b.page.textContent('h1')).toBe('补贴结算单');
    await b.page.click('#issue');
    await b.page.waitForSelector('#refused:not([hidden])');
    const links = await b.page.$$eval('#refused a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(roundMonths(UNLOCKED)!.map((m) => `/periods?month=${m}&areaId=${county.id}`));

    // The demo left the months of the other quarter locked or without a period (not submitted, not open).
    const states = await db('periods').where({ county_id: county.id }).whereIn('month', roundMonths(LOCKED)!).pluck('state');
    expect(states.filter((s) => s !== 'locked')).toEqual([]);

    for (const m of roundMonths(LOCKED)!) {
      const r = monthRange(m, 'Asia/Shanghai');
      await db('periods').insert({ county_id: county.id, month: m, starts_at: r.start.toJSDate(), ends_at: r.end.toJSDate(), state: 'locked', approved_levels: ['county'] }).onConflict(['county_id', 'month']).merge({ state: 'locked' });
    }
    await b.page.selectOption('#round', LOCKED);
    // The choice marks the page loading at once, and ready when its answer is drawn.
    await pageReady(b.page);
    // None yet, or the demo's own (it settles its first quarter when every month of it is locked).
    const before = await b.page.locator('.statements-table tbody tr').count();
    expect(before === 0 ? await b.page.isVisible('#none') : await b.page.locator('.statements-table tbody tr.current').count()).toBeTruthy();
    await b.page.click('#issue');
    // The issued statement's number is said once the list is drawn again (a current row may be there
    // before: the demo's own, which this one supersedes).
    await b.page.waitForFunction(() => document.querySelector('#issued-status')?.textContent);
    const said = (await b.page.textContent('#issued-status')) ?? '';
    expect(await b.page.locator('.statements-table tbody tr.current').count()).toBe(1);
    expect(said).toContain((await b.page.textContent('.statements-table tbody tr.current td')) ?? 'no number');
    const href = await b.page.getAttribute('.statements-table tbody tr.current a', 'href');
    expect(href).toMatch(/^\/statement\?id=\d+$/);

    await b.page.goto(`${b.url}${href}`);
    await pageReady(b.page);
    const text = (await b.page.textContent('#sheet')) ?? '';
    expect(text).toContain('农村电影公益放映补贴结算单');
    expect(text).toContain('通海县');
    for (const line of ['经办人（签字）', '审核人（签字）', '财务负责人（签字）', '单位负责人（签字）', '日期', '单位盖章']) expect(text).toContain(line);
    const id = href!.split('=')[1];
    const api = await b.page.evaluate(async (i) => (await fetch(`/api/statements/${i}`)).json(), id);
    expect(await b.page.textContent('tr.total td:nth-child(5)')).toBe(api.totals.gross.toFixed(2));
    expect(await b.page.getAttribute('#csv', 'href')).toBe(`/api/statements/${id}?format=csv`);
    // Printed: A4 portrait pages, the toolbar left out.
    await b.page.emulateMedia({ media: 'print' });
    expect(await b.page.isVisible('#toolbar')).toBe(false);
    const pdf = await b.page.pdf({ preferCSSPageSize: true });
    const sizes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(sizes.length).toBeGreaterThan(0);
    for (const s of sizes) expect(s).toEqual([595, 842]);
  });
});
