// A signed-off month on the pages other than /plan and /periods (issue 22): once the county-month
// is locked through the API (every screening reported, the partner submits, the bureau approves),
// the phone page's cards of it say so and offer no report, fix, photo or QR code; a photo the phone
// held back without signal is refused 409 period-locked, never tried again, said plainly and
// dropped; the review page marks its screenings, offers no decision, leaves them out of the bulk
// accept and shows a refusal that comes anyway (a month locked while the page was open); the run
// sheet prints no QR code for it; and the villagers' page thanks the villager instead of refusing.
// Real server on the Tonghai demo, real clock: the month locked is the last one, which has ended.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';

const ZONE = 'Asia/Shanghai';
const b = browserSuite({ timezoneId: ZONE });
const admin = b.api('admin');
const bureau = b.api('bureau');
const partner = b.api('partner');

interface Screening {
  id: number;
  version: number;
  status: string;
  locked: boolean;
  verification: { decision: string | null } | null;
}
interface Period {
  countyId: number;
  month: string;
  state: string;
}

/** The county's month `offset` months from this one (YYYY-MM). */
function monthOf(offset: number) {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const i = y! * 12 + (m! - 1) + offset;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
const LAST = monthOf(-1);
const [lastYear, lastMonth] = LAST.split('-').map(Number);
/** How the Chinese pages write the locked month (formatMonth). */
const LAST_ZH = `${lastYear}年${lastMonth}月`;

const jpeg = () => sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 160, g: 90, b: 30 } } }).jpeg({ quality: 80 }).toBuffer();

async function county(): Promise<number> {
  const periods = await bureau<{ items: Period[] }>('GET', `/api/periods?month=${LAST}`);
  expect(periods.items).toHaveLength(1);
  return periods.items[0]!.countyId;
}

/** Every screening of the month reported, submitted by the partner, approved by the bureau: locked. */
async function lock() {
  const scheduled = await admin<{ items: Screening[] }>('GET', `/api/screenings?month=${LAST}&status=scheduled&limit=1000`);
  for (const s of scheduled.items) await admin('PATCH', `/api/screenings/${s.id}`, { status: 'completed', audience: 30 });
  const id = await county();
  await partner('POST', `/api/periods/${id}/${LAST}/submit`, {});
  const approved = await bureau<Period>('POST', `/api/periods/${id}/${LAST}/approve`, {});
  expect(approved.state).toBe('locked');
}

const reopen = async () => bureau('POST', `/api/periods/${await county()}/${LAST}/reopen`, { reason: 'browser test: locked again below' });

let teams = 0;
/** A completed screening of last month, on a team of the partner's own (no slot taken), without evidence. */
async function completed(day: number) {
  const team = await partner<{ id: number }>('POST', '/api/teams', { name: `锁定测试队 ${++teams}` });
  const s = await partner<Screening>('POST', '/api/screenings', { villageId: 5, teamId: team.id, startsAt: `${LAST}-${String(day).padStart(2, '0')}T19:30`, notes: 'browser test, locked month' });
  const done = await partner<Screening>('PATCH', `/api/screenings/${s.id}`, { status: 'completed', audience: 60 }, { 'If-Match': `"${s.version}"` });
  return { teamId: team.id, ...done };
}

