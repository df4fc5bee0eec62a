import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plan, planNearestNeighbour, type PlanInput } from '../../server/plans/planner.js';

// Random maps, teams, evenings and bookings: the invariants hold whatever the input.

const point = { lat: fc.double({ min: 23.5, max: 24.5, noNaN: true }), lng: fc.double({ min: 102.3, max: 103.2, noNaN: true }) };

const inputs = fc
  .record({
    units: fc.array(fc.record(point), { maxLength: 60 }),
    teams: fc.array(fc.option(fc.record(point), { nil: null }), { minLength: 0, maxLength: 5 }),
    days: fc.integer({ min: 0, max: 31 }),
    busyRate: fc.double({ min: 0, max: 0.9, noNaN: true }),
    seed: fc.integer(),
    capacity: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  })
  .map(({ units, teams, days, busyRate, seed, capacity }): PlanInput => {
    let s = seed >>> 0;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const evenings = Array.from({ length: days }, (_, i) => {
      const date = `2026-12-${String(i + 1).padStart(2, '0')}`;
      return { date, startsAt: new Date(`${date}T19:30:00+08:00`) };
    });
    const busy = new Set<string>();
    teams.forEach((_, t) => evenings.forEach((e) => rnd() < busyRate && busy.add(`${t + 1}|${e.date}`)));
    return {
      units: units.map((u, i) => ({ id: i + 1, ...u })),
      teams: teams.map((base, i) => ({ id: i + 1, base })),
      evenings,
      busy,
      capacity,
    };
  });

function freeEvenings(input: PlanInput, teamId: number) {
  const free = input.evenings.filter((e) => !input.busy.has(`${teamId}|${e.date}`)).length;
  return input.capacity === undefined ? free : Math.min(free, input.capacity);
}

describe('planner invariants over random inputs', () => {
  it('covers each unit at most once, every unit when the free evenings allow, one per team-evening, never a busy one, improved ≤ nearest neighbour', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const result = plan(input);
        const ids = result.items.map((i) => i.unitId);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids, ...result.uncovered].sort((a, b) => a - b)).toEqual(input.units.map((u) => u.id));
        const capacity = input.teams.reduce((s, t) => s + freeEvenings(input, t.id), 0);
        expect(result.items.length).toBe(Math.min(input.units.length, capacity));
        const slots = result.items.map((i) => `${i.teamId}|${i.date}`);
        expect(new Set(slots).size).toBe(slots.length);
        for (const s of slots) expect(input.busy.has(s)).toBe(false);
        for (const t of input.teams) expect(result.items.filter((i) => i.teamId === t.id).length).toBeLessThanOrEqual(freeEvenings(input, t.id));
        // a team's evenings follow its route: dates rise
        for (const t of input.teams) {
          const dates = result.items.filter((i) => i.teamId === t.id).map((i) => i.date);
          expect(dates).toEqual([...dates].sort());
        }
        expect(result.routeKm).toBeLessThanOrEqual(planNearestNeighbour(input).routeKm + 1e-6);
      }),
      { numRuns: 200 },
    );
  });
});
