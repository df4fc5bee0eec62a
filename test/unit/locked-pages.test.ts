import { describe, expect, it } from 'vitest';
import { stateOfView } from '../../web/src/confirm/state.js';
import { refusal, refusedAsLocked, type Queued } from '../../web/src/field/outbox.js';
import type { WithVerification } from '../../web/src/field/evidence-view.js';
import { sectionOf } from '../../web/src/field/sections.js';
import { cleanIds, lockedSkipped } from '../../web/src/review/state.js';
import { Problem } from '../../web/src/shared/http.js';
import { isLocked, lockedPeriodOf, PERIOD_LOCKED_TYPE } from '../../web/src/shared/period-lock.js';

// A signed-off month on the pages (issue 22), their pure parts: what the bulk accept sends, what a
// refusal of the phone's outbox means, where the phone puts such a screening, and what the
// villagers' page says.

const lockedProblem = () => new Problem(409, { type: PERIOD_LOCKED_TYPE, detail: 'The month 2026-11 of county 3 is signed off and locked', period: { countyId: 3, month: '2026-11' } });

describe('the period-locked refusal', () => {
  it('is told apart from any other 409 by its type, and names the period', () => {
    expect(lockedPeriodOf(lockedProblem())).toEqual({ countyId: 3, month: '2026-11' });
    expect(lockedPeriodOf(new Problem(409, { detail: 'already confirmed' }))).toBeNull();
    expect(lockedPeriodOf(new Problem(400, { type: PERIOD_LOCKED_TYPE }))).toBeNull();
    expect(lockedPeriodOf(new TypeError('Failed to fetch'))).toBeNull();
    expect([isLocked({ locked: true }), isLocked({ locked: false }), isLocked({})]).toEqual([true, false, false]);
  });
});

describe('the review page’s bulk accept', () => {
  const item = (id: number, locked: boolean, flags: { severity: string }[] = [], decision: string | null = null) => ({ id, locked, verification: { decision, flags } });
  it('never sends a screening of a locked month (the server would refuse them all) and says how many it left out', () => {
    const items = [item(1, false), item(2, true), item(3, true, [{ severity: 'critical' }]), item(4, false, [{ severity: 'warning' }]), item(5, true, [], 'accepted'), item(6, true)];
    expect(cleanIds(items)).toEqual([1, 4]);
    // Only those it would have taken: a critical or decided one is not "skipped".
    expect(lockedSkipped(items)).toBe(2);
    expect(lockedSkipped([item(1, false)])).toBe(0);
  });
});

describe('the phone’s outbox', () => {
  it('ends a period-locked refusal for good, marked so the page says it in its own words', () => {
    const i: Queued = { key: 'k', state: 'sending', madeAt: 0 };
    expect(refusal(lockedProblem(), i)).toBe('failed');
    expect(i.reason).toBe('locked:2026-11');
    expect(refusedAsLocked({ ...i, state: 'failed' })).toBe(true);
    const other: Queued = { key: 'o', state: 'sending', madeAt: 0 };
    expect(refusal(new Problem(409, { detail: 'the screening is scheduled' }), other)).toBe('failed');
    expect(refusedAsLocked({ ...other, state: 'failed' })).toBe(false);
  });

  it('puts a locked screening missing evidence nowhere: there is nothing left to add', () => {
    const s = { id: 1, startsAt: '2026-10-10T11:30:00.000Z', status: 'completed', verification: { state: 'unverified', decision: null, reason: null, flags: [] } } as unknown as WithVerification;
    const placing = { today: '2026-11-20', zone: 'Asia/Shanghai', reportWaiting: () => false };
    expect(sectionOf(s, placing)).toBe('needs');
    expect(sectionOf({ ...s, locked: true }, placing)).toBeNull();
  });
});

describe('the villagers’ page', () => {
  const view = { status: 'completed', open: false, confirmed: false, opensAt: '2026-11-30T18:30:00.000+08:00' };
  it('thanks the villager for a settled month, unless this phone confirmed or the screening was cancelled', () => {
    expect(stateOfView({ ...view, locked: true }, Date.parse('2026-12-01T09:00:00+08:00'))).toBe('settled');
    expect(stateOfView({ ...view, locked: true, confirmed: true }, 0)).toBe('confirmed');
    expect(stateOfView({ ...view, locked: true, status: 'cancelled' }, 0)).toBe('cancelled');
    expect(stateOfView({ ...view, locked: false }, Date.parse('2026-12-03T09:00:00+08:00'))).toBe('closed');
  });
});
