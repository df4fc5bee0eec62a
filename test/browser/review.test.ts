// The review page in Debian's Chromium against the real server on the Tonghai demo data: a bureau
// user finds a flagged screening, rejects it by keyboard with a reason, and the map (the village
// no longer covered) and the subsidy (one fewer paid, one more rejected) follow; the filters live
// in the URL; the clean page is accepted at once; a partner reads its own flags and decides nothing.
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, legendCounts, mapReady, pageReady, type DemoApi } from '../helpers/browser.js';

const b = browserSuite({ timezoneId: 'Asia/Shanghai' });

interface Item {
  id: number;
  villageId: number;
  villageName: string;
  townshipId: number;
  teamId: number;
  startsAt: string;
  village: { lat: number; lng: number };
  verification: { state: string; decision: string | null; reason: string | null; flags: { code: string; severity: string }[] };
}
interface Queue {
  items: Item[];
  total: number;
}
interface Subsidy {
  teams: { counted: number }[];
  pending: { screeningId: number }[];
  rejected: { screeningId: number; reason: string }[];
}

const monthOf = (offset: number) => {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const i = y! * 12 + (m! - 1) + offset;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const paid = (s: Subsidy) => s.teams.reduce((n, t) => n + t.counted, 0);

/**
 * A completed screening without a fix that is the only screening of its unit this month, given a
 * fix 15 km away: now flagged critical (far_from_village), and the one thing that covers its village.
 */
async function flaggedAlone(api: DemoApi, admin: DemoApi) {
  for (const month of [monthOf(0), monthOf(-1)]) {
    const q = await api<Queue>('GET', `/api/review?month=${month}&state=unverified&decision=none&limit=1000`);
    for (const s of q.items) {
      const unit = await api<{ status: string; screenings: unknown[] }>('GET', `/api/coverage/villages/${s.villageId}?month=${month}`).catch(() => null);
      if (unit?.status !== 'covered' || unit.screenings.length !== 1) continue;
      const takenAt = new Date(Date.parse(s.startsAt) + 3_600_000).toISOString();
      await admin('POST', `/api/screenings/${s.id}/fix`, { lat: s.village.lat + 0.135, lng: s.village.lng, accuracy: 20, takenAt });
      return { month, item: s };
    }
  }
  throw new Error('the demo has no unverified screening alone in its unit');
}

describe('the review page', () => {
  it('lets the bureau reject a flagged screening by keyboard with a reason; the map and the subsidy follow', async () => {
    const api = b.api('bureau');
    const { month, item } = await flaggedAlone(api, b.api('admin'));
    const subsidyBefore = await api<Subsidy>('GET', `/api/reports/subsidy?month=${month}`);
    expect(subsidyBefore.pending.map((p) => p.screeningId)).toContain(item.id);

    await b.signIn('bureau', `/?month=${month}`, 'ready');
    await mapReady(b.page, { month });
    const mapBefore = await legendCounts(b.page);

    // The queue of the month and the township, worst first: the fix 15 km away is critical.
    await b.page.goto(`${b.url}/review?month=${month}&township=${item.townshipId}`);
    await pageReady(b.page);
    const row = b.page.locator(`#queue button.item[data-id="${item.id}"]`);
    // Critical, or a warning where the registry's position of the village is approximate.
    expect(await row.getAttribute('data-badge')).toMatch(/^(critical|warning)$/);
    expect(await row.textContent()).toContain('定位离村太远');
    const ids = await b.page.$$eval('#queue button.item', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)));
    for (let i = 0; i < ids.indexOf(item.id); i++) await b.page.keyboard.press('j');
    expect(await b.page.getAttribute('#detail', 'data-id')).toBe(String(item.id));
    // Its evidence: the finding in words, the fix drawn against the village.
    expect(await b.page.textContent('#detail .flag[data-code="far_from_village"] .message')).toMatch(/手机定位距村 15(\.\d)? 公里/);
    expect(await b.page.getAttribute('#fix-map', 'data-screening')).toBe(String(item.id));
    expect(await b.page.locator('#fix-map .fix-distance').textContent()).toMatch(/^15(\.\d)? km$/);

    // r asks for the reason in place; an empty one is refused there and then.
    await b.page.keyboard.press('r');
    await expect.poll(() => b.page.evaluate(() => document.activeElement?.id)).toBe('reason');
    await b.page.keyboard.press('Enter');
    expect(await b.page.textContent('.decide-status')).toBe('驳回须写明理由。');
    await b.page.keyboard.type('定位在 15 公里外，不是在村里放的');
    await b.page.keyboard.press('Enter');
    await expect.poll(() => row.getAttribute('data-badge')).toBe('rejected');
    const after = await api<Item>('GET', `/api/screenings/${item.id}`);
    expect(after.verification).toMatchObject({ decision: 'rejected', reason: '定位在 15 公里外，不是在村里放的' });
    // On to the next one, if there is one on the page.
    const at = ids.indexOf(item.id);
    expect(await b.page.getAttribute('#detail', 'data-id')).toBe(String(ids[at + 1] ?? item.id));

    // The map: the village no longer covered.
    await b.page.goto(`${b.url}/?month=${month}`);
    await mapReady(b.page, { month });
    expect(await legendCounts(b.page)).toEqual({ ...mapBefore, covered: mapBefore.covered - 1, gap: mapBefore.gap + 1 });

    // The subsidy: taken from the pending, listed as rejected with its reason; nothing more paid.
    await b.page.goto(`${b.url}/reports?view=subsidy&month=${month}`);
    await pageReady(b.page);
    expect(await b.page.locator(`table.pending tr[data-screening="${item.id}"]`).count()).toBe(0);
    expect(await b.page.locator(`table.rejected tr[data-screening="${item.id}"]`).textContent()).toContain('定位在 15 公里外');
    const shownRejected = Number((await b.page.textContent('#subsidy-rejected'))!.match(/(\d+) 场/)![1]);
    expect(shownRejected).toBe(subsidyBefore.rejected.length + 1);
    const subsidyAfter = await api<Subsidy>('GET', `/api/reports/subsidy?month=${month}`);
    expect(paid(subsidyAfter)).toBe(paid(subsidyBefore));
    expect(subsidyAfter.pending.length).toBe(subsidyBefore.pending.length - 1);
  });

  it('pays a screening once the bureau accepts it, and one fewer once it is rejected after all (a, then r, then u)', async () => {
    const api = b.api('bureau');
    const { month, item } = await flaggedAlone(api, b.api('admin'));
    const before = await api<Subsidy>('GET', `/api/reports/subsidy?month=${month}`);
    await b.signIn('bureau', `/review?month=${month}&flag=far_from_village&township=${item.townshipId}`);
    const flagged = await b.page.locator(`#queue button.item[data-id="${item.id}"]`).getAttribute('data-badge');
    await b.page.click(`#queue button.item[data-id="${item.id}"]`);
    await b.page.keyboard.press('a');
    await expect.poll(() => b.page.locator(`#queue button.item[data-id="${item.id}"]`).getAttribute('data-badge')).toBe('accepted');
    const accepted = await api<Subsidy>('GET', `/api/reports/subsidy?month=${month}`);
    expect(paid(accepted)).toBe(paid(before) + 1);

    await b.page.click(`#queue button.item[data-id="${item.id}"]`);
    await b.page.keyboard.press('r');
    await b.page.keyboard.type('照片里没有观众');
    await b.page.keyboard.press('Enter');
    await expect.poll(() => b.page.locator(`#queue button.item[data-id="${item.id}"]`).getAttribute('data-badge')).toBe('rejected');
    const rejected = await api<Subsidy>('GET', `/api/reports/subsidy?month=${month}`);
    expect(paid(rejected)).toBe(paid(accepted) - 1);
    expect(rejected.rejected.length).toBe(accepted.rejected.length + 1);

    // u takes the decision back: pending again.
    await b.page.click(`#queue button.item[data-id="${item.id}"]`);
    await b.page.keyboard.press('u');
    await expect.poll(() => b.page.locator(`#queue button.item[data-id="${item.id}"]`).getAttribute('data-badge')).toBe(flagged);
    expect((await api<Subsidy>('GET', `/api/reports/subsidy?month=${month}`)).pending.map((p) => p.screeningId)).toContain(item.id);
  });

  it('keeps its filters in the URL and shows only what they ask for', async () => {
    // Last month: a whole month reported (this month has no flagged screening on its first day).
    const month = monthOf(-1);
    await b.signIn('bureau', `/review?month=${month}&state=flagged`);
    expect(await b.page.inputValue('#f-state')).toBe('flagged');
    expect(await b.page.inputValue('#month')).toBe(month);
    const flagged = await apiGet<Queue>(b.page, `/api/review?month=${month}&state=flagged&decision=none&limit=50`);
    expect(Number(await b.page.getAttribute('#queue-count', 'data-total'))).toBe(flagged.total);
    expect(await b.page.$$eval('#queue button.item', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)))).toEqual(flagged.items.map((s) => s.id));

    // A flag: the URL says it, the list has only screenings with it.
    await b.page.selectOption('#f-flag', 'late_report');
    await expect.poll(() => new URL(b.page.url()).searchParams.get('flag')).toBe('late_report');
    await pageReady(b.page);
    const late = await apiGet<Queue>(b.page, `/api/review?month=${month}&state=flagged&decision=none&flag=late_report&limit=50`);
    expect(Number(await b.page.getAttribute('#queue-count', 'data-total'))).toBe(late.total);
    expect(late.total).toBeLessThan(flagged.total + 1);
    for (const s of late.items) expect(s.verification.flags.map((f) => f.code)).toContain('late_report');

    // A team: the same, and a reload keeps every filter.
    const team = late.items[0]?.teamId ?? flagged.items[0]!.teamId;
    await b.page.selectOption('#f-team', String(team));
    await expect.poll(() => new URL(b.page.url()).searchParams.get('team')).toBe(String(team));
    await pageReady(b.page);
    const teamIds = await b.page.$$eval('#queue button.item', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)));
    const byTeam = await apiGet<Queue>(b.page, `/api/review?month=${month}&state=flagged&decision=none&flag=late_report&teamId=${team}&limit=50`);
    expect(teamIds).toEqual(byTeam.items.map((s) => s.id));
    await b.page.reload();
    await pageReady(b.page);
    expect([await b.page.inputValue('#f-state'), await b.page.inputValue('#f-flag'), await b.page.inputValue('#f-team'), await b.page.inputValue('#month')]).toEqual([
      'flagged',
      'late_report',
      String(team),
      month,
    ]);

    // Back returns to the filters before.
    await b.page.goBack();
    await expect.poll(() => b.page.inputValue('#f-team')).toBe('');
  });

  it("checks a month again when the bureau asks, and says how many were checked", async () => {
    const month = monthOf(0);
    await b.signIn('bureau', '/review?month=all');
    // A month at a time: without one, no button.
    expect(await b.page.isVisible('#recheck')).toBe(false);
    await b.page.click('#month-now');
    await pageReady(b.page);
    expect(await b.page.textContent('#recheck')).toBe(`重新核查${new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`))}`);
    const completed = await apiGet<Queue>(b.page, `/api/review?month=${month}&limit=1`);
    await b.page.click('#recheck');
    await expect.poll(() => b.page.textContent('#recheck-status')).toBe(`已重新核查 ${completed.total} 场，0 场有变化。`);
  });

  it('accepts the page at once, leaving out what has a critical flag', async () => {
    const month = monthOf(-1);
    await b.signIn('bureau', `/review?month=${month}&state=flagged`);
    const shown = await apiGet<Queue>(b.page, `/api/review?month=${month}&state=flagged&decision=none&limit=50`);
    const clean = shown.items.filter((s) => !s.verification.flags.some((f) => f.severity === 'critical')).map((s) => s.id);
    const critical = shown.items.filter((s) => s.verification.flags.some((f) => f.severity === 'critical')).map((s) => s.id);
    expect(clean.length).toBeGreaterThan(0);
    expect(await b.page.getAttribute('#bulk-accept', 'data-count')).toBe(String(clean.length));

    await b.page.click('#bulk-accept');
    expect(await b.page.textContent('#bulk-question')).toContain(`${clean.length} 场`);
    await b.page.click('#bulk-yes');
    await expect.poll(() => b.page.textContent('#bulk-status')).toBe(`已接受 ${clean.length} 场。`);
    await pageReady(b.page);
    const api = b.api('bureau');
    for (const id of clean) expect((await api<Item>('GET', `/api/screenings/${id}`)).verification.decision, String(id)).toBe('accepted');
    for (const id of critical) expect((await api<Item>('GET', `/api/screenings/${id}`)).verification.decision, String(id)).toBeNull();
    // Off the queue of what is still to decide; the critical ones stay.
    const left = await b.page.$$eval('#queue button.item', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)));
    for (const id of clean) expect(left).not.toContain(id);
    // Worst first: the critical ones led the page, and lead it still.
    for (const id of critical) expect(left).toContain(id);
  });

  it('shows the photos (a click enlarges one) and the villagers’ ratings and comments', async () => {
    type Full = Item & { photos: { id: number; url: string }[]; confirmations: { count: number; ratings: number[]; comments: { comment: string }[] } };
    const all = await b.api('bureau')<{ items: Full[] }>('GET', '/api/review?limit=1000');
    const withPhoto = all.items.find((s) => s.photos.length)!;
    const confirmed = all.items.find((s) => s.confirmations.comments.length)!;
    expect(withPhoto, 'the demo has a screening with photos').toBeDefined();
    expect(confirmed, 'the demo has a screening with comments').toBeDefined();
    const open = async (s: Full) => {
      const month = s.startsAt.slice(0, 7);
      await b.page.goto(`${b.url}/review?state=all&month=${month}&team=${s.teamId}&township=${s.townshipId}`);
      await pageReady(b.page);
      await b.page.click(`#queue button.item[data-id="${s.id}"]`);
      expect(await b.page.getAttribute('#detail', 'data-id')).toBe(String(s.id));
    };

    await b.signIn('bureau', '/review');
    await open(withPhoto);
    expect(await b.page.$$eval('#detail .thumbs img', (imgs) => imgs.map((i) => new URL((i as HTMLImageElement).src).pathname))).toEqual(withPhoto.photos.map((p) => p.url));
    await b.page.click('#detail .thumb');
    await b.page.waitForSelector('dialog#photo-view[open] img');
    await expect.poll(() => b.page.$eval('dialog#photo-view img', (i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // The keys belong to the photo while it is open; Escape closes it.
    await b.page.keyboard.press('j');
    expect(await b.page.getAttribute('#detail', 'data-id')).toBe(String(withPhoto.id));
    await b.page.keyboard.press('Escape');
    expect(await b.page.locator('dialog#photo-view[open]').count()).toBe(0);

    // A photo used twice: both pictures side by side in the finding.
    const twice = all.items.find((s) => s.verification.flags.some((f) => f.code === 'duplicate_photo'))!;
    expect(twice, 'the demo has a photo used twice').toBeDefined();
    const params = (twice.verification.flags.find((f) => f.code === 'duplicate_photo') as unknown as { params: { photoId: number; otherPhotoId: number } }).params;
    await open(twice);
    const compared = b.page.locator('#detail .flag[data-code="duplicate_photo"] .compare img');
    expect(await compared.evaluateAll((imgs) => imgs.map((i) => new URL((i as HTMLImageElement).src).pathname))).toEqual([`/api/photos/${params.photoId}`, `/api/photos/${params.otherPhotoId}`]);
    await expect.poll(() => compared.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0))).toEqual([true, true]);

    await open(confirmed);
    expect(await b.page.textContent('#detail .confirmations h3')).toBe(`村民确认（${confirmed.confirmations.count}）`);
    expect(await b.page.textContent('#detail .ratings li[data-stars="5"] .label')).toBe(`5 星：${confirmed.confirmations.ratings[4]}`);
    expect(await b.page.$$eval('#detail .comments q', (qs) => qs.map((q) => q.textContent))).toEqual(confirmed.confirmations.comments.map((c) => c.comment));
  });

  it('shows a partner its own teams’ flags, read-only, with the way to add evidence', async () => {
    await b.signIn('partner', '/review?month=all');
    const mine = await apiGet<Queue>(b.page, '/api/review?state=flagged,unverified&decision=none&limit=50');
    expect(mine.total).toBeGreaterThan(0);
    expect(await b.page.$$eval('#queue button.item', (els) => els.map((e) => Number((e as HTMLElement).dataset.id)))).toEqual(mine.items.map((s) => s.id));
    expect(await b.page.locator('#accept, #reject, #undo, #bulk-accept:visible').count()).toBe(0);
    const first = mine.items[0]!;
    expect(await b.page.getAttribute('#add-evidence', 'href')).toBe(`/report?teamId=${first.teamId}`);
    expect(await b.page.textContent('#partner-note')).toContain('由文化局决定');
    // The decision keys do nothing: no request, no decision.
    const posts: string[] = [];
    b.page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });
    await b.page.keyboard.press('a');
    await b.page.keyboard.press('r');
    await b.page.keyboard.press('j');
    expect(posts).toEqual([]);
    expect(await b.page.getAttribute('#detail', 'data-id')).toBe(String(mine.items[1]?.id ?? first.id));
    expect((await apiGet<Item>(b.page, `/api/screenings/${first.id}`)).verification.decision).toBeNull();
  });
});
