import type { Request, RequestHandler } from 'express';
import { markEncoded } from '../http/compression.js';
import type { AnswerSpec } from './cache.js';
import type { Coverage } from './service.js';

/**
 * A route that sends the kept answer of the request's spec (./specs.ts) while it still holds, else
 * renders and keeps it — ETag, 304, gzip made once, so the app's compression leaves it alone:
 * `r.get(path, sends((req, query) => spec))` with `const sends = sendsKept(coverage)`; `query` is
 * req.query, read once (Express 5 parses the query string again at each read of req.query).
 */
export const sendsKept =
  (coverage: Coverage) =>
  (specOf: (req: Request, query: Request['query']) => AnswerSpec): RequestHandler =>
  (req, res) => {
    markEncoded(res);
    return coverage.cache.send(req, res, specOf(req, req.query));
  };
