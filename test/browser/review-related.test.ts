// The review page in Debian's Chromium on the Tonghai demo: it opens on the county's current month
// (month=all, or a month in the URL, still ask for others), and a finding about another screening
// names that screening by village, date and team, as a link that opens it here.
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, pageReady } from '../helpers/browser.js';

const b = browserSuite({ timezoneId: 'Asia/Shanghai' });

interface Flag {
  code: string;
  params: Record<string, number>;
  related?: { screeningId: number; villageName: string; startsAt: string; teamName: string } | null;
}
interface Item {
  id: number;
  villageName: string;
  teamId: number;
  teamName: string;
  townshipId: number;
  startsAt: string;
  verification: { flags: Flag[] };
}
interface Queue {
  items: Item[];
  total: number;
}

/** The county's month now (the demo's zone is the browser's here). */
const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
const queueTotal = async () => Number(await b.page.getAttribute('#queue-count', 'data-total'));

describe('the review page', () => {
  it('opens on the current month; month=all and a month in the URL still work', async () => {
    const month = thisMonth();
    await b.signIn('bureau', '/review');
    await pageReady(b.page);
    expect(new URL(b.page.url()).searchParams.get('month')).toBe(month);
    expect(await b.page.inputValue('#month')).toBe(month);
    expect(await b.page.getAttribute('#month-all', 'aria-pressed')).toBe('false');
    const ofMonth = await apiGet<Queue>(b.page, `/api/review?month=${month}&state=flagged,unverified&decision=none&limit=1`);
    expect(await queueTotal()).toBe(ofMonth.total);

    // Every month: asked for by the button, kept in the URL as month=all, and by a reload.
    await b.page.click('#month-all');
    await expect.poll(() => new URL(b.page.url()).searchParams.get('month')).toBe('all');
    await pageReady(b.page);
    const every = await apiGet<Queue>(b.page, '/api/review?state=flagged,unverified&decision=none&limit=1');
    await expect.poll(queueTotal).toBe(every.total);
    expect(every.total).toBeGreaterThan(ofMonth.total);
    await b.page.reload();
    await pageReady(b.page);
    expect(await b.page.getAttribute('#month-all', 'aria-pressed')).toBe('true');
    expect(await queueTotal()).toBe(every.total);

    // A month in the URL is the month shown.
    const [y, m] = month.split('-').map(Number);
    const last = m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
    await b.page.goto(`${b.url}/review?month=${last}`);
    await pageReady(b.page);
    expect(await b.page.inputValue('#month')).toBe(last);
    expect(await queueTotal()).toBe((await apiGet<Queue>(b.page, `/api/review?month=${last}&state=flagged,unverified&decision=none&limit=1`)).total);
  });

  it('names the screening a photo was used for before by village, date and team, as a link that opens it', async () => {
    await b.signIn('bureau', '/review?month=all&state=all&flag=duplicate_photo');
    const all = await apiGet<Queue>(b.page, '/api/review?flag=duplicate_photo&limit=100');
    const twice = all.items.find((s) => s.verification.flags.some((f) => f.code === 'duplicate_photo' && f.related))!;
    expect(twice, 'the demo has a photo used twice').toBeDefined();
    const flag = twice.verification.flags.find((f) => f.code === 'duplicate_photo')!;
    const other = flag.related!;
    expect(other.screeningId).toBe(flag.params.otherScreeningId);
    const otherItem = (await apiGet<Queue>(b.page, `/api/review?screeningId=${other.screeningId}`)).items[0]!;
    expect(other).toMatchObject({ villageName: otherItem.villageName, teamName: otherItem.teamName, startsAt: otherItem.startsAt });

    await b.page.click(`#queue button.item[data-id="${twice.id}"]`);
    const finding = b.page.locator('#detail .flag[data-code="duplicate_photo"]');
    const link = finding.locator('.message a.related-screening');
    const [, y, mo, d, hm] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(other.startsAt)!;
    // The village, the date and time in the county, the team: no screening number anywhere.
    expect(await link.textContent()).toBe(`${other.villageName} ${y}年${Number(mo)}月${Number(d)}日 ${hm}（${other.teamName}）`);
    const message = (await finding.locator('.message').textContent())!;
    expect(message).not.toMatch(new RegExp(`第 ?${other.screeningId} ?场|(^|\\D)${other.screeningId}(\\D|$)`));
    expect(message).not.toMatch(/照片 \d/);
    expect(await finding.locator('.compare figcaption').last().textContent()).toContain(other.villageName);
    const href = new URL((await link.getAttribute('href'))!, b.url);
    expect(href.pathname).toBe('/review');
    expect(Object.fromEntries(href.searchParams)).toMatchObject({ month: other.startsAt.slice(0, 7), state: 'all', screening: String(other.screeningId) });

    // The link opens that screening here: alone in the list, its evidence beside it, the way back.
    await link.click();
    await expect.poll(() => b.page.getAttribute('#detail', 'data-id')).toBe(String(other.screeningId));
    expect(new URL(b.page.url()).searchParams.get('screening')).toBe(String(other.screeningId));
    // The list is drawn after the detail: waited for, not read at once.
    await expect.poll(() => b.page.$$eval('#queue button.item', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)))).toEqual([other.screeningId]);
    expect(await b.page.isVisible('#only-one')).toBe(true);
    // Its own finding links back to the first.
    expect(await b.page.getAttribute('#detail .flag[data-code="duplicate_photo"] a.related-screening', 'data-screening')).toBe(String(twice.id));
    await b.page.click('#show-queue');
    await expect.poll(() => new URL(b.page.url()).searchParams.get('screening')).toBeNull();
    expect(await b.page.isVisible('#only-one')).toBe(false);

    // In English too.
    await b.page.goto(`${b.url}/review?month=all&state=all&screening=${twice.id}&lang=en`);
    await pageReady(b.page);
    const en = b.page.locator('#detail .flag[data-code="duplicate_photo"] .message');
    const enMonth = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(mo) - 1];
    expect(await en.locator('a.related-screening').textContent()).toBe(`${other.villageName}, ${Number(d)} ${enMonth} ${y}, ${hm} (${other.teamName})`);
    expect(await en.textContent()).toMatch(/^A photo of this screening is the same picture as a photo of the screening at /);
  });
});
