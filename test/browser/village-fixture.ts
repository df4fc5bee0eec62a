// A village page's answer shaped exactly as the shared contract says (GET /api/public/villages/:token,
// DOMAIN.md "Villagers' voice"), and Playwright routes that stand in for that API in the browser
// tests of the page's states. The routes are the public API's, so once the real API is on the
// branch the tests can drop the stand-in and read the demo's own village (GET /api/villages/:id/link).
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';

export const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
/** The county's wall clock the fixture is set in: its screenings are around this instant. */
export const NOW = new Date('2026-12-07T12:00:00+08:00');

/** The demo's catalogue (server/demo/films.csv), those licensed on NOW's day, as the contract lists them. */
function catalogue() {
  const [, ...rows] = fs.readFileSync(path.resolve('server/demo/films.csv'), 'utf8').trim().split('\n');
  return rows
    .map((r) => r.split(','))
    .filter(([, , , , , from, to]) => (!from || from <= '2026-12-07') && (!to || to >= '2026-12-07'))
    .map(([title, category, minutes, year], i) => ({ id: 100 + i, title: title!, category: category!, minutes: minutes ? Number(minutes) : null, year: year ? Number(year) : null }));
}

export function villageView(o: Record<string, unknown> = {}) {
  const films = catalogue();
  return {
    unit: { id: 5, name: '<b>大</b>村', township: '秀山街道', county: '通海县' },
    month: '2026-12',
    supervisionPhone: '0877-301 2131',
    screenings: [
      { id: 11, startsAt: '2026-12-03T19:30:00.000+08:00', team: '通海县第一放映队', programme: [{ title: films[0]!.title, category: films[0]!.category }, { title: '玉米螟<i>防治</i>', category: 'science' }] },
      { id: 12, startsAt: '2026-12-20T19:00:00.000+08:00', team: '通海县第二放映队', programme: [] },
      { id: 13, startsAt: '2027-01-10T19:30:00.000+08:00', team: '通海县第一放映队', programme: [{ title: films[1]!.title, category: films[1]!.category }] },
    ],
    catalogue: films,
    request: null,
    ...o,
  };
}

export interface Sent {
  url: string;
  body: unknown;
}

/**
 * Stands in for the public API on `page`: the view (or `view` status), and each POST answered by
 * `answer` (status, body, headers; 'offline' aborts it as a lost connection). What was posted is kept.
 */
export async function standIn(
  page: Page,
  opts: { view?: unknown; viewStatus?: number | 'offline'; answer?: (url: string, body: unknown) => { status: number; body?: unknown; headers?: Record<string, string> } | 'offline' } = {},
) {
  const sent: Sent[] = [];
  const problem = (status: number, title: string) => ({ status, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title, status }) });
  await page.route('**/api/public/villages/**', async (route: Route) => {
    const req = route.request();
    if (req.method() === 'GET') {
      const status = opts.viewStatus ?? 200;
      if (status === 'offline') return route.abort('internetdisconnected');
      if (status !== 200) return route.fulfill(problem(status, 'Not Found'));
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(opts.view ?? villageView()) });
    }
    const body = req.postDataJSON() as unknown;
    const a = opts.answer?.(req.url(), body) ?? { status: 201, body: {} };
    if (a === 'offline') return route.abort('internetdisconnected');
    sent.push({ url: new URL(req.url()).pathname, body });
    if (a.status >= 400) return route.fulfill({ ...problem(a.status, 'Refused'), headers: a.headers, ...(a.body ? { body: JSON.stringify(a.body) } : {}) });
    return route.fulfill({ status: a.status, contentType: 'application/json', headers: a.headers, body: JSON.stringify(a.body ?? {}) });
  });
  return sent;
}
