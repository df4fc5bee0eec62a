import { describe, expect, it } from 'vitest';
import { fairQuotas, haversineKm, improveRoute, nearestNeighbour, pathKm, plan, planNearestNeighbour, quotas, type PlanInput, type PlanUnit } from '../../server/plans/planner.js';

// Made-up maps around Tonghai (24.1 N, 102.75 E): a grid, two clusters, a line.

const evenings = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => {
    const day = from + i;
    const date = `2026-12-${String(day).padStart(2, '0')}`;
    return { date, startsAt: new Date(`${date}T19:30:00+08:00`) };
  });

function grid(side: number, step = 0.02): PlanUnit[] {
  const out: PlanUnit[] = [];
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) out.push({ id: out.length + 1, lat: 24 + r * step, lng: 102.6 + c * step });
  return out;
}

function check(input: PlanInput, result: ReturnType<typeof plan>) {
  const ids = result.items.map((i) => i.unitId);
  // every unit exactly once, placed or uncovered
  expect([...ids, ...result.uncovered].sort((a, b) => a - b)).toEqual(input.units.map((u) => u.id).sort((a, b) => a - b));
  expect(new Set(ids).size).toBe(ids.length);
  // one screening per team per evening, never on a busy one, only listed evenings
  const slots = result.items.map((i) => `${i.teamId}|${i.date}`);
  expect(new Set(slots).size).toBe(slots.length);
  for (const s of slots) expect(input.busy.has(s)).toBe(false);
  const listed = new Map(input.evenings.map((e) => [e.date, e.startsAt.getTime()]));
  for (const i of result.items) expect(listed.get(i.date)).toBe(i.startsAt.getTime());
}

