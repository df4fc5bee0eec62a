import { describe, expect, it } from 'vitest';
import { stateOfFailure, stateOfView, tokenOf, wallClockOf } from '../../web/src/confirm/state.js';

// What the villagers' confirmation page says, from the server's answers.

const view = (o: Partial<Parameters<typeof stateOfView>[0]> = {}) => ({ status: 'scheduled', open: false, confirmed: false, opensAt: '2026-11-20T18:30:00.000+08:00', ...o });
const at = (iso: string) => Date.parse(iso);

describe('the confirmation page’s state', () => {
  it('is open when the server takes confirmations now', () => {
    expect(stateOfView(view({ open: true }), at('2026-11-20T19:00:00+08:00'))).toBe('open');
  });

  it('is not yet open before the window and closed after it', () => {
    expect(stateOfView(view(), at('2026-11-20T18:29:59+08:00'))).toBe('notYet');
    expect(stateOfView(view(), at('2026-11-21T19:30:01+08:00'))).toBe('closed');
  });

  it('says this phone has confirmed before anything else, and a cancelled screening takes none', () => {
    expect(stateOfView(view({ open: true, confirmed: true }), at('2026-11-20T19:00:00+08:00'))).toBe('confirmed');
    expect(stateOfView(view({ status: 'cancelled' }), at('2026-11-20T19:00:00+08:00'))).toBe('cancelled');
  });

  it('names a failure: no network, unknown link, too many tries; a 409 asks the server again', () => {
    expect(stateOfFailure(null)).toBe('offline');
    expect(stateOfFailure(404)).toBe('unknown');
    expect(stateOfFailure(429)).toBe('rateLimited');
    expect(stateOfFailure(409)).toBeNull();
    expect(stateOfFailure(500)).toBe('failed');
  });

  it('reads the token from /c/<token> and the county’s wall clock from the server’s time', () => {
    expect(tokenOf('/c/0123456789abcdef0123456789abcdef')).toBe('0123456789abcdef0123456789abcdef');
    expect(tokenOf('/c/abc/')).toBe('abc');
    expect(tokenOf('/c/')).toBeNull();
    expect(tokenOf('/report')).toBeNull();
    expect(wallClockOf('2026-11-20T19:30:00.000+08:00')).toEqual({ date: '2026-11-20', time: '19:30' });
  });
});
