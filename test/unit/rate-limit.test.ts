import { describe, expect, it } from 'vitest';
import { waitAfter, type Failures } from '../../server/http/rateLimit.js';

// The sign-in throttle's rule over a key's failures (the rows FailureLog keeps in the database):
// locked while the last window holds `max` failures, free once enough of the oldest have left it.

const MIN = 60_000;
const at = (...times: number[]): Failures => times.map((t) => ({ at: t, count: 1 }));

describe('the sign-in failure rule', () => {
  it('when a key has fewer failures than the limit, it may try now', () => {
    expect(waitAfter(at(0, 1000), 3, MIN, 2000)).toBe(0);
    expect(waitAfter([], 3, MIN, 2000)).toBe(0);
  });

  it('when a key reaches the limit, it waits until the oldest leaves the window, in whole seconds', () => {
    expect(waitAfter(at(0, 0, 0), 3, MIN, 0)).toBe(60);
    expect(waitAfter(at(0, 0, 0), 3, MIN, 20_500)).toBe(40);
  });

  it('when the window has passed, the key may try again, and what is older counts for nothing', () => {
    expect(waitAfter(at(0, 0, 0), 3, MIN, MIN)).toBe(0);
    expect(waitAfter(at(0, 0, 0, MIN), 3, MIN, MIN)).toBe(0);
  });

  it('the wait runs from the failure whose leaving frees the key, not the last one', () => {
    expect(waitAfter(at(0, 50_000), 2, MIN, 50_000)).toBe(10);
    // Four failures, limit three: the second oldest must leave too.
    expect(waitAfter(at(0, 10_000, 20_000, 30_000), 3, MIN, 30_000)).toBe(40);
  });

  it('failures of one moment count together (one row, its count)', () => {
    expect(waitAfter([{ at: 5000, count: 3 }], 3, MIN, 5000)).toBe(60);
    expect(waitAfter([{ at: 5000, count: 2 }], 3, MIN, 5000)).toBe(0);
  });
});
