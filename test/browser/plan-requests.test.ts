// The villagers' requests on the plan page (issue 21 point 2): the partner planning next month
// sees a gap village's top requests beside it in the gap list, and in the programme picker the
// requested films come first, marked with how many asked; picking one puts it in the programme.
//
// GET /api/requests (another lane's route, DOMAIN.md "Villagers' voice") is stubbed with
// page.route here: the page asks for the month planned and the month before and merges them.
import { beforeAll, describe, expect, it } from 'vitest';
import { currentMonth, shiftMonth } from '../../domain/months.js';
import { browserSuite } from '../helpers/browser.js';

interface Film {
  id: number;
  title: string;
  category: string;
  minutes: number | null;
}

const ZONE = 'Asia/Shanghai';
const b = browserSuite({ timezoneId: ZONE });
const api = b.api('partner');
/** Empty in the demo: every unit a gap. */
const month = shiftMonth(currentMonth(ZONE), 1);
const before = shiftMonth(month, -1);

describe("the villagers' requests on the plan page", () => {
  let wanted: Film;
  let other: Film;
  let asked: string[];

  beforeAll(async () => {
    const licensed = async (day: string) => (await api<{ items: Film[] }>('GET', `/api/films?limit=1000&availableOn=${day}`)).items;
    const atEnd = new Set((await licensed(`${month}-28`)).map((f) => f.id));
    // Old films, far down the catalogue's newest-first search: the requests bring them up.
    const all = (await licensed(`${month}-01`)).filter((f) => atEnd.has(f.id) && f.category === 'feature' && (f.minutes ?? 0) >= 60);
    wanted = all.at(-1)!;
    other = all.at(-2)!;
    expect(other).toBeDefined();
  });

  it("shows a gap village's requests beside it and first in its picker; picking one puts it in the programme", async () => {
    asked = [];
    let gap = 0;
    await b.page.route(
      (url) => url.pathname === '/api/requests',
      async (route) => {
        const m = new URL(route.request().url()).searchParams.get('month')!;
        asked.push(m);
        const row = (filmId: number, title: string, requests: number) => ({ villageId: gap, villageName: '', filmId, title, category: 'feature', requests });
        const items = gap === 0 ? [] : m === month ? [row(wanted.id, wanted.title, 4)] : m === before ? [row(wanted.id, wanted.title, 2), row(other.id, other.title, 1)] : [];
        await route.fulfill({ json: { items, total: items.length } });
      },
    );
    // The first gap village of the demo (read from the API, as the page lists them) asked.
    const units = (await api<{ features: { properties: { id: number; status: string } }[] }>('GET', `/api/coverage/villages?month=${month}`)).features.map((f) => f.properties);
    gap = units.find((u) => u.status === 'gap')!.id;
    await b.signIn('partner', `/plan?month=${month}`);
    expect(asked.sort()).toEqual([before, month].sort());

    // Beside the gap: both films, the one asked for in both months first with 6.
    const line = b.page.locator(`.gap-requests[data-village="${gap}"]`);
    await line.waitFor();
    expect(await line.locator('.gap-request').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-film')), Number(e.getAttribute('data-requests'))]))).toEqual([
      [wanted.id, 6],
      [other.id, 1],
    ]);
    expect(await line.textContent()).toContain(`《${wanted.title}》6 人`);
    // Only that village's line.
    expect(await b.page.locator('.gap-requests').count()).toBe(1);

    // The picker of a screening there offers the requested films first, marked, with the count.
    await b.page.locator(`td[data-team="1"][data-date="${month}-06"] button.add`).click();
    await b.page.waitForSelector('#screening-dialog[open]');
    await b.page.selectOption('#f-village', String(gap));
    await b.page.focus('#f-programme-picker-search');
    const hits = b.page.locator('#f-programme-picker .programme-hit');
    await expect.poll(() => hits.count()).toBeGreaterThan(2);
    expect(await hits.evaluateAll((els) => els.slice(0, 3).map((e) => [Number(e.getAttribute('data-film')), e.getAttribute('data-requests')]))).toEqual([
      [wanted.id, '6'],
      [other.id, '1'],
      [expect.any(Number), null],
    ]);
    expect(await hits.first().locator('.requested-count').textContent()).toBe('村民点播 6 人');
    // Another village's picker does not offer them.
    const another = units.filter((u) => u.status === 'gap')[1]!.id;
    await b.page.selectOption('#f-village', String(another));
    await b.page.dispatchEvent('#f-village', 'change');
    await expect.poll(() => b.page.locator('#f-programme-picker .programme-hit.requested').count()).toBe(0);
    await b.page.selectOption('#f-village', String(gap));
    await b.page.dispatchEvent('#f-village', 'change');
    await expect.poll(() => b.page.locator('#f-programme-picker .programme-hit.requested').count()).toBe(2);

    // Picking it puts it in the programme, and it is saved with it.
    await hits.first().click();
    await b.page.locator(`#f-programme-picker .programme-list li[data-film="${wanted.id}"]`).waitFor();
    const [saved] = await Promise.all([b.page.waitForResponse((r) => r.url().endsWith('/api/screenings') && r.request().method() === 'POST'), b.page.click('#form-save')]);
    expect(saved.status()).toBe(201);
    expect(await saved.json()).toMatchObject({ villageId: gap, programme: [wanted.id] });
  });
});
