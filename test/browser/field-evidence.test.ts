// The projectionist's phone in a village without signal, on the real server and the Tonghai demo:
// the field page opened once with signal starts again from its service worker with the network
// cut, takes a report of "done" with the phone's position and a photo, shows the screening's QR
// code from what it kept, and sends all of it once when the signal returns — one report, one fix,
// one photo stored.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { browserSuite, withoutSignal } from '../helpers/browser.js';

interface Screening {
  id: number;
  status: string;
  audience: number | null;
  version: number;
  verification: { state: string; flags: { code: string }[] } | null;
}

const ZONE = 'Asia/Shanghai';
const b = browserSuite({
  viewport: { width: 390, height: 844 },
  timezoneId: ZONE,
  isMobile: true,
  hasTouch: true,
  permissions: ['geolocation'],
});
const api = b.api('partner');

/** The county's wall clock `minutes` from now, as the API takes a start. */
function countyTime(minutes: number) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(Date.now() + minutes * 60_000));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

function yesterday() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** A real small JPEG: the server decodes what it is sent. */
const jpeg = () =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .composite([{ input: Buffer.from('<svg width="320" height="240"><rect x="40" y="40" width="240" height="120" fill="#fff"/><circle cx="160" cy="200" r="30" fill="#e69f00"/></svg>') }])
    .jpeg({ quality: 80 })
    .toBuffer();

const rows = async (table: string, screeningId: number) => b.server.running.database.knex(table).where({ screening_id: screeningId });

