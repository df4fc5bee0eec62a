import { describe, expect, it } from 'vitest';
import { FreshReads } from '../../server/db/freshReads.js';

/** A read whose answer is the number of reads started so far, finishing when released. */
function reads() {
  let started = 0;
  const pending: (() => void)[] = [];
  const fresh = new FreshReads(async (_key: string) => {
    const n = ++started;
    await new Promise<void>((resolve) => pending.push(resolve));
    return n;
  });
  const release = async () => {
    await new Promise((r) => setImmediate(r));
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { fresh, release, started: () => started };
}

describe('FreshReads', () => {
  it('a caller gets a read that started after it asked; callers during a read share the next one', async () => {
    const { fresh, release, started } = reads();
    const first = fresh.get('k');
    const during = [fresh.get('k'), fresh.get('k'), fresh.get('k')];
    expect(started()).toBe(1);
    await release();
    expect(await first).toBe(1);
    // The three that asked while read 1 ran get read 2, not read 1's older answer.
    await release();
    expect(await Promise.all(during)).toEqual([2, 2, 2]);
    expect(started()).toBe(2);
  });

  it('keys are read apart, and a failed read fails only its callers', async () => {
    let n = 0;
    const fresh = new FreshReads(async (key: string) => {
      n++;
      if (key === 'bad') throw new Error('boom');
      return `${key}${n}`;
    });
    await expect(fresh.get('bad')).rejects.toThrow('boom');
    expect(await Promise.all([fresh.get('a'), fresh.get('b')])).toEqual(['a2', 'b3']);
    expect(await fresh.get('a')).toBe('a4');
  });
});
