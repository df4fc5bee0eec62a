// A month's recheck splits its screenings into batches of whole teams that the lanes share evenly
// (server/evidence/recheck.ts).
import { describe, expect, it } from 'vitest';
import { byTeams } from '../../server/evidence/recheck.js';

/** `teams` teams of the given sizes, in team order, ids counting up. */
function rows(sizes: number[]) {
  let id = 0;
  return sizes.flatMap((size, team) => Array.from({ length: size }, () => ({ id: ++id, team_id: team + 1 })));
}
const teamsOf = (batch: number[], all: { id: number; team_id: number }[]) => new Set(batch.map((id) => all.find((r) => r.id === id)!.team_id));

describe('byTeams', () => {
  const all = rows(Array.from({ length: 200 }, (_, i) => 15 + (i % 20)));

  it('makes the batches asked for, about equal, holding every id once and no team in two', () => {
    const batches = byTeams(all, 10);
    expect(batches).toHaveLength(10);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(all.map((r) => r.id));
    const share = all.length / 10;
    for (const b of batches) expect(Math.abs(b.length - share)).toBeLessThan(35);
    const seen = new Set<number>();
    for (const b of batches) {
      for (const team of teamsOf(b, all)) {
        expect(seen.has(team)).toBe(false);
        seen.add(team);
      }
    }
  });

  it('never makes more than asked; a team larger than a share makes its batch larger', () => {
    const uneven = rows([3, 500, 3, 3, 3, 3]);
    const batches = byTeams(uneven, 4);
    expect(batches.length).toBeLessThanOrEqual(4);
    expect(batches.flat()).toHaveLength(515);
    expect(batches.some((b) => b.length >= 500)).toBe(true);
    expect(byTeams([], 2)).toEqual([]);
    expect(byTeams(rows([1, 1, 1]), 8)).toEqual([[1], [2], [3]]);
  });
});
