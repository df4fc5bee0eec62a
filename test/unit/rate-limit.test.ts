import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../server/auth/rateLimit.js';

function limiter(max = 3, windowMs = 60_000) {
  let now = 1_000_000;
  const l = new FailureLimiter(max, windowMs, () => now);
  return { l, advance: (ms: number) => (now += ms) };
}

describe('the sign-in failure limiter', () => {
  it('when a key has fewer failures than the limit, it may try now', () => {
    const { l } = limiter();
    l.fail('a');
    l.fail('a');
    expect(l.retryAfter('a')).toBe(0);
  });

  it('when a key reaches the limit, it waits until the window ends, in whole seconds', () => {
    const { l, advance } = limiter(3, 60_000);
    for (let i = 0; i < 3; i++) l.fail('a');
    expect(l.retryAfter('a')).toBe(60);
    advance(20_500);
    expect(l.retryAfter('a')).toBe(40);
  });

  it('when the window has passed, the key may try again and counts from zero', () => {
    const { l, advance } = limiter(3, 60_000);
    for (let i = 0; i < 3; i++) l.fail('a');
    advance(60_000);
    expect(l.retryAfter('a')).toBe(0);
    l.fail('a');
    expect(l.retryAfter('a')).toBe(0);
  });

  it('the window runs from the first failure, not the last', () => {
    const { l, advance } = limiter(2, 60_000);
    l.fail('a');
    advance(50_000);
    l.fail('a');
    expect(l.retryAfter('a')).toBe(10);
  });

  it('when one key is locked, another is not', () => {
    const { l } = limiter(1);
    l.fail('a');
    expect(l.retryAfter('a')).toBeGreaterThan(0);
    expect(l.retryAfter('b')).toBe(0);
  });

  it('when a key is reset, it may try at once', () => {
    const { l } = limiter(1);
    l.fail('a');
    expect(l.retryAfter('a')).toBe(60);
    l.reset('a');
    expect(l.retryAfter('a')).toBe(0);
  });
});
