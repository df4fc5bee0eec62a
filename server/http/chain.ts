import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** One request's way through a chain: which handler is next. */
class Run {
  private i = 0;
  /** The next() each handler is given (a bound method: no closure made and named per request). */
  readonly step: (err?: unknown) => void;

  constructor(
    private readonly handlers: RequestHandler[],
    private readonly req: Request,
    private readonly res: Response,
    private readonly done: NextFunction,
  ) {
    this.step = this.advance.bind(this);
  }

  advance(err?: unknown): void {
    // next('route') from a handler of app.use goes on to the mount's next handler, as in Express.
    if (err && err !== 'route') return this.done(err);
    const handler = this.handlers[this.i++];
    if (!handler) return this.done();
    try {
      const result: unknown = handler(this.req, this.res, this.step);
      if (result instanceof Promise) result.then(undefined, (e: unknown) => this.done(e ?? new Error('Rejected promise')));
    } catch (e) {
      this.done(e);
    }
  }
}

/**
 * Handlers run one after another as one: `app.use(mount, chain(a, b, router))` does what
 * `app.use(mount, a, b, router)` does — each handler's next() calls the one after it, an error
 * (thrown, passed to next, or a rejected promise) goes to the app's error handlers — but the app's
 * router walks one layer for the mount instead of one per handler: every request passes the API's
 * twenty-odd mounts before it reaches its own (bench:load).
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => new Run(handlers, req, res, next).advance();
}