describe('a signed-off month on the pages', () => {
  it('the phone page: a photo held back without signal is refused once the month locks, said and dropped; the cards say the month is signed off and offer nothing', async () => {
    const needs = await completed(12);
    const rejected = await completed(13);
    await bureau('POST', `/api/screenings/${rejected.id}/review`, { decision: 'rejected', reason: 'browser test: no evidence' });

    await b.signIn('partner', `/report?teamId=${needs.teamId}`);
    const card = b.page.locator(`#needs-evidence li.card[data-id="${needs.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-locked')).toBeNull();

    // Without signal, a photo for the screening waits on the phone; meanwhile the month is signed off.
    await b.context.setOffline(true);
    await card.locator('input[data-action=photos]').setInputFiles({ name: 'late.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
    await expect.poll(() => card.locator('.ev-photo').getAttribute('data-state')).toBe('waiting');
    await lock();
    await b.context.setOffline(false);

    // The signal back: refused for good (409 period-locked), said at the top in plain words, not retried.
    const notice = b.page.locator('#locked-refused');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain(`${LAST_ZH} 已签核锁定，不再接受改动`);
    expect(await notice.getAttribute('data-count')).toBe('1');
    expect(await b.page.isVisible('#pending')).toBe(false);
    expect(await b.server.running.database.knex('screening_photos').where({ screening_id: needs.id })).toHaveLength(0);
    await b.page.click('#locked-refused-ok');
    await expect.poll(() => notice.isVisible()).toBe(false);
    expect(await b.page.evaluate(() => new Promise<number>((resolve) => {
      const req = indexedDB.open('film2131-field', 1);
      req.onsuccess = () => {
        const all = req.result.transaction('evidence').objectStore('evidence').getAll();
        all.onsuccess = () => resolve(all.result.length);
      };
    }))).toBe(0);

    // Read again: the screening needing evidence is no longer a job; the rejected one says why nothing is offered.
    await b.page.reload();
    await b.page.waitForSelector('body[data-state="ready"]');
    expect(await b.page.locator(`li.card[data-id="${needs.id}"]`).count()).toBe(0);
    await b.page.goto(`${b.url}/report?teamId=${rejected.teamId}`);
    await b.page.waitForSelector('body[data-state="ready"]');
    const locked = b.page.locator(`#rejected li.card[data-id="${rejected.id}"]`);
    await locked.waitFor();
    expect(await locked.getAttribute('data-locked')).toBe('true');
    expect(await locked.locator('.locked-note').textContent()).toBe(`${LAST_ZH} 已签核：这场不能再回报、补定位或照片。`);
    expect(await locked.locator('[data-action], input, button').count()).toBe(0);

    // The run sheet of that month prints no QR code for it, and says why.
    await b.page.goto(`${b.url}/runsheet?teamId=${rejected.teamId}&month=${LAST}`);
    await b.page.waitForSelector('body[data-state="ready"]');
    expect(await b.page.getAttribute(`td.qr-cell[data-id="${rejected.id}"]`, 'data-locked')).toBe('true');
    expect(await b.page.locator(`td.qr-cell[data-id="${rejected.id}"] svg`).count()).toBe(0);
    expect(await b.page.locator(`td.qr-cell[data-id="${rejected.id}"]`).textContent()).toBe('已签核');
    expect(await b.page.textContent('#sheet-note')).toContain(`${LAST_ZH} 已签核锁定`);

    // The phone page in English too.
    await b.page.goto(`${b.url}/report?teamId=${rejected.teamId}&lang=en`);
    await b.page.waitForSelector('body[data-state="ready"]');
    expect(await b.page.locator(`li.card[data-id="${rejected.id}"] .locked-note`).textContent()).toMatch(/is signed off: this screening takes no more reports, positions or photos\.$/);
  });

  it('the review page: a locked screening is marked and offers no decision; a decision refused meanwhile is said with its reason; the bulk accept leaves locked ones out', async () => {
    // Reopened, so the page draws it open; locked again while the page is on screen.
    await reopen();
    const item = await completed(14);
    await b.signIn('bureau', `/review?month=${LAST}&state=all&screening=${item.id}`);
    await b.page.waitForSelector(`#detail[data-id="${item.id}"], #queue button.item[data-id="${item.id}"]`);
    await b.page.click(`#queue button.item[data-id="${item.id}"]`);
    expect(await b.page.isVisible('#accept')).toBe(true);
    await lock();

    await b.page.click('#accept');
    const status = b.page.locator('#decide .decide-status');
    await expect.poll(() => status.textContent()).toMatch(new RegExp(`^没有保存：${LAST_ZH} 已签核锁定。.+`));
    expect(await status.getAttribute('class')).toContain('error');
    // The queue read again: now marked, the buttons gone, the reason in their place.
    await expect.poll(() => b.page.isVisible('#locked-note')).toBe(true);
    expect(await b.page.isVisible('#accept')).toBe(false);
    expect(await b.page.isVisible('#reject')).toBe(false);
    expect(await b.page.textContent('#locked-note')).toContain('月份已锁定');
    expect(await b.page.textContent(`#queue button.item[data-id="${item.id}"] .badge-locked`)).toBe('月份已锁定');
    expect((await admin<Screening>('GET', `/api/screenings/${item.id}`)).verification?.decision).toBeNull();

    // The whole month: every row marked, no bulk accept; the keys decide nothing.
    await b.page.goto(`${b.url}/review?month=${LAST}&state=pending`);
    await b.page.waitForSelector('body[data-state="ready"]');
    await b.page.waitForSelector('#queue button.item');
    const rows = await b.page.locator('#queue button.item').count();
    expect(await b.page.locator('#queue button.item[data-locked="true"]').count()).toBe(rows);
    expect(await b.page.isDisabled('#bulk-accept')).toBe(true);
    const skipped = Number(await b.page.getAttribute('#bulk-locked', 'data-count'));
    expect(skipped).toBeGreaterThan(0);
    expect(await b.page.textContent('#bulk-locked')).toBe(`另有 ${skipped} 场属于已锁定的月份，不在批量接受之列。`);
    const first = Number(await b.page.getAttribute('#queue button.item[aria-current="true"]', 'data-id'));
    await b.page.keyboard.press('a');
    await b.page.waitForTimeout(300); // a refused key sends nothing: there is no answer to wait for
    expect((await admin<Screening>('GET', `/api/screenings/${first}`)).verification?.decision).toBeNull();

    // Every month at once: the bulk accept takes only the open months' screenings, and is not refused.
    await b.page.goto(`${b.url}/review?month=all&state=pending&lang=en`);
    await b.page.waitForSelector('#queue button.item');
    const ids = await b.page.$$eval('#queue button.item', (els) => els.map((e) => ({ id: Number((e as HTMLElement).dataset.id), locked: (e as HTMLElement).dataset.locked === 'true' })));
    const count = Number(await b.page.getAttribute('#bulk-accept', 'data-count'));
    if (count > 0) {
      await b.page.click('#bulk-accept');
      await b.page.click('#bulk-yes');
      await expect.poll(() => b.page.textContent('#bulk-status')).toBe(`${count} accepted.`);
      for (const { id } of ids.filter((x) => x.locked)) expect((await admin<Screening>('GET', `/api/screenings/${id}`)).verification?.decision, `#${id} (locked)`).toBeNull();
    }
    if (Number(await b.page.getAttribute('#bulk-locked', 'data-count')) > 0) expect(await b.page.textContent('#bulk-locked')).toMatch(/^\d+ more of a locked month are left out of the bulk accept\.$/);
  });

  it('the villagers’ page of a screening in a locked month thanks the villager, in Chinese and English, and offers no form', async () => {
    const s = (await admin<{ items: Screening[] }>('GET', `/api/screenings?month=${LAST}&status=completed&limit=1`)).items[0]!;
    expect(s.locked).toBe(true);
    const link = await admin<{ url: string }>('GET', `/api/screenings/${s.id}/confirmation`);
    await b.page.goto(link.url);
    await b.page.waitForSelector('body[data-confirm="settled"]');
    expect(await b.page.textContent('#message')).toBe('这个月的放映已经结算完毕，不再收集确认了。谢谢您！');
    expect(await b.page.isVisible('#form')).toBe(false);
    expect(await b.page.isVisible('#confirm')).toBe(false);
    await b.page.click('#lang');
    expect(await b.page.textContent('#message')).toBe("This month's screenings are already settled, so no more confirmations are taken. Thank you!");
    expect(await b.server.running.database.knex('confirmations').where({ screening_id: s.id })).toHaveLength(0);
  });
});
