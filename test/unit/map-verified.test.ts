import { describe, expect, it } from 'vitest';
import { countedCoverage, countedStatuses, coveredNotVerified } from '../../web/src/map/verified.js';
import type { Coverage } from '../../web/src/map/api.js';

// "Count only verified" on the map: the letters drawn and the counts the bars read, from the
// statuses feed's verified marks and the coverage's verified counts.

const row = (o: Partial<Coverage['totals']>): Coverage['totals'] => ({ units: 10, covered: 6, planned: 1, overdue: 1, gap: 2, verified: 4, coverage: 0.6, ...o });

describe('count only verified', () => {
  it('turns a covered unit that is not backed into a gap, and nothing else', () => {
    const statuses = 'ccpog-c';
    const verified = '10000-1';
    expect(countedStatuses(statuses, verified, true)).toBe('cgpog-c');
    expect(countedStatuses(statuses, verified, false)).toBe(statuses);
    // An older server without the marks: the letters as they are.
    expect(countedStatuses(statuses, undefined, true)).toBe(statuses);
  });

  it('marks the hollow ones: covered, not backed', () => {
    expect([0, 1, 2, 5, 6].map((i) => coveredNotVerified('ccpog-c', '10000-1', i))).toEqual([false, true, false, false, false]);
    expect(coveredNotVerified('c', undefined, 0)).toBe(false);
  });

  it('counts the backed as covered, the rest of covered as gaps, and the coverage of the backed', () => {
    const c: Coverage = { month: '2026-11', timezone: 'Asia/Shanghai', level: 'administrative', totals: row({}), townships: [{ ...row({ units: 4, covered: 3, gap: 1, verified: 1, planned: 0, overdue: 0 }), id: 1, name: '一镇' }] };
    const only = countedCoverage(c, true);
    expect(only.totals).toMatchObject({ units: 10, covered: 4, gap: 4, planned: 1, overdue: 1, verified: 4, coverage: 0.4 });
    expect(only.townships[0]).toMatchObject({ id: 1, covered: 1, gap: 3, coverage: 0.25 });
    expect(countedCoverage(c, false)).toBe(c);
  });
});
