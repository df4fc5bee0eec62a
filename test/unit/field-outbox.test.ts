import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox, refusal, type Keeper, type Outcome, type Queued } from '../../web/src/field/outbox.js';
import { Problem } from '../../web/src/shared/http.js';

// The phone page's one outbox (web/src/field/outbox.ts), which reports and evidence both use:
// what a refused send means, the order and the stop at a retry, the backoff, and what is kept.

type Item = Queued & { n: number };

class TestOutbox extends Outbox<Item> {
  answers = new Map<number, Outcome[]>();
  sent: number[] = [];
  protected sendable() {
    return this.items.filter((i) => i.state === 'waiting').sort((a, b) => a.n - b.n);
  }
  protected send(i: Item): Promise<Outcome> {
    this.sent.push(i.n);
    return Promise.resolve(this.answers.get(i.n)?.shift() ?? 'sent');
  }
}

const item = (n: number, over: Partial<Item> = {}): Item => ({ key: `k${n}`, n, state: 'waiting', madeAt: Date.now(), ...over });

function memoryKeeper(stored: Item[]) {
  const keeper = { stored, dropped: [] as Item[], put: vi.fn(), load: () => stored, drop: (gone: readonly Item[]) => void keeper.dropped.push(...gone) };
  return keeper satisfies Keeper<Item>;
}

let online = true;
beforeEach(() => {
  online = true;
  vi.useFakeTimers();
  vi.stubGlobal('addEventListener', () => undefined);
  vi.stubGlobal('navigator', {
    get onLine() {
      return online;
    },
  });
  vi.stubGlobal('window', globalThis);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the phone page’s outbox', () => {
  it('waits and tries again when there is no connection, the server is in trouble or a sign-in is needed; else fails for good with the server’s reason', () => {
    expect(refusal(new TypeError('Failed to fetch'), item(1))).toBe('retry');
    for (const status of [500, 503, 429]) expect(refusal(new Problem(status, {}), item(1))).toBe('retry');
    const signIn = item(1);
    expect(refusal(new Problem(401, {}), signIn)).toBe('retry');
    expect(signIn.reason).toBe('signIn');
    const refused = item(2);
    expect(refusal(new Problem(400, { detail: 'audience: too large' }), refused)).toBe('failed');
    expect(refused.reason).toBe('audience: too large');
  });

  it('sends in its user’s order, stops at a retry keeping the order, and tries again on a timer that backs off', async () => {
    const box = new TestOutbox(memoryKeeper([item(2), item(1), item(3)]), () => undefined);
    box.answers.set(2, ['retry', 'retry']);
    await box.flush();
    expect(box.sent).toEqual([1, 2]);
    expect(box.items.map((i) => [i.n, i.state])).toEqual([[2, 'waiting'], [1, 'sent'], [3, 'waiting']]);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(box.sent).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(1);
    expect(box.sent).toEqual([1, 2, 2]);
    await vi.advanceTimersByTimeAsync(4_999); // the second wait is longer
    expect(box.sent).toEqual([1, 2, 2]);
    await vi.advanceTimersByTimeAsync(1);
    await box.flush();
    expect(box.sent).toEqual([1, 2, 2, 2, 3]);
    expect(box.waiting()).toEqual([]);
  });

  it('sends nothing without a connection, and keeps every change', async () => {
    online = false;
    const keeper = memoryKeeper([item(1)]);
    const box = new TestOutbox(keeper, () => undefined);
    await box.flush();
    expect(box.sent).toEqual([]);
    online = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(box.sent).toEqual([1]);
    expect(keeper.put.mock.calls.map(([kept]) => (kept as Item).state)).toEqual(['sent']);
  });

  it('takes back what a closed page was sending, and forgets what went more than three days ago', async () => {
    const old = Date.now() - 4 * 86_400_000;
    const keeper = memoryKeeper([item(1, { state: 'sending' }), item(2, { state: 'sent', madeAt: old, sentAt: old }), item(3, { state: 'sent', sentAt: Date.now() })]);
    const box = new TestOutbox(keeper, () => undefined);
    await box.ready;
    expect(box.items.map((i) => [i.n, i.state])).toEqual([[1, 'waiting'], [3, 'sent']]);
    expect(keeper.dropped.map((i) => i.n)).toEqual([2]);
  });
});
