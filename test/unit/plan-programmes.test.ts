import { describe, expect, it } from 'vitest';
import { qualifies } from '../../domain/programme.js';
import { dayNumber, proposeProgrammes, type PlanFilm, type ProgrammeFacts, type Slot } from '../../server/plans/programmes.js';

// The draft's programme picker over made-up facts (server/plans/programmes.ts).

const feature = (id: number, o: Partial<PlanFilm> = {}): PlanFilm => ({ id, title: `F${id}`, category: 'feature', minutes: 95, year: 2025, ...o });
const short = (id: number, o: Partial<PlanFilm> = {}): PlanFilm => ({ id, title: `S${id}`, category: 'science', minutes: 20, year: 2025, ...o });

function facts(o: Partial<ProgrammeFacts> = {}): ProgrammeFacts {
  return { films: [feature(1), feature(2), short(11), short(12), short(13)], longMinutes: 60, seen: new Map(), campaigns: [], requested: new Map(), scienceShare: new Map(), ...o };
}
const slots = (n: number, teamId = 1, from = 1): Slot[] => Array.from({ length: n }, (_, i) => ({ unitId: 100 + i, teamId, date: `2026-12-${String(from + i).padStart(2, '0')}` }));
/** Each slot another team's. */
const apart = (s: Slot[]) => s.map((x, i) => ({ ...x, teamId: 1 + i }));
const byId = (f: ProgrammeFacts) => new Map(f.films.map((x) => [x.id, x]));

