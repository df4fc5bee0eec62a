import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { perHeader } from '../../server/http/per-header.js';
import { langOf } from '../../server/http/language.js';

const req = (value?: string) => ({ headers: value === undefined ? {} : { 'accept-language': value }, get: () => value }) as unknown as Request;

/** A negotiation that counts its calls: the header's value, upper case. */
function counted(max?: number) {
  const calls: (string | undefined)[] = [];
  const negotiate = perHeader(
    'accept-language',
    (r) => {
      const v = r.headers['accept-language'] as string | undefined;
      calls.push(v);
      return v?.toUpperCase() ?? null;
    },
    max,
  );
  return { calls, negotiate };
}

describe('perHeader', () => {
  it('negotiates each value of the header once, an absent header included', () => {
    const { calls, negotiate } = counted();
    for (let i = 0; i < 3; i++) {
      expect(negotiate(req('zh-CN,zh;q=0.9'))).toBe('ZH-CN,ZH;Q=0.9');
      expect(negotiate(req('en'))).toBe('EN');
      expect(negotiate(req())).toBe(null);
    }
    expect(calls).toEqual(['zh-CN,zh;q=0.9', 'en', undefined]);
  });

  it('keeps at most max values, dropping the oldest', () => {
    const { calls, negotiate } = counted(2);
    negotiate(req('a'));
    negotiate(req('b'));
    negotiate(req('c')); // drops a
    negotiate(req('c'));
    negotiate(req('b'));
    negotiate(req('a'));
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('does not keep a value longer than any browser sends', () => {
    const { calls, negotiate } = counted();
    const long = 'x'.repeat(300);
    negotiate(req(long));
    negotiate(req(long));
    expect(calls).toEqual([long, long]);
  });

  it("gives the request's language as negotiateLang does, from the second request on too", () => {
    for (let i = 0; i < 2; i++) {
      expect(langOf(req('en;q=0.5, zh-TW'))).toBe('zh-CN');
      expect(langOf(req('fr, en-GB;q=0.8'))).toBe('en');
      expect(langOf(req())).toBe('en');
    }
  });
});
