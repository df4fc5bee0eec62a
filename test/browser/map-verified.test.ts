// The coverage map tells covered and verified from covered but not yet verified (a hollow green
// dot, its own line in the legend under covered), and "count only verified" makes the map, the
// township bars and the gap list count only units a verified or accepted screening covers; the
// choice is in the URL. Against the real server on the Tonghai demo data, in Debian's Chromium.
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, legendCounts, mapReady } from '../helpers/browser.js';

const b = browserSuite();

interface Row {
  units: number;
  covered: number;
  planned: number;
  overdue: number;
  gap: number;
  verified: number;
}
interface Coverage {
  totals: Row;
  townships: (Row & { id: number; name: string })[];
}

/**
 * Last month in the county: all of it reported or not, so it has covered units verified and not
 * (this month has none covered on its first day: that evening's screenings are not reported yet).
 */
function lastMonth() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const i = y! * 12 + m! - 2;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
const digits = (s: string | null) => Number(s!.replace(/\D/g, ''));

describe('the map counts what is verified', () => {
  it('shows covered but not verified apart, and counting only verified turns those into gaps everywhere', async () => {
    const month = lastMonth();
    await b.signIn('bureau', `/?month=${month}`);
    await mapReady(b.page, { month });
    const api = await apiGet<Coverage>(b.page, `/api/coverage?month=${month}`);
    const feed = await apiGet<{ statuses: string; verified: string }>(b.page, `/api/coverage/statuses?month=${month}`);
    const hollow = [...feed.statuses].filter((c, i) => c === 'c' && feed.verified[i] === '0').length;
    expect(hollow).toBe(api.totals.covered - api.totals.verified);
    expect(hollow).toBeGreaterThan(0);

    // Covered counts all it did; the hollow ones have their own line under it.
    const t = api.totals;
    expect(await legendCounts(b.page)).toEqual({ gap: t.gap, overdue: t.overdue, planned: t.planned, covered: t.covered });
    expect(digits(await b.page.textContent('#legend li[data-cue="coveredUnverified"] .count'))).toBe(hollow);
    expect(await b.page.getAttribute('#legend', 'data-covered-unverified')).toBe(String(hollow));
    expect(await b.page.isChecked('#verified-only')).toBe(false);

    await b.page.check('#verified-only');
    await expect.poll(() => new URL(b.page.url()).searchParams.get('verified')).toBe('1');
    await mapReady(b.page, { month });
    await expect.poll(() => b.page.getAttribute('#map', 'data-verified-only')).toBe('true');
    const gaps = t.gap + t.covered - t.verified;
    expect(await legendCounts(b.page)).toEqual({ gap: gaps, overdue: t.overdue, planned: t.planned, covered: t.verified });
    expect(await b.page.locator('#legend li[data-cue]').count()).toBe(0);
    expect(await b.page.textContent('#legend .verified-note')).toContain('只计已核实');
    expect(Number(await b.page.getAttribute('#gaps-title', 'data-count'))).toBe(gaps);
    expect(await b.page.textContent('#legend .total')).toContain(`${Math.round((t.verified / t.units) * 100)}%`);
    // Each township's bar: its verified units.
    for (const tw of api.townships.filter((r) => r.units > 0)) {
      expect(await b.page.textContent(`.township-row[data-township="${tw.id}"] .frac`), tw.name).toBe(`${tw.verified}/${tw.units}`);
    }

    // A copied link opens the same view; unticked, the map counts what was reported again.
    await b.page.reload();
    await mapReady(b.page, { month });
    expect(await b.page.isChecked('#verified-only')).toBe(true);
    expect((await legendCounts(b.page)).covered).toBe(t.verified);
    await b.page.uncheck('#verified-only');
    await expect.poll(() => new URL(b.page.url()).searchParams.get('verified')).toBeNull();
    await expect.poll(async () => (await legendCounts(b.page)).covered).toBe(t.covered);
  });

  it("says in a hollow village's popup that it is covered but not yet verified, and why; counting only verified, a gap", async () => {
    const month = lastMonth();
    await b.signIn('bureau', `/?month=${month}`);
    await mapReady(b.page, { month });
    const feed = await apiGet<{ statuses: string; verified: string }>(b.page, `/api/coverage/statuses?month=${month}`);
    const units = await apiGet<{ units: { id: number[]; code: (string | null)[] } }>(b.page, '/api/coverage/units');
    const i = [...feed.statuses].findIndex((c, j) => c === 'c' && feed.verified[j] === '0' && units.units.code[j]);
    expect(i).toBeGreaterThanOrEqual(0);
    const detail = await apiGet<{ screenings: { status: string; verification: { state: string; decision: string | null } | null }[] }>(
      b.page,
      `/api/coverage/villages/${units.units.id[i]}?month=${month}`,
    );
    const done = detail.screenings.filter((s) => s.status === 'completed');
    expect(done.every((s) => s.verification!.decision !== 'accepted' && (s.verification!.state !== 'verified' || s.verification!.decision === 'rejected'))).toBe(true);

    await b.page.fill('#search', units.units.code[i]!);
    await b.page.press('#search', 'Enter');
    await b.page.waitForSelector(`.village-popup[data-village="${units.units.id[i]}"]`);
    expect(await b.page.textContent('.village-popup .status-cell')).toBe('已放映，未核实');
    const words: Record<string, string> = { flagged: '存疑', unverified: '未核实', verified: '已核实', accepted: '已接受', rejected: '已驳回' };
    expect(await b.page.$$eval('.village-popup .backing', (els) => els.map((e) => e.textContent))).toEqual(done.map((s) => words[s.verification!.decision ?? s.verification!.state]));

    await b.page.check('#verified-only');
    await expect.poll(() => b.page.textContent('.village-popup .status-cell')).toBe('盲点');
  });
});