describe('the field page without signal', () => {
  it('opens from its service worker with the network cut, reports done with a fix and a photo, and stores each once when the signal returns', async () => {
    const village = await api<{ id: number; lat: number; lng: number }>('GET', '/api/villages/1');
    // Started an hour ago, on a team of its own (no slot taken): reportable, and its QR link open.
    const team = await api<{ id: number }>('POST', '/api/teams', { name: '证据测试队' });
    const s = await api<Screening>('POST', '/api/screenings', { villageId: village.id, teamId: team.id, startsAt: countyTime(-60), notes: 'browser test, evidence' });
    await b.context.setGeolocation({ latitude: village.lat + 0.001, longitude: village.lng, accuracy: 18 });

    // The first visit, with signal: the worker installs and takes the page; the QR links are kept.
    await b.signIn('partner', `/report?teamId=${team.id}`);
    await b.page.locator(`li.card[data-id="${s.id}"]`).waitFor();
    await b.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });
    await b.page.waitForSelector('body[data-offline="ready"]');
    await b.page.waitForFunction((id) => Boolean(JSON.parse(localStorage.getItem('film2131.report.links') ?? '{}')[id]), s.id);
    await b.page.close();

    // No signal at all, and the page opened again: nothing reaches the server until the signal returns.
    const { page, done } = await withoutSignal(b);
    const res = await page.goto(`${b.url}/report?teamId=${team.id}`);
    expect(res?.fromServiceWorker()).toBe(true);
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.textContent('#connection')).toContain('没有网络');
    const card = page.locator(`li.card[data-id="${s.id}"]`);
    await card.waitFor();

    await card.locator('[data-action=done]').click();
    await card.locator('input[name=audience]').fill('86');
    await card.locator('input[name=photos]').setInputFiles({ name: 'screen.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
    await card.locator('button[type=submit]').click();

    await expect.poll(() => card.locator('.send-state').textContent()).toBe('等待发送');
    await expect.poll(() => card.locator('.ev-fix').getAttribute('data-state')).toBe('waiting');
    expect(await card.locator('.ev-fix').textContent()).toBe('定位等待发送');
    await expect.poll(() => card.locator('.ev-photo').getAttribute('data-state')).toBe('waiting');
    expect(await card.locator('.ev-photo img').count()).toBe(1);
    expect(await page.textContent('#pending-text')).toContain('1 条回报等待发送 · 2 项证据');

    // The QR code for the screen comes from what the phone kept.
    await card.locator('[data-action=qr]').click();
    const qr = page.locator('.qr-screen svg.qr');
    await qr.waitFor();
    expect(await qr.getAttribute('data-text')).toMatch(new RegExp(`^${b.url}/c/[0-9a-f]{32}$`));
    await page.locator('.qr-screen .qr-close').click();

    await page.waitForTimeout(2500); // a retry timer may run meanwhile: nothing may go, nothing may be lost
    expect(await api<Screening>('GET', `/api/screenings/${s.id}`)).toMatchObject({ status: 'scheduled', version: s.version });
    expect(await rows('screening_fixes', s.id)).toHaveLength(0);
    expect(await rows('screening_photos', s.id)).toHaveLength(0);

    expect(await done()).toEqual([]);
    await expect.poll(() => card.locator('.ev-photo').getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    await expect.poll(() => card.locator('.ev-fix').getAttribute('data-state')).toBe('sent');
    expect(await card.locator('.ev-fix').textContent()).toBe('定位已发送（精度 18 米）');

    const stored = await api<Screening>('GET', `/api/screenings/${s.id}`);
    expect(stored).toMatchObject({ status: 'completed', audience: 86, version: s.version + 1 });
    const fixes = await rows('screening_fixes', s.id);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ kind: 'report', accuracy: 18 });
    expect(Number(fixes[0].lat)).toBeCloseTo(village.lat + 0.001, 5);
    const photos = await rows('screening_photos', s.id);
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ media_type: 'image/jpeg', width: 320, height: 240 });

    // The page shows the bureau's checks once the fix is in: no no_fix any more.
    await expect.poll(async () => (await api<Screening>('GET', `/api/screenings/${s.id}`)).verification?.flags.map((f) => f.code)).not.toContain('no_fix');
    await page.reload();
    await page.waitForSelector('body[data-state="ready"]');
    await expect.poll(() => page.locator(`li.card[data-id="${s.id}"] .verification`).getAttribute('data-verification')).not.toBe('unverified');
  });

  it('lists the team’s earlier screenings that are not backed yet under 证据待补, with what the checks found, and takes photos for them', async () => {
    const team = await api<{ id: number }>('POST', '/api/teams', { name: '补证测试队' });
    const day = new Date(Date.parse(`${yesterday()}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
    const s = await api<Screening>('POST', '/api/screenings', { villageId: 4, teamId: team.id, startsAt: `${day}T19:30`, status: 'completed', audience: 55, notes: 'browser test, evidence later' });
    // Unverified (no fix), or flagged when the run is late enough for late_report: either needs evidence.
    expect(s.verification?.state).toMatch(/^(unverified|flagged)$/);
    await b.signIn('partner', `/report?teamId=${team.id}`);
    const card = b.page.locator(`#needs-evidence li.card[data-id="${s.id}"]`);
    await card.waitFor();
    expect(await b.page.textContent('#needs-title')).toBe('证据待补（1）');
    expect(await card.locator('.verification').getAttribute('data-verification')).toBe(s.verification!.state);
    expect(await card.locator('.v-badge').textContent()).toBe(s.verification!.state === 'flagged' ? '存疑' : '未核实');
    expect(await card.locator('.ev-flag[data-code=no_fix]').textContent()).toBe('没有放映手机上报的定位。');
    await card.locator('input[data-action=photos]').setInputFiles({ name: 'that-evening.jpg', mimeType: 'image/jpeg', buffer: await jpeg() });
    await expect.poll(() => card.locator('.ev-photo').getAttribute('data-state'), { timeout: 15_000 }).toBe('sent');
    expect(await rows('screening_photos', s.id)).toHaveLength(1);

    // Signing out drops the answers the worker kept for this user (a phone may pass to another projectionist).
    await b.page.waitForSelector('body[data-offline="ready"]');
    const kept = () => b.page.evaluate(async () => (await (await caches.open('film2131-report-data')).keys()).map((r) => new URL(r.url).pathname));
    expect(await kept()).toContain('/api/session');
    await Promise.all([b.page.waitForURL((u) => u.pathname === '/login'), b.page.click('#sign-out')]);
    expect(await kept()).toEqual([]);
  });

  it('sends the report without a fix when the phone gives no position, and says so on the card', async () => {
    // The projectionist said no to the position: the phone answers PERMISSION_DENIED.
    await b.context.addInitScript(() => {
      navigator.geolocation.getCurrentPosition = (_ok, fail) => fail?.({ code: 1, message: 'denied', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 });
    });
    // Started an hour ago, inside the fix window, on a team of its own (no slot taken).
    const team = await api<{ id: number }>('POST', '/api/teams', { name: '无定位测试队' });
    const s = await api<Screening>('POST', '/api/screenings', { villageId: 2, teamId: team.id, startsAt: countyTime(-60), notes: 'browser test, no fix' });
    await b.signIn('partner', `/report?teamId=${team.id}`);
    const card = b.page.locator(`li.card[data-id="${s.id}"]`);
    await card.locator('[data-action=done]').click();
    await card.locator('input[name=audience]').fill('40');
    await card.locator('button[type=submit]').click();
    await expect.poll(() => card.locator('.ev-fix').getAttribute('data-state')).toBe('none');
    expect(await card.locator('.ev-fix').textContent()).toBe('没有定位：手机没有允许使用位置。回报照常发送。');
    await expect.poll(() => card.locator('.send-state').textContent(), { timeout: 15_000 }).toBe('已发送');
    expect((await api<Screening>('GET', `/api/screenings/${s.id}`)).status).toBe('completed');
    expect(await rows('screening_fixes', s.id)).toHaveLength(0);
    // Missing evidence can be added later: the card offers a fix, and takes photos.
    expect(await card.locator('[data-action=add-fix]').count()).toBe(1);
    await card.locator('input[data-action=photos]').setInputFiles([
      { name: 'a.jpg', mimeType: 'image/jpeg', buffer: await jpeg() },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') },
    ]);
    expect(await card.locator('.error').textContent()).toBe('只能发送 JPEG、PNG 或 WebP 照片。');
    await expect.poll(() => card.locator('.ev-photo').getAttribute('data-state'), { timeout: 15_000 }).toBe('sent');
    expect(await card.locator('.ev-photo').count()).toBe(1);
    expect(await rows('screening_photos', s.id)).toHaveLength(1);
  });
});
