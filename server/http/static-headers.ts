import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * A middleware that sets the same headers on every response (helmet's, as configured), run once
 * at start on a stand-in response: the headers it set and removed are then set and removed on
 * each response in one step, instead of through its dozen nested middlewares (bench:load). Refuses
 * a middleware that does anything else — reads the request, sets a header by another method, or
 * does not call next() at once — so a configuration that makes headers per request (a CSP nonce)
 * fails at start rather than sending one request's headers to all.
 */
export function staticHeaders(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): RequestHandler {
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  const refuse = (what: string) => () => {
    throw new Error(`staticHeaders: the middleware used ${what}; its headers may differ per request`);
  };
  const res = new Proxy(
    {
      setHeader: (name: string, value: string | number | string[]) => {
        set.push([name, typeof value === 'number' ? String(value) : value]);
      },
      removeHeader: (name: string) => {
        removed.push(name);
      },
    },
    { get: (target, key) => (key in target ? target[key as keyof typeof target] : refuse(`res.${String(key)}`)()) },
  );
  const req = new Proxy({}, { get: (_t, key) => refuse(`req.${String(key)}`)() });
  let called = false;
  middleware(req as IncomingMessage, res as unknown as ServerResponse, (err) => {
    if (err) throw err;
    called = true;
  });
  if (!called) throw new Error('staticHeaders: the middleware did not call next() at once');
  return (_req: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of set) response.setHeader(name, value);
    for (const name of removed) response.removeHeader(name);
    next();
  };
}
