// What to show tonight (issue 20, point 2): the projectionist's phone at 390 px lists a screening's
// programme on its card, the films in the programme's order, each with its category and minutes,
// in Chinese and in English; nothing on the page scrolls sideways. `PROGRAMME_SCREENSHOT=1` also
// writes docs/field-programme.png (Chinese) and docs/field-programme-en.png.
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';

interface Film {
  id: number;
  title: string;
  category: string;
  minutes: number | null;
}

const ZONE = 'Asia/Shanghai';
const b = browserSuite({ viewport: { width: 390, height: 844 }, timezoneId: ZONE, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
const partner = b.api('partner');
const projectionist = b.api('projectionist');

/** Today on the county's calendar, 'YYYY-MM-DD'. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

const lines = (id: number) => b.page.locator(`#today li.card[data-id="${id}"] .programme li`).allTextContents();

describe('the phone page’s programme', () => {
  it('lists a two-film programme on tonight’s card in its order, with category and minutes, in both languages, at 390 px', async () => {
    const { user } = await projectionist<{ user: { teamId: number } }>('GET', '/api/session');
    const films = (await partner<{ items: Film[] }>('GET', '/api/films?limit=1000')).items;
    const feature = films.find((f) => f.category === 'feature' && f.minutes !== null)!;
    const science = films.find((f) => f.category === 'science' && f.minutes !== null)!;
    // The science short first: the card keeps the programme's order, not the catalogue's.
    // A morning hour no demo screening uses (they are at 19:00 or 19:30), so the team is free.
    const s = await partner<{ id: number }>('POST', '/api/screenings', {
      villageId: 5,
      teamId: user.teamId,
      startsAt: `${today()}T09:15`,
      programme: [science.id, feature.id],
      repeatReason: 'browser test: the programme on the phone',
      notes: 'browser test, programme',
    });
    const empty = await partner<{ id: number }>('POST', '/api/screenings', { villageId: 6, teamId: user.teamId, startsAt: `${today()}T13:30`, notes: 'browser test, no programme yet' });

    await b.signIn('projectionist', '/report');
    await b.page.locator(`#today li.card[data-id="${s.id}"]`).waitFor();
    expect(await lines(s.id)).toEqual([`1. ${science.title} · 科教片 · ${science.minutes} 分钟`, `2. ${feature.title} · 故事片 · ${feature.minutes} 分钟`]);
    expect(await b.page.locator(`#today li.card[data-id="${empty.id}"] .programme`).textContent()).toBe('节目未定');
    expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.PROGRAMME_SCREENSHOT) {
      await b.page.locator(`#today li.card[data-id="${s.id}"]`).scrollIntoViewIfNeeded();
      await b.page.screenshot({ path: 'docs/field-programme.png' });
    }

    await b.page.goto(`${b.url}/report?lang=en`);
    await b.page.waitForSelector('body[data-state="ready"]');
    await b.page.locator(`#today li.card[data-id="${s.id}"]`).waitFor();
    expect(await lines(s.id)).toEqual([`1. ${science.title} · Science · ${science.minutes} min`, `2. ${feature.title} · Feature · ${feature.minutes} min`]);
    expect(await b.page.locator(`#today li.card[data-id="${empty.id}"] .programme`).textContent()).toBe('Programme not decided');
    expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    if (process.env.PROGRAMME_SCREENSHOT) {
      await b.page.locator(`#today li.card[data-id="${s.id}"]`).scrollIntoViewIfNeeded();
      await b.page.screenshot({ path: 'docs/field-programme-en.png' });
    }
  });
});
