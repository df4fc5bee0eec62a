// The projectionist's report page on a phone-sized Chromium against the real server on the
// Tonghai demo data: a report made with the network cut waits on the phone and is sent when the
// network returns; a report whose first answer is lost is sent again and still stored once.
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';

interface Screening {
  id: number;
  status: string;
  audience: number | null;
  version: number;
}

const ZONE = 'Asia/Shanghai';
const TEAM = 1;

// Without the page's service worker: page.route() does not see requests from a page a worker
// controls, and the lost answer below is made with it (test/browser/field-evidence.test.ts drives
// the page with its worker).
const b = browserSuite({ viewport: { width: 390, height: 844 }, timezoneId: ZONE, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
const api = b.api('partner');

/** Yesterday on the county's calendar, so the screening has started and shows on the page. */
function yesterday() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** A screening of team 1 yesterday at a morning hour no demo screening uses (they are all at 19:00 or 19:30). */
const scheduleYesterday = (time: string) =>
  api<Screening>('POST', '/api/screenings', { villageId: 1, teamId: TEAM, startsAt: `${yesterday()}T${time}`, notes: 'browser test' });

const openReport = (query = `?teamId=${TEAM}`) => b.signIn('partner', `/report${query}`);

async function reportDone(id: number, audience: number) {
  const card = b.page.locator(`li.card[data-id="${id}"]`);
  await card.locator('[data-action=done]').click();
  await card.locator('input[name=audience]').fill(String(audience));
  await card.locator('button[type=submit]').click();
  return card;
}

const outbox = () => b.page.evaluate(() => JSON.parse(localStorage.getItem('film2131.report.outbox') ?? '[]') as { key: string; state: string }[]);

describe('the field report', () => {
  it('keeps a report made offline on the phone and sends it once when the network returns', async () => {
    const s = await scheduleYesterday('09:00');
    await openReport();
    // Yesterday's, started and not reported: the first thing the page lists.
    await b.page.locator(`#unreported li.card[data-id="${s.id}"]`).waitFor();

    await b.context.setOffline(true);
    await expect.poll(() => b.page.textContent('#connection')).toContain('没有网络');
    const card = await reportDone(s.id, 123);
    await expect.poll(() => card.locator('.send-state').textContent()).toBe('等待发送');
    expect(await card.getAttribute('data-status')).toBe('completed');
    const queued = await outbox();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.key).toMatch(/^[0-9a-f-]{16,}$/);
    await b.page.waitForTimeout(2500); // a retry timer may run meanwhile; it must not lose the report
    expect(await api<Screening>('GET', `/api/screenings/${s.id}`)).toMatchObject({ status: 'scheduled', version: s.version });

    await b.context.setOffline(false);
    await expect.poll(() => card.locator('.send-state').textContent(), { timeout: 15_000 }).toBe('已发送');
    const stored = await api<Screening>('GET', `/api/screenings/${s.id}`);
    // Exactly one change: completed with the audience, one version on.
    expect(stored).toMatchObject({ status: 'completed', audience: 123, version: s.version + 1 });
    expect((await outbox()).map((r) => r.state)).toEqual(['sent']);

    // The team is remembered on this phone.
    await b.page.goto(`${b.url}/report`);
    await b.page.waitForSelector('body[data-state="ready"]');
    expect(await b.page.inputValue('#team')).toBe(String(TEAM));
    expect(await b.page.locator(`li.card[data-id="${s.id}"] .badge`).textContent()).toBe('已放映');
  });

  it('lists the team’s older unreported screenings under 未回报, reportable offline from the kept list', async () => {
    // Four days ago, started and never reported: this month's or last month's, before yesterday.
    const day = new Date(Date.parse(`${yesterday()}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
    const late = await api<Screening>('POST', '/api/screenings', { villageId: 2, teamId: TEAM, startsAt: `${day}T10:00`, notes: 'browser test, late' });
    await openReport();
    const card = b.page.locator(`#unreported li.card[data-id="${late.id}"]`);
    await card.waitFor();
    expect(await b.page.textContent('#unreported-title')).toMatch(/^未回报（\d+）$/);
    expect(await card.locator('.badge').textContent()).toBe('逾期未报');
    expect(await card.locator('.date').textContent()).toContain(`${Number(day.slice(5, 7))}/${Number(day.slice(8))}`);
    // Only what is owed: every card there is before today and still scheduled.
    const ids = (await b.page.locator('#unreported li.card').evaluateAll((cards) => cards.map((c) => Number(c.getAttribute('data-id')))));
    for (const id of ids) expect((await api<Screening>('GET', `/api/screenings/${id}`)).status).toBe('scheduled');
    expect(await b.page.locator(`#today li.card[data-id="${late.id}"], #yesterday li.card[data-id="${late.id}"]`).count()).toBe(0);
    const before = Number((await b.page.textContent('#unreported-title'))!.replace(/\D/g, ''));

    // No signal: the page reads its kept list again and still offers the report.
    await b.context.setOffline(true);
    await b.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await expect.poll(() => b.page.isVisible('#load-note')).toBe(true);
    expect(await card.count()).toBe(1);
    await card.locator('[data-action=done]').click();
    await card.locator('input[name=audience]').fill('45');
    await card.locator('button[type=submit]').click();
    await expect.poll(() => card.locator('.send-state').textContent()).toBe('等待发送');
    expect(await b.page.textContent('#unreported-title')).toBe(`未回报（${before - 1}）`);

    await b.context.setOffline(false);
    // Once the server has it, the card is where the server's answer puts it (evidence still missing), and only there.
    const sent = b.page.locator(`li.card[data-id="${late.id}"]`);
    await expect.poll(() => sent.locator('.send-state').textContent(), { timeout: 15_000 }).toBe('已发送');
    expect(await api<Screening>('GET', `/api/screenings/${late.id}`)).toMatchObject({ status: 'completed', audience: 45 });
    await expect.poll(() => b.page.locator(`#needs-evidence li.card[data-id="${late.id}"]`).count()).toBe(1);
    expect(await sent.count()).toBe(1);

    // The next visit lists only what is still unreported.
    await b.page.goto(`${b.url}/report?teamId=${TEAM}`);
    await b.page.waitForSelector('body[data-state="ready"]');
    await b.page.locator('#unreported li').first().waitFor();
    expect(await b.page.locator(`#unreported li.card[data-id="${late.id}"]`).count()).toBe(0);
  });

  it('stores a report once when its first answer is lost and it is sent again', async () => {
    const s = await scheduleYesterday('13:00');
    await openReport();
    let patches = 0;
    // The first PATCH reaches the server, which stores it, but the answer never reaches the phone.
    await b.page.route('**/api/screenings/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      patches++;
      if (patches > 1) return route.continue();
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    const card = await reportDone(s.id, 77);
    await expect.poll(() => card.locator('.send-state').textContent(), { timeout: 15_000 }).toBe('已发送');
    expect(patches).toBe(2);
    const stored = await api<Screening>('GET', `/api/screenings/${s.id}`);
    expect(stored).toMatchObject({ status: 'completed', audience: 77, version: s.version + 1 });
  });
});
