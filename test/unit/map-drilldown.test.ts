import { describe, expect, it } from 'vitest';
import { areasWorstFirst } from '../../web/src/map/panel.js';
import { readState, toSearch } from '../../web/src/map/state.js';
import { COLOURS, COVERAGE_STEPS, coverageColour, coverageStep, symbolRadius } from '../../web/src/map/style.js';

// The drill-down map's pure parts (issue 13): the area in the URL, the coverage steps that fill
// the area symbols, their sizes, and the panel's order of child areas.

describe('the drill-down map', () => {
  it('keeps the area in the URL beside the month, level and township, and drops a malformed one', () => {
    const s = readState('?area=12&month=2026-03&level=natural&township=4&lang=en', 'zh-CN');
    expect(s).toMatchObject({ area: 12, month: '2026-03', level: 'natural', township: 4, lang: 'en' });
    expect(readState(toSearch(s), 'zh-CN')).toEqual(s);
    expect(toSearch({ ...s, area: null })).not.toContain('area=');
    for (const bad of ['0', '-3', '1.5', 'x', '']) expect(readState(`?area=${bad}`, 'en').area).toBeNull();
  });

  it('fills a symbol from the gap colour (nothing covered) to the covered colour (all covered), one step a fifth', () => {
    expect(coverageColour(0)).toBe(COLOURS.gap);
    expect(coverageColour(1)).toBe(COLOURS.covered);
    expect([0, 0.19, 0.2, 0.39, 0.4, 0.6, 0.79, 0.8, 1].map(coverageStep)).toEqual([0, 0, 1, 1, 2, 3, 3, 4, 4]);
    expect(new Set(COVERAGE_STEPS.map((s) => s.colour)).size).toBe(COVERAGE_STEPS.length);
  });

  it('sizes symbols by the square root of their units, never below a clickable size', () => {
    expect(symbolRadius(0, 100)).toBeGreaterThanOrEqual(10);
    expect(symbolRadius(100, 100)).toBeGreaterThan(symbolRadius(25, 100));
    // Four times the units: the circle's area (not its radius) grows about fourfold above the minimum.
    const min = symbolRadius(0, 400);
    expect((symbolRadius(400, 400) - min) / (symbolRadius(100, 400) - min)).toBeCloseTo(2);
  });

  it('lists child areas worst first: lowest coverage, then most gaps, then by name; none without units', () => {
    const row = (id: number, name: string, units: number, covered: number) => ({
      id, name, level: 'county' as const, units, covered, planned: 0, overdue: 0, gap: units - covered, verified: covered, coverage: units ? covered / units : 0,
    });
    const rows = [row(1, '甲县', 10, 5), row(2, '乙县', 20, 10), row(3, '丙县', 10, 2), row(4, '丁县', 0, 0), row(5, '戊县', 20, 10)];
    // 戊 (wù) before 乙 (yǐ): names in pinyin order, as everywhere on the pages.
    expect(areasWorstFirst(rows).map((r) => r.id)).toEqual([3, 5, 2, 1]);
  });
});
