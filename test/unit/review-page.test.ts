import { describe, expect, it } from 'vitest';
import { badgeOf, kmText } from '../../web/src/review/format.js';
import { keyAction } from '../../web/src/review/keys.js';
import { apiParams, cleanIds, lastPage, PAGE_SIZE, readFilters, screeningLink, toSearch } from '../../web/src/review/state.js';

// The review page's pure parts: its filters in the URL and as GET /api/review's parameters, what a
// bulk accept may take, its keys, and how an item and a distance read.

const flag = (severity: string, code = 'late_report') => ({ code, severity });
const item = (id: number, decision: string | null, flags: { code: string; severity: string }[], state = 'flagged') => ({
  id,
  verification: { state, decision, reason: null, reviewedAt: null, flags },
});

describe('the filters', () => {
  const NOW = '2026-12';
  it('default to what needs a look this month (the county’s), the first page', () => {
    expect(readFilters('', NOW)).toEqual({ month: NOW, state: 'pending', township: null, team: null, flag: null, screening: null, page: 0 });
    expect(apiParams(readFilters('', NOW))).toEqual({ limit: PAGE_SIZE, offset: 0, state: 'flagged,unverified', decision: 'none', month: NOW });
  });

  it('ask for every month only when the URL says month=all, and say so in the URL', () => {
    const all = readFilters('?month=all', NOW);
    expect(all.month).toBeNull();
    expect(apiParams(all)).not.toHaveProperty('month');
    expect(toSearch(all, 'zh-CN')).toBe('?month=all&lang=zh-CN');
    expect(readFilters(toSearch(all, 'zh-CN'), NOW)).toEqual(all);
    // A month in the URL is kept, whatever the current one.
    expect(readFilters('?month=2026-03', NOW).month).toBe('2026-03');
  });

  it('go through the URL and back unchanged, the page 1-based as a person reads it', () => {
    const f = { month: '2026-11', state: 'rejected', township: 3, team: 7, flag: 'far_from_village', screening: null, page: 2 } as const;
    const search = toSearch(f, 'en');
    expect(search).toBe('?month=2026-11&state=rejected&township=3&team=7&flag=far_from_village&page=3&lang=en');
    expect(readFilters(search, NOW)).toEqual(f);
    expect(apiParams(f)).toEqual({ limit: PAGE_SIZE, offset: 2 * PAGE_SIZE, decision: 'rejected', month: '2026-11', townshipId: 3, teamId: 7, flag: 'far_from_village' });
  });

  it('open one screening from a finding’s link: its month, any state, only it', () => {
    const link = screeningLink({ screeningId: 225, startsAt: '2026-10-31T23:30:00.000+08:00' }, 'zh-CN');
    expect(link).toBe('/review?month=2026-10&state=all&screening=225&lang=zh-CN');
    const f = readFilters(link.slice('/review'.length), NOW);
    expect(f).toMatchObject({ month: '2026-10', state: 'all', screening: 225 });
    expect(apiParams(f)).toEqual({ limit: PAGE_SIZE, offset: 0, month: '2026-10', screeningId: 225 });
  });

  it('drop what they do not know instead of asking the server for it', () => {
    expect(readFilters('?month=2026-13&state=great&township=-1&team=x&flag=blurry&screening=0&page=0', NOW)).toEqual(readFilters('', NOW));
    expect(apiParams({ ...readFilters('?month=all', NOW), state: 'all' })).toEqual({ limit: PAGE_SIZE, offset: 0 });
  });

  it('know the last page', () => {
    expect([0, 1, PAGE_SIZE, PAGE_SIZE + 1, 1000].map(lastPage)).toEqual([0, 0, 0, 1, Math.ceil(1000 / PAGE_SIZE) - 1]);
  });
});

describe('a bulk accept', () => {
  it('takes what is undecided and has no critical flag', () => {
    const items = [
      item(1, null, [flag('warning')]),
      item(2, null, [flag('critical', 'far_from_village'), flag('warning')]),
      item(3, 'rejected', [flag('warning')]),
      item(4, null, [flag('warning', 'no_fix')], 'unverified'),
      { id: 5, verification: null },
      item(6, null, [flag('info', 'audience_outlier')]),
    ];
    expect(cleanIds(items)).toEqual([1, 4, 6]);
  });
});

describe('the keys', () => {
  const input = { tagName: 'INPUT' } as unknown as EventTarget;
  it('move, decide and page', () => {
    expect(['j', 'k', 'ArrowDown', 'ArrowUp', 'a', 'r', 'u', ']', '['].map((key) => keyAction({ key }))).toEqual(['next', 'prev', 'next', 'prev', 'accept', 'reject', 'undo', 'nextPage', 'prevPage']);
    expect(keyAction({ key: 'x' })).toBeNull();
  });

  it('are the field’s own while typing, and the browser’s with a modifier', () => {
    expect(keyAction({ key: 'a', target: input })).toBeNull();
    expect(keyAction({ key: 'r', target: { tagName: 'SELECT' } as unknown as EventTarget })).toBeNull();
    expect(keyAction({ key: 'r', ctrlKey: true })).toBeNull();
    expect(keyAction({ key: 'a', metaKey: true })).toBeNull();
    expect(keyAction({ key: 'a', target: { tagName: 'BUTTON' } as unknown as EventTarget })).toBe('accept');
  });
});

describe('an item at a glance', () => {
  it('shows the decision first, then the worst finding, then the state', () => {
    expect(badgeOf(item(1, 'accepted', [flag('critical')]) as never)).toBe('accepted');
    expect(badgeOf(item(1, null, [flag('warning'), flag('critical', 'duplicate_photo')]) as never)).toBe('critical');
    expect(badgeOf(item(1, null, [flag('warning')]) as never)).toBe('warning');
    // no_fix is why a screening is unverified, not a finding.
    expect(badgeOf(item(1, null, [flag('warning', 'no_fix')], 'unverified') as never)).toBe('unverified');
    expect(badgeOf(item(1, null, [], 'verified') as never)).toBe('verified');
  });

  it('reads distances in km: two decimals under 1 km, one under 100, whole beyond', () => {
    expect([199, 1000, 15_049, 99_960, 100_400].map(kmText)).toEqual(['0.20', '1.0', '15.0', '100.0', '100']);
  });
});