describe('the programme picker', () => {
  it("gives each screening one long film, the first usable in the catalogue's order, with the reason feature", () => {
    const { programmes, science } = proposeProgrammes(slots(3), facts());
    for (const p of programmes) {
      expect(p.programme).toEqual([1]);
      expect(p.reasons).toEqual([{ filmId: 1, reason: 'feature' }]);
      expect(p.qualifies).toBe(true);
    }
    expect(science).toEqual({ screenings: 3, withScience: 0, share: 0, target: null });
  });

  it('never repeats a film in a unit within 365 days either side; 365 days apart is allowed', () => {
    const day = dayNumber('2026-12-01');
    const seen = new Map([
      [100, new Map([[1, [day - 364]]])],
      [101, new Map([[1, [day + 1 - 365]]])],
      [102, new Map([[1, [day + 2 + 364]], [2, [day + 2 - 10]]])],
    ]);
    const { programmes } = proposeProgrammes(apart(slots(3)), facts({ seen }));
    expect(programmes.map((p) => p.programme[0])).toEqual([2, 1, 11]);
    // unit 102 saw both features: three science shorts make it one 场
    expect(programmes[2]!.programme).toEqual([11, 12, 13]);
    expect(programmes[2]!.reasons.map((r) => r.reason)).toEqual(['feature', 'feature', 'feature']);
    expect(programmes[2]!.qualifies).toBe(true);
  });

  it('only films licensed on the evening, both window ends inclusive', () => {
    const films = [feature(1, { availableTo: '2026-12-01' }), feature(2, { availableFrom: '2026-12-03' }), feature(3, { year: 2000 })];
    const { programmes } = proposeProgrammes(apart(slots(4)), facts({ films }));
    expect(programmes.map((p) => p.programme[0])).toEqual([1, 3, 2, 2]);
    expect(proposeProgrammes(slots(4), facts({ films })).programmes.map((p) => p.programme[0])).toEqual([1, 3, 2, 2]);
  });

  it('the 59-minute film is no long film; 60 is', () => {
    const films = [feature(1, { minutes: 59 }), feature(2, { minutes: 60, category: 'opera' }), feature(3, { minutes: 200, category: 'other' })];
    expect(proposeProgrammes(slots(1), facts({ films })).programmes[0]!.programme).toEqual([2]);
  });

  it('proposes the best it can and says so when nothing qualifies', () => {
    const films = [feature(1, { minutes: 30 }), short(11), short(12)];
    const { programmes, science } = proposeProgrammes(slots(1), facts({ films }));
    expect(programmes[0]).toEqual({
      programme: [11, 12],
      reasons: [
        { filmId: 11, reason: 'feature' },
        { filmId: 12, reason: 'feature' },
        { filmId: null, reason: 'no_qualifying_programme' },
      ],
      qualifies: false,
      science: true,
    });
    expect(science.screenings).toBe(0);
    const empty = proposeProgrammes(slots(1), facts({ films: [] })).programmes[0]!;
    expect(empty).toMatchObject({ programme: [], reasons: [{ filmId: null, reason: 'no_qualifying_programme' }], qualifies: false });
  });

  it("adds a science short where the team's month needs one for the target, and no more", () => {
    const share = new Map(Array.from({ length: 10 }, (_, i) => [100 + i, 0.3]));
    const { programmes, science } = proposeProgrammes(slots(10), facts({ scienceShare: share }));
    const withScience = programmes.map((p) => p.science);
    // the share is kept all month long: the 1st, 4th and 7th (ceil of 0.3, 1.2, 2.1)
    expect(withScience).toEqual([true, false, false, true, false, false, true, false, false, false]);
    expect(programmes[0]).toMatchObject({ programme: [1, 11], reasons: [{ filmId: 1, reason: 'feature' }, { filmId: 11, reason: 'science_share' }] });
    expect(science).toMatchObject({ screenings: 10, withScience: 3, share: 0.3 });
    expect(science.target).toBeCloseTo(0.3, 9);
    // every team's month, not only the draft: two teams each get their share
    const two = proposeProgrammes([...slots(5, 1), ...slots(5, 2, 10)], facts({ scienceShare: share }));
    for (const team of [1, 2]) {
      const mine = two.programmes.filter((_, i) => (i < 5 ? 1 : 2) === team);
      expect(mine.filter((p) => p.science).length / mine.length).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('a running campaign film for the units that want it, the long one when there is none yet; not for the others', () => {
    const films = [feature(1), feature(2), feature(50, { title: 'campaign feature' }), short(51), short(11)];
    const campaigns = [{ id: 9, filmIds: [51, 50], units: new Set([100, 102]) }];
    const { programmes } = proposeProgrammes(slots(3), facts({ films, campaigns }));
    expect(programmes[0]!.programme).toEqual([50]);
    expect(programmes[0]!.reasons).toEqual([{ filmId: 50, reason: 'campaign' }]);
    expect(programmes[1]!.programme).not.toContain(50);
    expect(programmes[1]!.programme).not.toContain(51);
    // unit 102 saw the campaign feature 30 days ago: the campaign's short, then a feature
    const seen = new Map([[102, new Map([[50, [dayNumber('2026-11-03')]]])]]);
    const p = proposeProgrammes(slots(3), facts({ films, campaigns, seen })).programmes[2]!;
    expect(p.programme).toEqual([1, 51]);
    expect(p.reasons).toEqual([
      { filmId: 1, reason: 'feature' },
      { filmId: 51, reason: 'campaign' },
    ]);
    // a campaign's film goes elsewhere only when nothing else is left
    const only = proposeProgrammes(slots(2), facts({ films: [feature(50)], campaigns: [{ id: 9, filmIds: [50], units: new Set() }] })).programmes;
    expect(only.map((x) => x.programme)).toEqual([[50], [50]]);
    expect(only[0]!.reasons).toEqual([{ filmId: 50, reason: 'feature' }]);
  });

  it("prefers the villagers' requests", () => {
    const requested = new Map([[101, [2, 13, 999]]]);
    const { programmes } = proposeProgrammes(slots(2), facts({ requested }));
    expect(programmes[0]!.programme).toEqual([1]);
    expect(programmes[1]!.programme).toEqual([2, 13]);
    expect(programmes[1]!.reasons).toEqual([
      { filmId: 2, reason: 'requested' },
      { filmId: 13, reason: 'requested' },
    ]);
  });

  it('a requested film carries its count; one long requested film at most, and room kept for the campaign and the science film', () => {
    const requested = new Map([[101, [2, 1, 11, 12, 13]]]);
    const requests = new Map([[101, new Map([[2, 5], [1, 4], [11, 3], [12, 2], [13, 1]])]]);
    const campaigns = [{ id: 9, filmIds: [50], units: new Set([101]) }];
    const films = [feature(1), feature(2), short(11), short(12), short(13), short(50)];
    const p = proposeProgrammes([{ unitId: 101, teamId: 1, date: '2026-12-01' }], facts({ films, requested, requests, campaigns })).programmes[0]!;
    // 2 (long) and three shorts; feature 1 waits (one 场); the campaign's film still finds its place
    expect(p.programme).toEqual([2, 11, 12, 13, 50]);
    expect(p.reasons[0]).toEqual({ filmId: 2, reason: 'requested', requests: 5 });
    expect(p.reasons.at(-1)).toEqual({ filmId: 50, reason: 'campaign' });
    // without a long film requested, a place stays for the feature
    const shorts = proposeProgrammes([{ unitId: 101, teamId: 1, date: '2026-12-01' }], facts({ films, requested: new Map([[101, [11, 12, 13, 50]]]), requests })).programmes[0]!;
    expect(shorts.programme[0]).toBe(1);
    expect(shorts.reasons[0]).toEqual({ filmId: 1, reason: 'feature' });
    expect(shorts.qualifies).toBe(true);
  });

  it('every programme qualifies, stays within six distinct films, and none repeats in its unit, over a large random month', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const films: PlanFilm[] = Array.from({ length: 80 }, (_, i) =>
      i % 3 === 0 ? short(i + 1, { availableTo: random() < 0.2 ? '2026-12-10' : null }) : feature(i + 1, { minutes: 40 + Math.floor(random() * 80), year: 2010 + (i % 16) }),
    );
    const units = Array.from({ length: 40 }, (_, i) => 100 + i);
    const seen = new Map(units.map((u) => [u, new Map(films.filter(() => random() < 0.3).map((f) => [f.id, [dayNumber('2026-06-01')]]))]));
    const all: Slot[] = units.map((u, i) => ({ unitId: u, teamId: 1 + (i % 4), date: `2026-12-${String(1 + Math.floor(i / 4)).padStart(2, '0')}` }));
    const f = facts({ films, seen, scienceShare: new Map(units.map((u) => [u, 0.5])), campaigns: [{ id: 1, filmIds: [2, 3], units: new Set(units.slice(0, 20)) }] });
    const { programmes, science } = proposeProgrammes(all, f);
    const films_ = byId(f);
    programmes.forEach((p, i) => {
      expect(qualifies(p.programme.map((id) => films_.get(id)!), 60)).toBe(true);
      expect(new Set(p.programme).size).toBe(p.programme.length);
      expect(p.programme.length).toBeLessThanOrEqual(6);
      for (const id of p.programme) expect(seen.get(all[i]!.unitId)!.has(id)).toBe(false);
    });
    expect(science.share!).toBeGreaterThanOrEqual(0.5);
  });
});
