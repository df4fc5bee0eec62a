import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** The request id: the client's X-Request-Id when it is a plain token, else a new one; sent back. */
function requestId(req: Request, res: Response): string {
  const sent = req.headers['x-request-id'];
  const id = typeof sent === 'string' && /^[\w-]{1,64}$/.test(sent) ? sent : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Every request gets an id and `req.log`. At the info level each request is logged when it ends
 * (pino-http); above it no request line would be written, so the per-request logger is made only
 * when something is logged (an error), and the hot path pays nothing for logging.
 */
export function requestLog(logger: Logger) {
  if (logger.isLevelEnabled('info')) {
    return pinoHttp({
      logger,
      genReqId: requestId,
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url }) },
    });
  }
  // req.log is a getter on the requests' prototype (the app's), defined at its first request: a
  // property defined on each request would cost that request a slower shape (bench:load).
  const withLog = new WeakSet<object>();
  const children = new WeakMap<Request, Logger>();
  return (req: Request, res: Response, next: NextFunction) => {
    req.id = requestId(req, res);
    const proto = Object.getPrototypeOf(req) as object;
    if (!withLog.has(proto)) {
      withLog.add(proto);
      Object.defineProperty(proto, 'log', {
        configurable: true,
        get(this: Request) {
          let child = children.get(this);
          if (!child) children.set(this, (child = logger.child({ reqId: this.id })));
          return child;
        },
      });
    }
    next();
  };
}