describe('the planner', () => {
  it('covers every unit of a 6×6 grid with 3 teams in 30 evenings, balanced, none double-booked', () => {
    const input: PlanInput = {
      units: grid(6),
      teams: [
        { id: 1, base: { lat: 24, lng: 102.6 } },
        { id: 2, base: { lat: 24.1, lng: 102.7 } },
        { id: 3, base: null },
      ],
      evenings: evenings(30),
      busy: new Set(),
    };
    const result = plan(input);
    check(input, result);
    expect(result.uncovered).toEqual([]);
    expect(result.items).toHaveLength(36);
    const loads = [1, 2, 3].map((t) => result.items.filter((i) => i.teamId === t).length);
    // fair: the even share, 12 each
    expect(loads).toEqual([12, 12, 12]);
    // the old split let a team take up to 15% more than the even share
    const old = plan(input, { fair: false });
    check(input, old);
    expect(Math.max(...[1, 2, 3].map((t) => old.items.filter((i) => i.teamId === t).length))).toBeLessThanOrEqual(14);
  });

  it('shares the evenings fairly: 19 units among 3 teams with a month free are 7, 6, 6 — not 10 and 5 idle after the 5th', () => {
    // two teams based in the thick of the units, one at the edge: nearest-first would load the first two
    const units = [...grid(4), { id: 17, lat: 24.2, lng: 102.8 }, { id: 18, lat: 24.21, lng: 102.8 }, { id: 19, lat: 24.22, lng: 102.8 }];
    const input: PlanInput = {
      units,
      teams: [
        { id: 1, base: { lat: 24, lng: 102.6 } },
        { id: 2, base: { lat: 24.02, lng: 102.62 } },
        { id: 3, base: { lat: 24.22, lng: 102.8 } },
      ],
      evenings: evenings(30),
      busy: new Set(),
    };
    const result = plan(input);
    check(input, result);
    const loads = [1, 2, 3].map((t) => result.items.filter((i) => i.teamId === t).length);
    expect(loads.reduce((s, n) => s + n, 0)).toBe(19);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    // and each team's evenings are its first free ones, so every team is done by the 7th
    for (const i of result.items) expect(i.date <= '2026-12-07').toBe(true);
    // the edge team keeps the three units at its door, and fetches the rest from the grid's nearest corner
    const third = result.items.filter((i) => i.teamId === 3).map((i) => i.unitId);
    expect(third).toEqual(expect.arrayContaining([17, 18, 19]));
    expect(third.filter((u) => u <= 16).every((u) => [4, 8, 12, 15, 16, 11, 7, 14, 10, 3].includes(u))).toBe(true);
  });

  it('a team short of free evenings takes what it can; the others share the rest within one', () => {
    const busy = new Set(evenings(28, 3).map((e) => `1|${e.date}`));
    const input: PlanInput = { units: grid(5), teams: [1, 2, 3].map((id) => ({ id, base: null })), evenings: evenings(30), busy };
    const result = plan(input);
    check(input, result);
    const loads = [1, 2, 3].map((t) => result.items.filter((i) => i.teamId === t).length);
    expect(loads[0]).toBe(2);
    expect(loads.slice(1).sort()).toEqual([11, 12]);
  });

  it('gives each team consecutive free evenings in route order, skipping busy ones', () => {
    const units = [1, 2, 3, 4].map((k) => ({ id: k, lat: 24, lng: 102.6 + k * 0.01 }));
    const busy = new Set(['7|2026-12-02', '7|2026-12-04']);
    const input: PlanInput = { units, teams: [{ id: 7, base: { lat: 24, lng: 102.6 } }], evenings: evenings(10), busy };
    const result = plan(input);
    check(input, result);
    // the route walks east from the base: 1, 2, 3, 4 on the 1st, 3rd, 5th, 6th
    expect(result.items.map((i) => [i.unitId, i.date])).toEqual([
      [1, '2026-12-01'],
      [2, '2026-12-03'],
      [3, '2026-12-05'],
      [4, '2026-12-06'],
    ]);
    expect(result.routeKm).toBeCloseTo(haversineKm({ lat: 24, lng: 102.6 }, { lat: 24, lng: 102.64 }), 6);
  });

  it('never plans an unavailable evening nor one a team already has booked, and leaves the rest uncovered when evenings run out', () => {
    const units = grid(4);
    const busy = new Set<string>();
    for (const e of evenings(10)) if (Number(e.date.slice(-2)) % 2 === 0) busy.add(`1|${e.date}`);
    busy.add('2|2026-12-01');
    const input: PlanInput = { units, teams: [{ id: 1, base: null }, { id: 2, base: null }], evenings: evenings(5), busy };
    const result = plan(input);
    check(input, result);
    // team 1: 1st, 3rd, 5th; team 2: 2nd to 5th → 7 of 16
    expect(result.items).toHaveLength(7);
    expect(result.uncovered).toHaveLength(9);
    expect(result.items.filter((i) => i.teamId === 1).map((i) => i.date)).toEqual(['2026-12-01', '2026-12-03', '2026-12-05']);
  });

  it('honours a capacity per team', () => {
    const input: PlanInput = { units: grid(3), teams: [{ id: 1, base: null }, { id: 2, base: null }], evenings: evenings(30), busy: new Set(), capacity: 2 };
    const result = plan(input);
    check(input, result);
    expect(result.items).toHaveLength(4);
    expect(result.uncovered).toHaveLength(5);
  });

  it('sends each team to the cluster around its base', () => {
    const west = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, lat: 24 + (i % 3) * 0.01, lng: 102.5 + Math.floor(i / 3) * 0.01 }));
    const east = Array.from({ length: 8 }, (_, i) => ({ id: i + 11, lat: 24 + (i % 3) * 0.01, lng: 102.9 + Math.floor(i / 3) * 0.01 }));
    const input: PlanInput = {
      units: [...west, ...east],
      teams: [
        { id: 1, base: { lat: 24, lng: 102.91 } },
        { id: 2, base: { lat: 24, lng: 102.51 } },
      ],
      evenings: evenings(30),
      busy: new Set(),
    };
    const result = plan(input);
    check(input, result);
    const unitsOf = (team: number) => result.items.filter((i) => i.teamId === team).map((i) => i.unitId).sort((a, b) => a - b);
    expect(unitsOf(1)).toEqual(east.map((u) => u.id));
    expect(unitsOf(2)).toEqual(west.map((u) => u.id));
  });

  it('the improved route is never longer than nearest neighbour alone, and shorter on a map where greedy goes wrong', () => {
    const maps: PlanInput[] = [
      { units: grid(7, 0.013), teams: [{ id: 1, base: { lat: 24.03, lng: 102.63 } }, { id: 2, base: null }], evenings: evenings(31), busy: new Set() },
      { units: grid(5), teams: [{ id: 1, base: { lat: 23.9, lng: 102.5 } }], evenings: evenings(31), busy: new Set() },
    ];
    let strictlyBetter = 0;
    for (const input of maps) {
      const improved = plan(input);
      const greedy = planNearestNeighbour(input);
      expect(improved.routeKm).toBeLessThanOrEqual(greedy.routeKm + 1e-9);
      if (improved.routeKm < greedy.routeKm - 1e-6) strictlyBetter++;
      expect(improved.items.length).toBe(greedy.items.length);
    }
    expect(strictlyBetter).toBeGreaterThan(0);
  });

  it('2-opt untangles a crossing path and keeps its start', () => {
    const base = { lat: 0, lng: 0 };
    // base → (0,1) → (1,0) → (1,1) crosses itself; (1,0) → (0,1)? the best open path is (1,0),(1,1),(0,1) or (0,1),(1,1),(1,0)
    const route = [
      { lat: 0, lng: 1 },
      { lat: 1, lng: 0 },
      { lat: 1, lng: 1 },
      { lat: 0, lng: 2 },
    ];
    const better = improveRoute(base, route);
    expect(pathKm(base, better)).toBeLessThan(pathKm(base, route));
    expect(better).toHaveLength(4);
    expect(new Set(better)).toEqual(new Set(route));
  });

  it('nearest neighbour goes to the closest unvisited point each time', () => {
    const points = [
      { lat: 0, lng: 3 },
      { lat: 0, lng: 1 },
      { lat: 0, lng: 2 },
    ];
    expect(nearestNeighbour({ lat: 0, lng: 0 }, points).map((p) => p.lng)).toEqual([1, 2, 3]);
  });

  it('quotas share the units evenly within the caps and hold every unit the caps allow', () => {
    expect(quotas(30, [30, 30, 30], 1)).toEqual([10, 10, 10]);
    expect(quotas(30, [2, 30, 30], 1)).toEqual([2, 14, 14]);
    expect(quotas(100, [10, 20, 5], 1.15)).toEqual([10, 20, 5]);
    expect(quotas(0, [5, 5], 1.15)).toEqual([0, 0]);
  });

  it('fair quotas sum to what the caps allow and differ by at most one where caps allow; the extra to the most demanded', () => {
    expect(fairQuotas(19, [30, 30, 30])).toEqual([7, 6, 6]);
    expect(fairQuotas(19, [30, 30, 30], [2, 10, 7])).toEqual([6, 7, 6]);
    expect(fairQuotas(20, [30, 30, 30], [2, 10, 7])).toEqual([6, 7, 7]);
    expect(fairQuotas(30, [2, 30, 30])).toEqual([2, 14, 14]);
    expect(fairQuotas(29, [2, 30, 30], [0, 1, 5])).toEqual([2, 13, 14]);
    expect(fairQuotas(100, [10, 20, 5])).toEqual([10, 20, 5]);
    expect(fairQuotas(0, [5, 5])).toEqual([0, 0]);
    expect(fairQuotas(3, [0, 0, 9])).toEqual([0, 0, 3]);
  });

  it('with no teams or no evenings, every unit is uncovered', () => {
    const units = grid(2);
    expect(plan({ units, teams: [], evenings: evenings(5), busy: new Set() }).uncovered).toHaveLength(4);
    expect(plan({ units, teams: [{ id: 1, base: null }], evenings: [], busy: new Set() }).uncovered).toHaveLength(4);
  });
});
