import type { Request } from 'express';

// A negotiation (Accept-Encoding, Accept-Language, Accept) depends on one request header, and the
// clients of a deployment send a handful of distinct values for it: each value is parsed once and
// its answer kept, instead of parsing the same string on every request (bench:load).

/** Values longer than this are negotiated afresh each time, not kept (nobody's browser sends one). */
const MAX_VALUE_LENGTH = 256;

/**
 * `negotiate(req)`, kept per raw value of the request header `name` (lower case) — for a
 * `negotiate` that reads nothing else of the request. At most `max` values are kept; the oldest goes first.
 */
export function perHeader<T>(name: string, negotiate: (req: Request) => T, max = 64): (req: Request) => T {
  const kept = new Map<string | undefined, T>();
  return (req) => {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    const known = kept.get(value);
    if (known !== undefined || kept.has(value)) return known as T;
    const answer = negotiate(req);
    if (value === undefined || value.length <= MAX_VALUE_LENGTH) {
      if (kept.size >= max) kept.delete(kept.keys().next().value);
      kept.set(value, answer);
    }
    return answer;
  };
}
