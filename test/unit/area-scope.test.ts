import { describe, expect, it } from 'vitest';
import { requestScopeKey, scopeOfRequest, townshipTest, type AreaNode } from '../../server/areas/scope.js';
import type { User } from '../../server/auth/user.js';

// The in-memory half of the access rules (server/areas/scope.ts): what a coverage answer or a
// report may count, decided once for every route from the area tree the coverage engine keeps.

const node = (id: number, code: string, level: AreaNode['level'], parentId: number | null): AreaNode => ({ id, code, name: `area ${code}`, level, parentId });
// Two provinces; the first has two prefectures, each with a county; the second one county.
const areas = new Map<number, AreaNode>(
  [node(1, '53', 'province', null), node(2, '5304', 'prefecture', 1), node(3, '530423', 'county', 2), node(4, '5305', 'prefecture', 1), node(5, '530502', 'county', 4), node(6, '52', 'province', null), node(7, '5201', 'prefecture', 6), node(8, '520102', 'county', 7)].map((a) => [a.id, a]),
);
const units = { areas };
const user = (over: Partial<User>): User => ({ id: 1, username: 'u', role: 'admin', partnerId: null, teamId: null, areaId: null, counties: null, ...over });
const admin = user({});
const prefectureBureau = user({ role: 'bureau', areaId: 2, counties: [3] });
const partner = user({ role: 'partner', partnerId: 1, counties: [5] });
const status = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as { status?: number }).status;
  }
  return 200;
};

describe('the scope of a request', () => {
  it('is the whole deployment for an unscoped user who asks no area, with every county in SQL', () => {
    const s = scopeOfRequest(admin, undefined, units);
    expect(s.area).toBeNull();
    expect(s.where).toEqual({ areaId: undefined, counties: null });
    expect(s.counties()).toBeNull();
    expect(scopeOfRequest(admin, 6, units).counties()).toEqual([8]);
  });

  it("starts at a bureau user's own area, goes below it, and answers 404 for an area beside or above it", () => {
    expect(scopeOfRequest(prefectureBureau, undefined, units).area?.id).toBe(2);
    expect(scopeOfRequest(prefectureBureau, 3, units).where).toEqual({ areaId: 3, counties: [3] });
    for (const outside of [1, 4, 5, 6, 999]) expect(status(() => scopeOfRequest(prefectureBureau, outside, units)), `area ${outside}`).toBe(404);
  });

  it("lets a partner walk down to its counties through the areas holding them, and nowhere else", () => {
    expect(scopeOfRequest(partner, undefined, units).area).toBeNull();
    expect(scopeOfRequest(partner, undefined, units).counties()).toEqual([5]);
    for (const holding of [1, 4, 5]) expect(scopeOfRequest(partner, holding, units).counties(), `area ${holding}`).toEqual([5]);
    for (const outside of [2, 3, 6, 8]) expect(status(() => scopeOfRequest(partner, outside, units)), `area ${outside}`).toBe(404);
  });

  it('keys kept answers by everything it is decided from', () => {
    const keys = [requestScopeKey(admin, undefined), requestScopeKey(admin, 2), requestScopeKey(prefectureBureau, undefined), requestScopeKey(user({ counties: [3] }), undefined), requestScopeKey(partner, 1)];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('a township in scope', () => {
  const placed = { countyId: 3 };
  const unplaced = { countyId: null };
  it('lies inside the areas holding its county and among counties holding it; one in no county only where nothing is asked', () => {
    expect(townshipTest(areas, null, null)(placed)).toBe(true);
    expect(townshipTest(areas, null, null)(unplaced)).toBe(true);
    expect(townshipTest(areas, areas.get(1), null)(placed)).toBe(true);
    expect(townshipTest(areas, areas.get(4), null)(placed)).toBe(false);
    expect(townshipTest(areas, areas.get(1), null)(unplaced)).toBe(false);
    expect(townshipTest(areas, null, [3])(placed)).toBe(true);
    expect(townshipTest(areas, null, [5])(placed)).toBe(false);
    expect(townshipTest(areas, null, [3])(unplaced)).toBe(false);
  });

  it('lies in no area that does not exist', () => {
    expect(townshipTest(areas, areas.get(999), null)(placed)).toBe(false);
  });
});
