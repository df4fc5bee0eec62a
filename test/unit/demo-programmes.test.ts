import { describe, expect, it } from 'vitest';
import { licensedOn, qualifies } from '../../domain/programme.js';
import { readDemoFilms } from '../../server/demo/films.js';
import { demoProgrammer } from '../../server/demo/programmes.js';
import { seeded } from '../../server/demo/tonghai.js';

// The demo's programmes look like real evenings: each one 场 (a long film), most with a science
// short, every film licensed on the day, no film twice in a unit within the demo's months.

const films = readDemoFilms().map((f, i) => ({ ...f, id: i + 1, retired: f.code === 'DEMO-GS-2029' }));
const byId = new Map(films.map((f) => [f.id, f]));

describe('the demo catalogue and its programmes', () => {
  it('has some 80 films of the six categories, with unique codes', () => {
    expect(films.length).toBeGreaterThanOrEqual(75);
    expect(new Set(films.map((f) => f.code)).size).toBe(films.length);
    expect(new Set(films.map((f) => f.category))).toEqual(new Set(['feature', 'science', 'documentary', 'opera', 'children', 'other']));
  });

  it('gives 40 units one screening a month for 4 months: every programme qualifies, is licensed, repeats nothing in its unit', () => {
    const programmeOf = demoProgrammer(films, seeded(7));
    const shown = new Map<number, Set<number>>();
    let withScience = 0;
    let total = 0;
    for (const month of ['2026-09', '2026-10', '2026-11', '2026-12']) {
      for (let unit = 1; unit <= 40; unit++) {
        const day = `${month}-${String(1 + (unit % 28)).padStart(2, '0')}`;
        const programme = programmeOf(unit, day).map((id) => byId.get(id)!);
        total++;
        expect(qualifies(programme, 60), `${unit} ${day}`).toBe(true);
        for (const f of programme) {
          expect(licensedOn(f, day) && !f.retired, `${f.title} on ${day}`).toBe(true);
          const seen = shown.get(unit) ?? new Set<number>();
          expect(seen.has(f.id), `${f.title} again in unit ${unit}`).toBe(false);
          seen.add(f.id);
          shown.set(unit, seen);
        }
        if (programme.some((f) => f.category === 'science')) withScience++;
      }
    }
    expect(withScience / total).toBeGreaterThan(0.6);
  });
});
