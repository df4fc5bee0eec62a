// A stand-in for GET/PATCH /api/villager-reports in the browser tests (page.route), keeping the
// contract of notes/helpers-common.md: filters by state, kind and screening, a PATCH to closed
// without a note refused with 400 naming `note`. The routes are helper "bureau"'s, built on another
// branch; the pages' tests (villagers, a11y, page width, roles) draw the list from these reports.
import type { Page, Route } from 'playwright-core';

export interface Report {
  id: number;
  villageId: number;
  villageName: string;
  townshipName: string;
  kind: 'not_held' | 'late' | 'other';
  text: string | null;
  state: 'new' | 'looking' | 'closed';
  note: string | null;
  createdAt: string;
  handledAt: string | null;
  handledBy: string | null;
  screening: { id: number; startsAt: string; teamName: string; status: string; verification: string | null; decision: string | null } | null;
}

export const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());

export function sample(screeningId = 9001): Report[] {
  const month = thisMonth();
  return [
    {
      id: 1,
      villageId: 11,
      villageName: '下回村',
      townshipName: '秀山街道',
      kind: 'not_held',
      text: '<img src=x onerror="window.__pwned=1">那天晚上没有人来放电影',
      state: 'new',
      note: null,
      createdAt: `${month}-05T21:10:00+08:00`,
      handledAt: null,
      handledBy: null,
      screening: { id: screeningId, startsAt: `${month}-04T19:30:00+08:00`, teamName: '通海县第一放映队', status: 'completed', verification: 'flagged', decision: null },
    },
    { id: 2, villageId: 12, villageName: '大新村', townshipName: '四街镇', kind: 'late', text: '晚了一个小时才开始', state: 'looking', note: null, createdAt: `${month}-03T20:00:00+08:00`, handledAt: null, handledBy: null, screening: null },
    { id: 3, villageId: 13, villageName: '六一村', townshipName: '河西镇', kind: 'other', text: null, state: 'closed', note: '已电话回访', createdAt: `${month}-02T09:00:00+08:00`, handledAt: `${month}-02T15:00:00+08:00`, handledBy: 'bureau', screening: null },
  ];
}

/** The stand-in API on this page: what it was asked (query strings, PATCH bodies) is kept. */
export async function standIn(page: Page, reports: Report[]) {
  const asked: URLSearchParams[] = [];
  const patches: { id: number; body: { state: string; note?: string } }[] = [];
  await page.route('**/api/villager-reports**', async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    const json = (status: number, body: unknown) => route.fulfill({ status, contentType: status < 400 ? 'application/json' : 'application/problem+json', body: JSON.stringify(body) });
    if (req.method() === 'GET') {
      asked.push(url.searchParams);
      const q = url.searchParams;
      const items = reports.filter(
        (r) => (!q.get('state') || r.state === q.get('state')) && (!q.get('kind') || r.kind === q.get('kind')) && (!q.get('screeningId') || r.screening?.id === Number(q.get('screeningId'))),
      );
      return json(200, { items, total: items.length });
    }
    const id = Number(url.pathname.split('/').pop());
    const body = req.postDataJSON() as { state: Report['state']; note?: string };
    patches.push({ id, body });
    if (body.state === 'closed' && !body.note) return json(400, { status: 400, detail: 'note is required to close.', errors: [{ path: 'note', message: 'required to close' }] });
    const r = reports.find((x) => x.id === id)!;
    Object.assign(r, { state: body.state, note: body.note ?? r.note, handledAt: new Date().toISOString(), handledBy: 'bureau' });
    return json(200, r);
  });
  return { asked, patches };
}

