// The map's campaign mode (DOMAIN.md "Campaigns"): a select beside the month lists the campaigns
// running that month; choosing one colours each unit shown a campaign film or not, with its own
// legend and its own gap list, the choice kept in the URL; 无主题 brings the month back. Against the
// real server on the Tonghai demo data (its one demo campaign, server/demo/campaigns.ts), in Debian's Chromium.
import { describe, expect, it } from 'vitest';
import { apiGet, browserSuite, canvasColour, legendCounts, mapReady } from '../helpers/browser.js';

const b = browserSuite();

interface CampaignCoverage {
  totals: { units: number; covered: number; gap: number };
  groups: { id: number; name: string; units: number; covered: number }[];
}

const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
const pixels = async (hex: string) => (await canvasColour(b.page, '#map canvas', hex)).count;
const PLANNED = '#0072B2';
const OVERDUE = '#E69F00';
/** Blue or orange: this month always has one or the other (planned ones ahead; on its last evening, started ones unreported; on its first day, the evenings ahead). */
const plannedOrOverdue = async () => (await pixels(PLANNED)) + (await pixels(OVERDUE));

describe('the map in campaign mode', () => {
  it('choosing a campaign colours its units shown a campaign film or not, with its legend and gap list; 无主题 brings the month back', async () => {
    const month = thisMonth();
    await b.signIn('bureau', `/?month=${month}`);
    await mapReady(b.page, { month });
    const running = await apiGet<{ items: { id: number; name: string }[] }>(b.page, `/api/campaigns?month=${month}`);
    expect(running.items.length).toBeGreaterThan(0);
    const campaign = running.items[0]!;
    expect(await b.page.$$eval('#campaign option', (os) => os.map((o) => o.textContent))).toEqual(['无主题', ...running.items.map((c) => c.name)]);
    // The month's map: something planned later this month is drawn blue, or (its last evening) overdue orange.
    expect(Object.keys(await legendCounts(b.page)).sort()).toEqual(['covered', 'gap', 'overdue', 'planned']);
    expect(await plannedOrOverdue()).toBeGreaterThan(0);

    await b.page.selectOption('#campaign', String(campaign.id));
    await expect.poll(() => new URL(b.page.url()).searchParams.get('campaign')).toBe(String(campaign.id));
    await b.page.waitForFunction((id) => document.getElementById('map')!.dataset.campaign === id && document.body.dataset.state === 'ready', String(campaign.id));
    const cov = await apiGet<CampaignCoverage>(b.page, `/api/campaigns/${campaign.id}/coverage?groupBy=township`);
    expect(cov.totals.covered).toBeGreaterThan(0);
    expect(cov.totals.gap).toBeGreaterThan(0);
    // Its own legend: shown or not, nothing planned or overdue; and no blue or orange on the map.
    await expect.poll(() => b.page.getAttribute('#legend', 'data-campaign')).toBe(String(campaign.id));
    expect(await legendCounts(b.page)).toEqual({ gap: cov.totals.gap, covered: cov.totals.covered });
    expect(await b.page.textContent('#legend h2')).toContain(campaign.name);
    expect(await b.page.textContent('#legend li[data-status=covered]')).toContain('已放映主题影片');
    expect(await b.page.textContent('#legend li[data-status=gap]')).toContain('未放映');
    expect(await plannedOrOverdue()).toBe(0);
    // Its own gap list, per township, and the bars count the same.
    expect(Number(await b.page.getAttribute('#gaps-title', 'data-count'))).toBe(cov.totals.gap);
    expect(await b.page.textContent('#gaps-title')).toContain('未放映主题影片');
    expect(await b.page.locator('#gap-list .gap-group').count()).toBe(cov.groups.filter((g) => g.units > g.covered).length);
    for (const g of cov.groups.filter((r) => r.units > 0)) expect(await b.page.textContent(`.township-row[data-township="${g.id}"] .frac`), g.name).toBe(`${g.covered}/${g.units}`);

    // A copied link opens the same view, in English too.
    await b.page.goto(new URL(`/?month=${month}&campaign=${campaign.id}&lang=en`, b.page.url()).toString());
    await b.page.waitForFunction((id) => document.getElementById('map')!.dataset.campaign === id && document.body.dataset.state === 'ready', String(campaign.id));
    expect(await b.page.inputValue('#campaign')).toBe(String(campaign.id));
    expect(await b.page.textContent('#legend li[data-status=covered]')).toContain('Shown a campaign film');
    expect(await b.page.textContent('#campaign option[value=""]')).toBe('No campaign');

    await b.page.selectOption('#campaign', '');
    await expect.poll(() => new URL(b.page.url()).searchParams.get('campaign')).toBeNull();
    await b.page.waitForFunction(() => document.getElementById('map')!.dataset.campaign === '' && document.body.dataset.state === 'ready');
    await expect.poll(async () => Object.keys(await legendCounts(b.page)).length).toBe(4);
    expect(await plannedOrOverdue()).toBeGreaterThan(0);
  });

  it('above the villages the area symbols count the campaign: going up to the province shows its prefecture by the campaign’s coverage', async () => {
    await b.context.addInitScript(() => localStorage.setItem('film2131.villageLimit', '20'));
    const month = thisMonth();
    await b.signIn('bureau', `/?month=${month}`);
    await mapReady(b.page, { month });
    const campaign = (await apiGet<{ items: { id: number; name: string }[] }>(b.page, `/api/campaigns?month=${month}`)).items[0]!;
    const province = (await apiGet<{ items: { id: number; code: string }[] }>(b.page, '/api/areas?level=province')).items.find((a) => a.code === '53')!;
    await b.page.goto(new URL(`/?month=${month}&campaign=${campaign.id}&area=${province.id}`, b.page.url()).toString());
    await b.page.waitForFunction(
      ([id, area]) => {
        const map = document.getElementById('map')!.dataset;
        return document.body.dataset.state === 'ready' && map.mode === 'areas' && map.area === area && map.campaign === id;
      },
      [String(campaign.id), String(province.id)],
    );
    const cov = await apiGet<CampaignCoverage>(b.page, `/api/campaigns/${campaign.id}/coverage?areaId=${province.id}`);
    expect(cov.totals.units).toBeGreaterThan(0);
    for (const g of cov.groups) expect(await b.page.getAttribute(`.area-symbol[data-area="${g.id}"]`, 'data-gap')).toBe(String(g.units - g.covered));
    expect(await b.page.textContent('#legend h2')).toContain(campaign.name);
    expect(await b.page.getAttribute('#legend', 'data-gap')).toBe(String(cov.totals.gap));
    expect(await b.page.textContent('#gaps-title')).toContain('未放映主题影片');
  });
});
