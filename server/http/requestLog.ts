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
  return (req: Request, res: Response, next: NextFunction) => {
    const id = requestId(req, res);
    req.id = id;
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, get: () => (child ??= logger.child({ reqId: id })) });
    next();
  };
}
