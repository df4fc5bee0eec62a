import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Handlers run one after another as one: `app.use(mount, chain(a, b, router))` does what
 * `app.use(mount, a, b, router)` does — each handler's next() calls the one after it, an error
 * (thrown, passed to next, or a rejected promise) goes to the app's error handlers — but the app's
 * router walks one layer for the mount instead of one per handler: every request passes the API's
 * twenty-odd mounts before it reaches its own (bench:load).
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    let i = 0;
    const step = (err?: unknown) => {
      // next('route') from a handler of app.use goes on to the mount's next handler, as in Express.
      if (err && err !== 'route') return next(err);
      const handler = handlers[i++];
      if (!handler) return next();
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.then(undefined, (e: unknown) => next(e ?? new Error('Rejected promise')));
      } catch (e) {
        next(e);
      }
    };
    step();
  };
}
